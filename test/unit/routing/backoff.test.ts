import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../../src/routing/backoff.js';

const options = { initialDelayMs: 100, maxDelayMs: 30_000 };

test('the step doubles from initialDelayMs and stops at maxDelayMs', () => {
  const top = (failures: number) => backoffDelay(failures, options, () => 1);
  assert.deepEqual([1, 2, 3, 4, 5].map(top), [100, 200, 400, 800, 1600]);
  assert.equal(top(9), 25_600);
  assert.equal(top(10), 30_000);
  assert.equal(top(1000), 30_000, 'no overflow after many failures');
});

test('jitter keeps every wait between half the step and the step', () => {
  assert.equal(backoffDelay(3, options, () => 0), 200);
  for (let i = 0; i < 1000; i++) {
    const d = backoffDelay(4, options);
    assert.ok(d >= 400 && d <= 800, String(d));
  }
  const spread = new Set(Array.from({ length: 200 }, () => backoffDelay(6, options)));
  assert.ok(spread.size > 50, 'waits are spread, not in lockstep');
});

test('zero or negative failure counts wait like the first', () => {
  assert.equal(backoffDelay(0, options, () => 1), 100);
});
