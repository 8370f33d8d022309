#!/usr/bin/env node
// Runs one compiled example against a local Ignite node: the one already answering on
// 127.0.0.1:10800 if there is one, otherwise a node started here and stopped afterwards.
//   node scripts/run-example.mjs examples/get-put.ts

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeHandshake, startCluster, stopCluster } from './cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? 'examples/get-put.ts';
const compiled = path.join(root, 'build', source.replace(/\.ts$/, '.js'));

let started = false;
let exitCode = 1;
try {
  if (!(await probeHandshake('127.0.0.1', 10800))) {
    await startCluster({ name: 'example', slot: 0, nodes: 1 });
    started = true;
  } else {
    console.error('[example] using the Ignite node already running on 127.0.0.1:10800');
  }
  const child = spawn(process.execPath, [compiled], { cwd: root, stdio: 'inherit', env: { ...process.env, IGNITE_NODES: '127.0.0.1:10800' } });
  exitCode = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
} catch (err) {
  console.error(`[example] ${err.message}`);
} finally {
  if (started) await stopCluster({ name: 'example' });
}
process.exit(exitCode);
