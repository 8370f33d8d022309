// Reference peer: no client at all. Hand-built frames on a bare socket, answers matched by request
// id and not decoded beyond what the harness checks (a get's string, a getAll's entry count, a scan
// page's row count). What it measures is the floor any Node.js client can reach on this machine:
// the node, the kernel's loopback and Node's socket, with none of a client's own work.
//
// Protocol 1.6.0 (no feature bitmask) is enough for these operations; frames as in
// ../shared/protocol: request = length i32, op i16, request id i64, payload; response = length i32,
// request id i64, flags i16 (bit 0: error, bit 1: topology version i64 + i32 follows), payload.
import net from 'node:net';
import { runPeer } from './harness.mjs';

const OP_GET = 1000;
const OP_PUT = 1001;
const OP_GET_ALL = 1003;
const OP_PUT_ALL = 1004;
const OP_SCAN = 2000;
const OP_SCAN_PAGE = 2001;
const TYPE_LONG = 4;
const TYPE_STRING = 9;
const TYPE_NULL = 101;

/** Java's String.hashCode, the cache id of a cache name. */
const cacheIdOf = (name) => {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(31, h) + name.charCodeAt(i)) | 0;
  return h;
};
const CACHE_ID = cacheIdOf('bench');

let socket;
// Request ids stay below 2^31: written as the low word of the i64, the high word 0.
let nextId = 1;
const pending = new Map();
let queued = [];
let flushScheduled = false;
/** The unfinished frame carried over from the previous chunk, if any. */
let carry;

function flush() {
  flushScheduled = false;
  if (queued.length === 0) return;
  const frames = queued;
  queued = [];
  socket.write(frames.length === 1 ? frames[0] : Buffer.concat(frames));
}

/** Sends a frame whose payload `fill(buffer, offset)` writes; resolves with the response payload. */
function request(op, payloadBytes, fill) {
  const frame = Buffer.allocUnsafe(14 + payloadBytes);
  frame.writeInt32LE(10 + payloadBytes, 0);
  frame.writeInt16LE(op, 4);
  const id = nextId++;
  frame.writeInt32LE(id, 6);
  frame.writeInt32LE(0, 10);
  fill(frame, 14);
  queued.push(frame);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function onData(chunk) {
  // Whole frames are answered straight from the chunk; only a frame cut by the chunk's end is copied.
  const data = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
  carry = undefined;
  let at = 0;
  while (data.length - at >= 4) {
    const len = data.readInt32LE(at);
    if (data.length - at - 4 < len) break;
    const id = data.readInt32LE(at + 4);
    const flags = data.readInt16LE(at + 12);
    // flag 2: the affinity topology changed, its version (i64 + i32) precedes the payload
    const payload = data.subarray(at + (flags & 2 ? 26 : 14), at + 4 + len);
    const p = pending.get(id);
    pending.delete(id);
    if (flags & 1) p.reject(new Error(`server error status ${payload.readInt32LE(0)}`));
    else p.resolve(payload);
    at += 4 + len;
  }
  if (at < data.length) carry = data.subarray(at);
}

function connect(port) {
  return new Promise((resolve, reject) => {
    socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('error', reject);
    socket.once('connect', () => {
      const hs = Buffer.alloc(12);
      hs.writeInt32LE(8, 0);
      hs.writeInt8(1, 4); // handshake
      hs.writeInt16LE(1, 5);
      hs.writeInt16LE(6, 7);
      hs.writeInt16LE(0, 9);
      hs.writeInt8(2, 11); // thin client
      socket.write(hs);
      socket.once('data', (d) => {
        if (d.length < 5 || d.readInt8(4) !== 1) return reject(new Error('handshake refused'));
        socket.on('data', onData);
        resolve();
      });
    });
  });
}

const writeKey = (b, at, key) => {
  b.writeInt8(TYPE_LONG, at);
  // keys are below 2^31: the low word, then a zero high word
  b.writeInt32LE(key, at + 1);
  b.writeInt32LE(0, at + 5);
  return at + 9;
};
let valueBytes;
const writeValue = (b, at) => {
  b.writeInt8(TYPE_STRING, at);
  b.writeInt32LE(valueBytes.length, at + 1);
  valueBytes.copy(b, at + 5);
  return at + 5 + valueBytes.length;
};
const cacheHeader = (b, at) => {
  b.writeInt32LE(CACHE_ID, at);
  b.writeInt8(0, at + 4);
  return at + 5;
};

await runPeer({
  info: { name: 'raw-floor', version: 'n/a', runtime: `node ${process.version}`, protocol: '1.6.0' },
  connect,
  close: () => socket.destroy(),
  async get(key) {
    const p = await request(OP_GET, 5 + 9, (b, at) => writeKey(b, cacheHeader(b, at), key));
    return p[0] === TYPE_STRING ? p.latin1Slice(5, 5 + p.readInt32LE(1)) : null;
  },
  async put(key, value) {
    valueBytes ??= Buffer.from(value, 'latin1');
    await request(OP_PUT, 5 + 9 + 5 + valueBytes.length, (b, at) => writeValue(b, writeKey(b, cacheHeader(b, at), key)));
  },
  async getAll(keys) {
    const p = await request(OP_GET_ALL, 5 + 4 + 9 * keys.length, (b, at) => {
      at = cacheHeader(b, at);
      b.writeInt32LE(keys.length, at);
      at += 4;
      for (const k of keys) at = writeKey(b, at, k);
    });
    return p.readInt32LE(0);
  },
  async putAll(keys, value) {
    valueBytes ??= Buffer.from(value, 'latin1');
    await request(OP_PUT_ALL, 5 + 4 + (9 + 5 + valueBytes.length) * keys.length, (b, at) => {
      at = cacheHeader(b, at);
      b.writeInt32LE(keys.length, at);
      at += 4;
      for (const k of keys) at = writeValue(b, writeKey(b, at, k));
    });
  },
  async scan() {
    let p = await request(OP_SCAN, 5 + 1 + 4 + 4 + 1, (b, at) => {
      at = cacheHeader(b, at);
      b.writeInt8(TYPE_NULL, at);
      b.writeInt32LE(1024, at + 1);
      b.writeInt32LE(-1, at + 5);
      b.writeInt8(0, at + 9);
    });
    const cursor = p.readBigInt64LE(0);
    let rows = p.readInt32LE(8);
    while (p[p.length - 1] === 1) {
      const next = request(OP_SCAN_PAGE, 8, (b, at) => b.writeBigInt64LE(cursor, at));
      // Out now, not at the end of the turn: nothing else is waiting to go with it.
      flush();
      p = await next;
      rows += p.readInt32LE(0);
    }
    return rows;
  },
  async sql() {
    throw new Error('raw-floor: SQL is not measured (bench/run.mjs marks it n/a)');
  },
});
