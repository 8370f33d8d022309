import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameDecoder } from '../../../src/connection/frame-decoder.js';
import { ParseError } from '../../../src/errors.js';

function frame(body: number[]): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32LE(body.length, 0);
  Buffer.from(body).copy(out, 4);
  return out;
}

function collect(decoder: FrameDecoder, chunks: Buffer[]): string[] {
  const frames: string[] = [];
  for (const chunk of chunks) decoder.push(chunk, (f) => frames.push(f.toString('hex')));
  return frames;
}

test('several frames in one chunk come out as views of that chunk', () => {
  const chunk = Buffer.concat([frame([1, 2]), frame([3]), frame([4, 5, 6])]);
  const views: Buffer[] = [];
  new FrameDecoder(1024).push(chunk, (f) => views.push(f));
  assert.deepEqual(views.map((v) => v.toString('hex')), ['0102', '03', '040506']);
  assert.equal(views[0]!.buffer, chunk.buffer, 'no copy for a frame inside one chunk');
});

test('a stream split at every possible point yields the same frames', () => {
  const stream = Buffer.concat([frame([1, 2, 3, 4, 5]), frame([6]), frame([7, 8, 9])]);
  for (let size = 1; size <= stream.length; size++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
    assert.deepEqual(collect(new FrameDecoder(1024), chunks), ['0102030405', '06', '070809'], `chunk size ${size}`);
  }
});

test('reports how much of an incomplete frame it holds', () => {
  const decoder = new FrameDecoder(1024);
  decoder.push(frame([1, 2, 3, 4]).subarray(0, 6), () => assert.fail('no frame yet'));
  assert.equal(decoder.partialBytes, 6);
  assert.equal(decoder.partialFrameLength, 4);
  const header = new FrameDecoder(1024);
  header.push(Buffer.from([4, 0]), () => assert.fail('no frame yet'));
  assert.equal(header.partialBytes, 2);
  assert.equal(header.partialFrameLength, undefined);
});

test('a zero, negative or oversized length is a ParseError', () => {
  assert.throws(() => new FrameDecoder(1024).push(Buffer.from([0, 0, 0, 0]), () => {}), ParseError);
  assert.throws(() => new FrameDecoder(1024).push(Buffer.from([0xff, 0xff, 0xff, 0xff]), () => {}), ParseError);
  assert.throws(
    () => new FrameDecoder(1024).push(Buffer.from([0x01, 0x04, 0, 0]), () => {}),
    (err: unknown) => err instanceof ParseError && /1025 bytes exceeds the limit of 1024/.test(err.message),
  );
});
