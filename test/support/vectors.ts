import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface JavaVector {
  cache: string;
  key: unknown;
  keyClass: string;
  javaClass: string;
  repr: unknown;
  wireHex: string;
  keyWireHex?: string;
}

// Compiled tests live in build/test/support; the vectors stay in the source tree.
const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '..', '..', '..', 'test', 'vectors', 'vectors-java-thin-2.17.0.jsonl');

export const javaVectors: JavaVector[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as JavaVector);

export function javaVector(key: string): JavaVector {
  const found = javaVectors.find((v) => v.key === key);
  if (found === undefined) throw new Error(`no Java vector named ${key}`);
  return found;
}

/** How Ignite's BinaryBasicIdMapper lower-cases and hashes names on Java 17 (test/vectors/java/IdVectors.java). */
export interface IdVectors {
  /** Every BMP unit Java lower-cases to another unit: unit → lower case. */
  lower: Map<number, number>;
  names: Array<{ name: string; typeId: number; fieldId: number }>;
}

export function idVectors(): IdVectors {
  const lines = readFileSync(path.resolve(here, '..', '..', '..', 'test', 'vectors', 'ids-java-2.17.0.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as { unit?: string; lower?: string; name?: string; typeId?: number; fieldId?: number });
  const lower = new Map<number, number>();
  const names: IdVectors['names'] = [];
  for (const line of lines) {
    if (line.unit !== undefined) lower.set(parseInt(line.unit, 16), parseInt(line.lower!, 16));
    else if (line.name !== undefined) names.push({ name: line.name, typeId: line.typeId!, fieldId: line.fieldId! });
  }
  return { lower, names };
}
