// Two clients in one process do not see each other's types: each reads objects into the class it
// wrote or registered itself, and a client that bound neither of two different declarations of a
// type name reads generic objects, not whichever was declared last.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type Cache, ComplexObject, complexType, IgniteClient, T } from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

const typeName = `org.igniteclient.test.Isolated${randomUUID().slice(0, 8)}`;
// Two modules, or two applications in one process, declare the same type name differently.
const Small = complexType(typeName, { x: T.int });
const Large = complexType(typeName, { x: T.int, label: T.string });

let first: IgniteClient;
let second: IgniteClient;
let name: string;
before(async () => {
  first = await connectTestClient();
  second = await connectTestClient();
  name = uniqueName('isolation');
  await first.createCache(name);
});
after(async () => {
  await first?.destroyCache(name);
  await first?.close();
  await second?.close();
});

test('each client reads into the class it wrote; a third that bound neither reads generic objects', async () => {
  const a: Cache<string, unknown> = first.cache(name);
  const b: Cache<string, unknown> = second.cache(name);
  await a.put('small', new Small({ x: 1 }));
  await b.put('large', new Large({ x: 2, label: 'two' }));

  const seenByFirst = await a.get('large');
  assert.ok(seenByFirst instanceof Small, 'the first client reads into its own class');
  assert.equal((seenByFirst as InstanceType<typeof Small>).x, 2);
  const seenBySecond = await b.get('small');
  assert.ok(seenBySecond instanceof Large, 'the second client reads into its own class');
  assert.equal((seenBySecond as InstanceType<typeof Large>).x, 1);

  await using third = await connectTestClient();
  const generic = await third.cache<string, unknown>(name).get('large');
  assert.ok(generic instanceof ComplexObject);
  assert.ok(!(generic instanceof Small) && !(generic instanceof Large), 'not the latest declaration, which is another client\'s');
  assert.deepEqual({ ...(generic as unknown as Record<string, unknown>) }, { x: 2, label: 'two' });
});

test('a type declared once in the process is read into its class by any client', async () => {
  const Only = complexType(`${typeName}.Only`, { n: T.long });
  await first.cache<string, unknown>(name).put('only', new Only({ n: 5n }));
  await using fresh = await connectTestClient();
  const value = await fresh.cache<string, unknown>(name).get('only');
  assert.ok(value instanceof Only);
  assert.equal(value.n, 5);
});
