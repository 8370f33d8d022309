/** Reconnection delays per node: `initialDelayMs` doubling up to `maxDelayMs`. */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before the next attempt after `failures` failed ones in a row (1 = the first failure).
 * "Equal jitter": half the delay fixed, half random, so that many clients that lost the same node
 * at the same moment do not come back in lockstep, and no wait is ever shorter than half its step.
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { initialDelayMs, maxDelayMs } = options;
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const step = Math.min(maxDelayMs, initialDelayMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}
