// The value codec (values.ts) and complex objects (complex.ts) need each other; these slots,
// filled by values.ts when it loads, break the import cycle without top-level work in it.
import type { BinaryObject } from './complex.js';

export const codecHooks: {
  /** Decodes one field of a binary object at `position` (nested objects stay binary). */
  readField: (object: BinaryObject, position: number) => unknown;
  /** Builds the object of its class from a binary object. */
  deserialize: (object: BinaryObject) => object;
} = {
  readField: () => {
    throw new Error('the value codec is not loaded');
  },
  deserialize: () => {
    throw new Error('the value codec is not loaded');
  },
};
