#!/usr/bin/env node
// The benchmark: this client against every peer, on the same local Ignite node, in one run.
//
//   npm run bench                      (builds, then runs this file)
//   node bench/run.mjs [--quick] [--peers a,b] [--workloads get1,scan] [--node-warmup-ms N]
//                      [--passes N] [--warmup-ms N] [--runs N] [--run-ms N] [--max-ms N]
//   node bench/run.mjs --cluster 3 [...]   (three nodes: bench/cluster-run.mjs)
//
// Starts its own node (cluster "bench", slot 5, thin-client port 10850) and always stops it,
// installs the peers (bench/setup.mjs), prepares the data once with this client, warms the node,
// then runs every (workload, peer) pair in its own process, one after the other. Writes
// bench/results/latest.{json,md,svg}. See bench/README.md.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { IgniteClient } from 'ignite-client';
import { startCluster, stopCluster } from '../scripts/cluster.mjs';
import { WORKLOADS, addRatios, igniteVersion, machineInfo, parseCli, runCase, runPasses } from './cases.mjs';
import { prepareData, warmNode } from './data.mjs';
import { KEY_SPACE, SQL, SQL_LAZY, VALUE } from './peers/harness.mjs';
import { writeReports } from './report.mjs';
import { setupPeers } from './setup.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');

const CLUSTER = { name: 'bench', slot: 5, nodes: 1, heapMb: 1024 };
const PORT = 10850;

export { WORKLOADS };

const PY_SYNC_NA = 'a sync pyignite Client has one caller only (not thread-safe); see pyignite AioClient';
const JAVA_ASYNC_NA = 'the Java thin client has no async scan/SQL API (query() is sync only); see Java sync';

export const PEERS = [
  { id: 'ignite-client', label: 'ignite-client (this)', kind: 'node', script: 'peers/ignite-client.mjs' },
  { id: 'apache-ignite-client', label: 'apache-ignite-client (npm)', kind: 'node', script: 'peers/apache-ignite-client.mjs' },
  { id: 'pyignite-sync', label: 'pyignite Client (sync)', kind: 'python', mode: 'sync', na: { get64: PY_SYNC_NA, put64: PY_SYNC_NA } },
  { id: 'pyignite-async', label: 'pyignite AioClient (asyncio)', kind: 'python', mode: 'async' },
  { id: 'java-sync', label: 'Java thin client (sync)', kind: 'java', mode: 'sync' },
  { id: 'java-async', label: 'Java thin client (async)', kind: 'java', mode: 'async', na: { scan: JAVA_ASYNC_NA, sql: JAVA_ASYNC_NA } },
  // Not a client: hand-built frames on a bare socket, answers not decoded. What is left of a
  // client's time once its own work is gone: the node, the loopback and Node's socket.
  {
    id: 'raw-floor', label: 'floor: bare socket, no client', kind: 'node', script: 'peers/raw-floor.mjs', reference: true,
    na: { sql: 'the floor is measured on the scan: an SQL page costs the server more, not the transport' },
  },
];

const log = (msg) => console.error(`[bench] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ cleanup on every exit path

let clusterStarted = false;
let currentChild;
let stopping;
let aborted = false;
/** The node's start, awaited before stopping so that a node still starting is never left behind. */
let starting;

async function cleanup() {
  stopping ??= (async () => {
    if (currentChild && currentChild.exitCode === null) {
      try {
        process.kill(currentChild.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (clusterStarted) {
      await starting?.catch(() => {});
      clusterStarted = false;
      await stopCluster({ name: CLUSTER.name });
    }
  })();
  return stopping;
}

function onSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      aborted = true;
      log(`${signal}: stopping the benchmark node...`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

// ------------------------------------------------------------------ main

async function main() {
  const opts = parseCli(process.argv.slice(2));
  const started = new Date();
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const t0 = performance.now();
  const setup = setupPeers();
  const peers = PEERS.filter((p) => !opts.peers || opts.peers.includes(p.id) || p.id === 'ignite-client');
  const workloads = WORKLOADS.filter((w) => !opts.workloads || opts.workloads.includes(w.id));

  // A run killed with SIGKILL may have left its node behind: stop exactly that recorded cluster.
  await stopCluster({ name: CLUSTER.name, quiet: true });
  clusterStarted = true;
  starting = startCluster(CLUSTER);
  await starting;
  if (aborted) return;

  let ignite = 'unknown';
  {
    const client = await IgniteClient.connect({ nodes: [`127.0.0.1:${PORT}`] });
    try {
      ignite = await igniteVersion(client);
      await prepareData(client, log);
      await warmNode(client, opts.nodeWarmupMs, log);
    } finally {
      await client.close();
    }
  }
  await sleep(500);

  const target = ['--port', String(PORT)];
  const runOne = async (peer, workload) => {
    const c = await runCase(peer, workload, opts, setup, { target, onSpawn: (child) => (currentChild = child) });
    currentChild = undefined;
    return c;
  };
  const cases = await runPasses({ workloads, peers, opts, runOne, aborted: () => aborted, log });
  if (!cases) return;
  addRatios(cases);

  await cleanup();

  const results = {
    date: started.toISOString(),
    durationSeconds: Math.round((performance.now() - t0) / 1000),
    machine: machineInfo(os, loadAverageAtStart),
    versions: {
      ignite,
      node: setup.tools.node,
      java: setup.tools.java,
      javaRuntime: setup.tools.javaRuntime,
      python: setup.tools.python,
      'ignite-client': JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version,
      ...setup.libraries,
    },
    method: {
      nodeWarmupMs: opts.nodeWarmupMs,
      warmupMs: opts.warmupMs,
      passes: opts.passes,
      runs: opts.runs,
      runMs: opts.runMs,
      queryMaxMs: opts.maxMs,
      cluster: { ...CLUSTER, port: PORT },
      keySpace: KEY_SPACE,
      valueChars: VALUE.length,
      batch: 100,
      pageSize: 1024,
      sql: SQL,
      sqlLazy: SQL_LAZY,
    },
    workloads,
    peers: peers.map(({ id, label, na, reference }) => ({ id, label, na, ...(reference ? { reference } : {}) })),
    cases,
  };
  mkdirSync(resultsDir, { recursive: true });
  // Only a whole run with the default timings replaces the figures the README shows.
  const wholeRun = !opts.quick && !opts.peers && !opts.workloads;
  writeReports(results, resultsDir, { readme: wholeRun });
  log(`done in ${results.durationSeconds} s: bench/results/latest.json, latest.md, latest.svg`);
}

if (process.argv.includes('--cluster')) {
  // Several nodes: a run of its own, with its own cluster, peers and results.
  const { main: clusterMain } = await import('./cluster-run.mjs');
  await clusterMain(process.argv.slice(2));
} else {
  onSignals();
  main()
    .catch(async (err) => {
      console.error(`[bench] failed: ${err?.stack ?? err}`);
      process.exitCode = 1;
    })
    .finally(() => cleanup());
}
