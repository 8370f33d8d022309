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
