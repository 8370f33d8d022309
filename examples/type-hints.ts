// Type hints: the TypeScript port of pyignite's examples/type_hints.py.
// A hint says which Ignite type a JavaScript value is written as; the same JavaScript value
// written as two different Ignite types makes two different keys.
import { IgniteClient, T, typed } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const myCache = await client.getOrCreateCache<string, number>('my cache');

await myCache.put('my key', 42);
// value 42 takes 9 bytes of memory as a Long

await myCache.put('my key', 42, { valueHint: T.short });
// value 42 takes only 3 bytes as a Short

await myCache.put('a', 1);
// 'a' is a key of type String

await myCache.put('a', 2, { keyHint: T.char });
// another key 'a' of type Char was created

let value = await myCache.get('a');
console.log(value); // 1

value = await myCache.get('a', { keyHint: T.char });
console.log(value); // 2

// now let us delete both keys at once
await myCache.removeKeys([
  'a', // a default type key
  typed('a', T.char), // a key of type Char
]);

console.log(await myCache.size()); // 1: only 'my key' is left

await myCache.destroy();
