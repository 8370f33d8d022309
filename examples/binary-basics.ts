// Complex objects, the basics: the TypeScript port of pyignite's examples/binary_basics.py.
// A complex type has a name and an ordered schema of typed fields, like a Java class.
import { complexType, IgniteClient, T } from 'ignite-client';

const Person = complexType('Person', {
  first_name: T.string,
  last_name: T.string,
  age: T.int,
});

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const personCache = await client.getOrCreateCache<number, InstanceType<typeof Person>>('person');

// Writing an object registers its type with the cluster.
await personCache.put(1, new Person({ first_name: 'Ivan', last_name: 'Ivanov', age: 33 }));

const person = await personCache.get(1);
console.log(person?.constructor.name);
// Person

console.log(person instanceof Person);
// true: objects of a declared type read back into its class

console.log(person);
// Person { first_name: 'Ivan', last_name: 'Ivanov', age: 33 }

// Register explicitly to read objects of a type before this client has written one.
await client.binary.registerType(Person);

await personCache.destroy();
