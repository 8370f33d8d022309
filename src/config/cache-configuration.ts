import { NotSupportedError, ParameterError } from '../errors.js';

/**
 * A cache's configuration (pyignite's prop_codes, camelCased). This release carries the name;
 * the other properties of the public API arrive with cache configuration support.
 */
export interface CacheConfiguration {
  name: string;
}

/** A cache's configuration as the server reports it: every property present. */
export type CacheSettings = Required<CacheConfiguration>;

/** Property codes of the property form (ClientCacheConfigurationSerializer; reference §3.4). */
export const CacheProperty = {
  Name: 0,
} as const;

const SUPPORTED = new Set(['name']);

/** Checks a name-or-configuration argument and returns the configuration form. */
export function toCacheConfiguration(nameOrConfig: string | CacheConfiguration, path = 'cache'): CacheConfiguration {
  const config = typeof nameOrConfig === 'string' ? { name: nameOrConfig } : nameOrConfig;
  if (config === null || typeof config !== 'object') throw new ParameterError(`${path} must be a cache name or a CacheConfiguration`);
  checkCacheName(config.name, `${path}.name`);
  for (const key of Object.keys(config)) {
    if (!SUPPORTED.has(key) && (config as unknown as Record<string, unknown>)[key] !== undefined) {
      throw new NotSupportedError(`cache configuration property "${key}" is not supported by this version of ignite-client`);
    }
  }
  return config;
}

export function checkCacheName(name: unknown, path = 'name'): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new ParameterError(`${path} must be a non-empty string, got ${String(name)}`);
}
