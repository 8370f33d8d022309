#!/usr/bin/env node
// Runs the whole test suite: starts a local Ignite cluster (slot 1, ports 10810+), runs every
// compiled test file with node's test runner, and stops the cluster whatever happens.
// Integration tests find the nodes in IGNITE_TEST_NODES. Arguments are passed to `node --test`
// (for example a single file: node scripts/run-tests.mjs build/test/integration/cache.test.js).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, stopCluster } from './cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLUSTER = { name: 'test', slot: 1, nodes: 1 };

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return testFiles(full);
      return entry.endsWith('.test.js') ? [full] : [];
    });
}

let stopping;
const stop = () => (stopping ??= stopCluster({ name: CLUSTER.name, quiet: true }));

async function main() {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args : testFiles(path.join(root, 'build', 'test'));
  if (files.length === 0) {
    console.error('no compiled tests under build/test: run `npm test` (it builds first)');
    return 1;
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => stop().finally(() => process.exit(130)));
  }
  const cluster = await startCluster(CLUSTER);
  try {
    const nodes = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
    const child = spawn(process.execPath, [
      // Memory assertions measure the heap that is kept, after a collection (see queries.test.ts).
      '--expose-gc',
      '--test',
      `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts', 'summary-reporter.mjs')}`,
      '--test-reporter-destination=stdout',
      ...files,
    ], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, IGNITE_TEST_NODES: nodes, IGNITE_TEST_CLUSTER: CLUSTER.name },
    });
    return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`[test] ${err.stack ?? err}`);
    await stop();
    process.exit(1);
  },
);
