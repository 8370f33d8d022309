// Elapsed-time assertions that hold on a busy two-core machine, where the tests, the client and
// the Ignite JVMs share the CPU and a timer can fire hundreds of milliseconds late. A bound says
// "promptly, not a hang": the expected time plus this slack (IGNITE_TEST_SLACK_MS to change it).
import assert from 'node:assert/strict';

export const SCHEDULING_SLACK_MS = Number(process.env.IGNITE_TEST_SLACK_MS ?? 1500);

/** `elapsedMs` is at most `expectedMs` plus the scheduling slack. */
export function assertPromptly(elapsedMs: number, expectedMs: number, what: string): void {
  assert.ok(
    elapsedMs <= expectedMs + SCHEDULING_SLACK_MS,
    `${what}: took ${elapsedMs} ms, expected about ${expectedMs} ms (allowing ${SCHEDULING_SLACK_MS} ms of scheduling delay)`,
  );
}
