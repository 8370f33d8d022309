import { ParameterError } from './errors.js';

/**
 * Refuses an options argument that is not an object, or that holds a name the method does not
 * know: a misspelt option (`valuehint`, `timeout`) is an error, never silently ignored.
 */
export function checkOptionNames(options: unknown, known: Iterable<string>, what: string): asserts options is object {
  if (options === null || typeof options !== 'object') throw new ParameterError(`${what} options must be an object`);
  const names = known instanceof Set ? (known as ReadonlySet<string>) : new Set(known);
  for (const name of Object.keys(options)) {
    if (!names.has(name)) throw new ParameterError(`unknown ${what} option "${name}" (known: ${[...names].join(', ')})`);
  }
}
