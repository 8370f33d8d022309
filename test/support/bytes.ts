import { BinaryReader } from '../../src/binary/reader.js';
import { type ReadOptions, readValue, writeValue } from '../../src/binary/values.js';
import { BinaryWriter } from '../../src/binary/writer.js';

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(text: string): Buffer {
  return Buffer.from(text.replace(/[\s|]/g, ''), 'hex');
}

/** The bytes writeValue produces for a value, as hex. */
export function encodeHex(value: unknown): string {
  const w = new BinaryWriter(8);
  writeValue(w, value, 'value');
  return hex(w.view());
}

/** Decodes one value from hex and checks that every byte was consumed. */
export function decodeHex(text: string, options?: ReadOptions): unknown {
  const r = new BinaryReader(fromHex(text));
  const value = readValue(r, options);
  if (r.remaining !== 0) throw new Error(`${r.remaining} byte(s) left after decoding ${text}`);
  return value;
}
