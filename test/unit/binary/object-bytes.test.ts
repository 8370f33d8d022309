// Walking and detaching complex objects as bytes. The objects are the Java thin client 2.17.0's
// own bytes, as the server stored them (test/interop/java: Interop write-objects, the 27 wrapper
// removed): Outer(home, Holder(7, home)) with the holder's place a handle back to home, and the
// Holder(7, Place("home")) Java writes when it is alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detachObject, forEachNestedObject, valueEnd } from '../../../src/binary/object-bytes.js';
import { ParseError } from '../../../src/errors.js';
import { fromHex, hex } from '../../support/bytes.js';
import { javaVectors } from '../../support/vectors.js';

const PLACE = '67012b002c25b15d830067ca220000005b84c575210000000904000000686f6d6518';
const OUTER = fromHex(
  '67012b00a06ca75d884f11f160000000e6ff51915e000000' + PLACE +
    '67012b002706fc4aec0f5a8524000000155a1848220000000307000000663f000000181d' + '183a',
);
const HOLDER_ALONE = '67012b002706fc4a39cf808b41000000155a18483f0000000307000000' + PLACE + '181d';
const HOLDER_AT = 24 + PLACE.length / 2;

describe('valueEnd', () => {
  test('every value the Java client writes (test/vectors) ends where its bytes end', () => {
    let checked = 0;
    for (const vector of javaVectors) {
      for (const wire of [vector.wireHex, vector.keyWireHex]) {
        if (wire === undefined) continue;
        const bytes = fromHex(wire);
        assert.equal(valueEnd(bytes, 0, bytes.length), bytes.length, `${vector.key}: ${wire}`);
        checked++;
      }
    }
    assert.ok(checked > 50);
  });

  test('a length that runs past the bytes is a ParseError', () => {
    assert.throws(() => valueEnd(fromHex('0905000000616263'), 0, 8), ParseError);
    assert.throws(() => valueEnd(fromHex('180200000001' + '0301000000'), 0, 11), ParseError);
  });
});

describe('detachObject', () => {
  test('a nested object with a handle to a sibling: the sibling is copied in, header, footer and hash written anew', () => {
    assert.equal(OUTER[HOLDER_AT], 103);
    const end = HOLDER_AT + OUTER.readInt32LE(HOLDER_AT + 12);
    assert.equal(hex(detachObject(OUTER, HOLDER_AT, end)), HOLDER_ALONE, 'the bytes Java writes for the Holder alone');
  });

  test('an object without handles outside it is copied as it is', () => {
    const bytes = fromHex(HOLDER_ALONE);
    const copy = detachObject(bytes, 0, bytes.length);
    assert.equal(hex(copy), HOLDER_ALONE);
    copy[0] = 0;
    assert.equal(bytes[0], 103, 'a copy, not a view of the frame');
    // The handle inside Outer points to home, inside Outer itself: nothing to resolve.
    assert.equal(hex(detachObject(OUTER, 0, OUTER.length)), hex(OUTER));
  });

  test('forEachNestedObject finds the objects in the fields, not the target of a handle twice', () => {
    const found: number[] = [];
    forEachNestedObject(OUTER, 0, OUTER.length, (at) => found.push(at));
    assert.deepStrictEqual(found, [24, HOLDER_AT]);
  });
});
