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
  for (const view of views) assert.equal(view.buffer, chunk.buffer, 'no copy for a frame inside one chunk');
});

test('a stream split at every possible point yields the same frames', () => {
  const stream = Buffer.concat([frame([1, 2, 3, 4, 5]), frame([6]), frame([7, 8, 9])]);
  for (let size = 1; size <= stream.length; size++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
    assert.deepEqual(collect(new FrameDecoder(1024), chunks), ['0102030405', '06', '070809'], `chunk size ${size}`);
  }
});

test('a stream cut at every pair of byte positions yields the same frames', () => {
  const bodies = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11], [12, 13, 14], Array.from({ length: 40 }, (_, i) => i)];
  const stream = Buffer.concat(bodies.map(frame));
  const expected = bodies.map((b) => Buffer.from(b).toString('hex'));
  for (let i = 0; i <= stream.length; i++) {
    for (let j = i; j <= stream.length; j++) {
      const chunks = [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)].filter((c) => c.length > 0);
      // Copies, as sockets deliver them: each chunk its own memory.
      assert.deepEqual(collect(new FrameDecoder(1024), chunks.map((c) => Buffer.from(c))), expected, `cut at ${i} and ${j}`);
    }
  }
});

test('a frame assembled from pieces has exactly its length and does not change when the chunks do', () => {
  const stream = frame(Array.from({ length: 100 }, (_, i) => i));
  const first = Buffer.from(stream.subarray(0, 30));
  const second = Buffer.from(stream.subarray(30));
  const decoder = new FrameDecoder(1024);
  decoder.push(first, () => assert.fail('no frame yet'));
  let out: Buffer | undefined;
  decoder.push(second, (f) => (out = f));
  assert.equal(out!.length, 100);
  first.fill(0xee);
  second.fill(0xee);
  assert.deepEqual([...out!], Array.from({ length: 100 }, (_, i) => i));
  assert.equal(decoder.partialBytes, 0);
  assert.equal(decoder.partialFrameLength, undefined);
});

test('reports how much of an incomplete frame it holds', () => {
  const decoder = new FrameDecoder(1024);
  decoder.push(frame([1, 2, 3, 4]).subarray(0, 6), () => assert.fail('no frame yet'));
  assert.equal(decoder.partialBytes, 6);
  assert.equal(decoder.partialFrameLength, 4);
  decoder.push(Buffer.from([3]), () => assert.fail('no frame yet'));
  assert.equal(decoder.partialBytes, 7);
  const header = new FrameDecoder(1024);
  header.push(Buffer.from([4, 0]), () => assert.fail('no frame yet'));
  assert.equal(header.partialBytes, 2);
  assert.equal(header.partialFrameLength, undefined);
  const headerOnly = new FrameDecoder(1024);
  headerOnly.push(Buffer.from([4, 0, 0, 0]), () => assert.fail('no frame yet'));
  assert.equal(headerOnly.partialBytes, 4);
  assert.equal(headerOnly.partialFrameLength, 4);
});

test('a huge length prefix allocates nothing up front: memory grows only with the bytes received', () => {
  const decoder = new FrameDecoder(1 << 30);
  const prefix = Buffer.alloc(4);
  prefix.writeInt32LE(500 * 1024 * 1024);
  global.gc?.();
  const before = process.memoryUsage();
  decoder.push(Buffer.concat([prefix, Buffer.from([1, 2, 3])]), () => assert.fail('no frame yet'));
  for (let i = 0; i < 16; i++) decoder.push(Buffer.alloc(64 * 1024, i), () => assert.fail('no frame yet'));
  const after = process.memoryUsage();
  assert.equal(decoder.partialFrameLength, 500 * 1024 * 1024);
  assert.equal(decoder.partialBytes, 4 + 3 + 16 * 64 * 1024);
  // 1 MiB received; a buffer of the announced size would be 500 MiB.
  const MiB = 1024 * 1024;
  assert.ok(after.arrayBuffers - before.arrayBuffers < 16 * MiB, `arrayBuffers grew by ${(after.arrayBuffers - before.arrayBuffers) / MiB} MiB`);
  assert.ok(after.rss - before.rss < 64 * MiB, `rss grew by ${(after.rss - before.rss) / MiB} MiB`);
});

test('a zero, negative or oversized length is a ParseError', () => {
  assert.throws(() => new FrameDecoder(1024).push(Buffer.from([0, 0, 0, 0]), () => {}), ParseError);
  assert.throws(() => new FrameDecoder(1024).push(Buffer.from([0xff, 0xff, 0xff, 0xff]), () => {}), ParseError);
  assert.throws(
    () => new FrameDecoder(1024).push(Buffer.from([0x01, 0x04, 0, 0]), () => {}),
    (err: unknown) => err instanceof ParseError && /1025 bytes exceeds the limit of 1024/.test(err.message),
  );
});
