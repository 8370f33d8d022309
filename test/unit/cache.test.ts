// Per-call options of Cache: a misspelt one (`valuehint`) is refused before anything is sent,
// with the unknown name and the known ones, rather than silently ignored (an ignored hint stores
// another Ignite type than asked).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T } from '../../src/binary/hints.js';
import { Cache, type CacheContext } from '../../src/cache.js';
import { ParameterError } from '../../src/errors.js';

function capturingCache(): { cache: Cache<string, number>; sent: number[] } {
  const sent: number[] = [];
  const context = {
    request: (opCode: number) => {
      sent.push(opCode);
      return Promise.resolve(undefined);
    },
    currentTransaction: () => undefined,
    readOptions: { longAsBigInt: false },
    binary: { registry: {} },
  } as unknown as CacheContext;
  return { cache: new Cache<string, number>(context, 'c'), sent };
}

const unknownOption = (method: string, name: string, known: string) => (err: unknown) =>
  err instanceof ParameterError && err.message === `unknown ${method} option "${name}" (known: ${known})`;

test('a misspelt hint option is a ParameterError naming it and the known ones; nothing is sent', async () => {
  const { cache, sent } = capturingCache();
  const options = { valuehint: T.int } as never;
  await assert.rejects(cache.get('k', options), unknownOption('get', 'valuehint', 'keyHint'));
  await assert.rejects(cache.put('k', 1, options), unknownOption('put', 'valuehint', 'keyHint, valueHint'));
  await assert.rejects(cache.getAndPutIfAbsent('k', 1, options), unknownOption('getAndPutIfAbsent', 'valuehint', 'keyHint, valueHint'));
  await assert.rejects(cache.getAll(['k'], options), unknownOption('getAll', 'valuehint', 'keyHint'));
  await assert.rejects(cache.containsKeys(['k', 'l'], options), unknownOption('containsKeys', 'valuehint', 'keyHint'));
  await assert.rejects(cache.putAll([['k', 1]], options), unknownOption('putAll', 'valuehint', 'keyHint, valueHint'));
  await assert.rejects(cache.replaceIfEquals('k', 1, 2, options), unknownOption('replaceIfEquals', 'valuehint', 'keyHint, sampleHint, valueHint'));
  await assert.rejects(cache.removeIfEquals('k', 1, { valueHint: T.int } as never), unknownOption('removeIfEquals', 'valueHint', 'keyHint, sampleHint'));
  await assert.rejects(cache.removeKey('k', { keyhint: T.int } as never), unknownOption('removeKey', 'keyhint', 'keyHint'));
  await assert.rejects(cache.size({ peekMode: 1 } as never), unknownOption('size', 'peekMode', 'peekModes'));
  assert.deepEqual(sent, []);
});

test('known options, and known ones left undefined, are accepted', async () => {
  const { cache, sent } = capturingCache();
  await cache.get('k', { keyHint: T.string });
  await cache.put('k', 1, { keyHint: undefined, valueHint: T.int });
  await cache.getAll(['k'], { keyHint: undefined });
  await cache.size({ peekModes: [] });
  assert.equal(sent.length, 4);
});
