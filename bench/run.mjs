#!/usr/bin/env node
// The benchmark: this client against every peer, on the same local Ignite node, in one run.
//
//   npm run bench                      (builds, then runs this file)
//   node bench/run.mjs [--quick] [--peers a,b] [--workloads get1,scan] [--node-warmup-ms N]
//                      [--passes N] [--warmup-ms N] [--runs N] [--run-ms N] [--max-ms N]
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
import { prepareData, warmNode } from './data.mjs';
import { peerResult, runPeerProcess } from './peer-process.mjs';
import { KEY_SPACE, SQL, SQL_LAZY, VALUE } from './peers/harness.mjs';
import { writeReports } from './report.mjs';
import { setupPeers } from './setup.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');

const CLUSTER = { name: 'bench', slot: 5, nodes: 1, heapMb: 1024 };
const PORT = 10850;

export const WORKLOADS = [
  { id: 'get1', label: 'get, 1 caller', concurrency: 1, unit: 'ops/s' },
  { id: 'put1', label: 'put, 1 caller', concurrency: 1, unit: 'ops/s' },
  { id: 'get64', label: 'get, 64 callers', concurrency: 64, unit: 'ops/s' },
  { id: 'put64', label: 'put, 64 callers', concurrency: 64, unit: 'ops/s' },
  { id: 'getAll', label: 'getAll of 100 entries', concurrency: 1, unit: 'ops/s' },
  { id: 'putAll', label: 'putAll of 100 entries', concurrency: 1, unit: 'ops/s' },
  { id: 'scan', label: 'scan of 100,000 entries', concurrency: 1, unit: 'rows/s', query: true },
  { id: 'sql', label: 'SQL select of 100,000 rows x 4 columns', short: 'SQL, 100,000 rows x 4 cols', concurrency: 1, unit: 'rows/s', query: true },
];

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

function parseCli(argv) {
  const o = { nodeWarmupMs: 10_000, warmupMs: 2000, passes: 2, runs: 3, runMs: 1500, maxMs: 20_000, peers: undefined, workloads: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') Object.assign(o, { quick: true, nodeWarmupMs: 2000, warmupMs: 500, passes: 1, runs: 3, runMs: 500, maxMs: 3000 });
    else if (a === '--peers' || a === '--workloads') o[a.slice(2)] = argv[++i].split(',');
    else if (a.startsWith('--')) o[a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = Number(argv[++i]);
    else throw new Error(`unexpected argument ${a}`);
  }
  return o;
}

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

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    aborted = true;
    log(`${signal}: stopping the benchmark node...`);
    cleanup().finally(() => process.exit(130));
  });
}

async function igniteVersion(client) {
  try {
    const rows = await client.sql('SELECT VERSION FROM SYS.NODES').toArray();
    if (rows[0]?.[0]) return String(rows[0][0]);
  } catch {
    // fall back to the server build's version
  }
  return /<ignite.version>([^<]+)</.exec(readFileSync(path.join(root, 'server', 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';
}

// ------------------------------------------------------------------ one (peer, workload) process

function peerCommand(peer, workload, opts, setup) {
  const args = [
    '--workload', workload.id, '--port', String(PORT), '--concurrency', String(workload.concurrency),
    '--warmup-ms', String(opts.warmupMs), '--runs', String(opts.runs), '--run-ms', String(opts.runMs), '--max-ms', String(opts.maxMs),
  ];
  switch (peer.kind) {
    case 'node':
      return ['node', [path.join(benchDir, peer.script), ...args]];
    case 'python':
      return [setup.venvPython, [path.join(benchDir, 'python', 'peer.py'), peer.mode, ...args]];
    case 'java':
      return ['java', [...setup.javaOpens, '-cp', setup.javaClasspath, 'bench.JavaPeer', peer.mode, ...args]];
    default:
      throw new Error(`unknown peer kind ${peer.kind}`);
  }
}

const median = (values) => {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function runCase(peer, workload, opts, setup) {
  const base = { peer: peer.id, peerLabel: peer.label, workload: workload.id };
  const reason = peer.na?.[workload.id];
  if (reason) return { ...base, status: 'n/a', reason };
  const [cmd, args] = peerCommand(peer, workload, opts, setup);
  const timeoutMs = workload.query ? opts.warmupMs + opts.maxMs * 3 + 120_000 : opts.warmupMs + opts.runs * opts.runMs + 60_000;
  const t0 = performance.now();
  const { code, stdout, stderr } = await runPeerProcess(cmd, args, { cwd: root, timeoutMs, onSpawn: (child) => (currentChild = child) });
  currentChild = undefined;
  const wallSeconds = (performance.now() - t0) / 1000;
  const out = peerResult(stdout);
  if (out === undefined) {
    return { ...base, status: 'error', error: `exit code ${code}, no JSON line; stderr: ${stderr.trim().split('\n').slice(-8).join('\n')}`, wallSeconds };
  }
  const rssPeakMb = out.rssPeakKb > 0 ? out.rssPeakKb / 1024 : NaN;
  // Node.js peers only (bench/peers/harness.mjs): connected, nothing of the workload done yet.
  const rssAtRestMb = out.rssAtRestKb > 0 ? out.rssAtRestKb / 1024 : undefined;
  if (!out.ok) return { ...base, status: 'error', error: out.error, client: out.client, rssPeakMb, wallSeconds };
  return {
    ...base,
    status: 'ok',
    client: out.client,
    runs: out.runs,
    median: {
      opsPerSec: median(out.runs.map((r) => r.opsPerSec)),
      p50Ms: median(out.runs.map((r) => r.p50Ms)),
      // for scan/SQL each run is one query: "p99" is the slowest run's query time
      p99Ms: workload.query ? Math.max(...out.runs.map((r) => r.p99Ms)) : median(out.runs.map((r) => r.p99Ms)),
    },
    rssPeakMb,
    ...(rssAtRestMb === undefined ? {} : { rssAtRestMb }),
    wallSeconds,
    stderrTail: stderr.trim() ? stderr.trim().split('\n').slice(-3).join('\n') : undefined,
  };
}

/** One case from its passes: every run of every pass, the medians over all of them. */
function mergePasses(passCases, workload) {
  const [first] = passCases;
  if (passCases.length === 1 || first.status === 'n/a') return first;
  const failed = passCases.find((c) => c.status !== 'ok');
  const wallSeconds = passCases.reduce((sum, c) => sum + (c.wallSeconds ?? 0), 0);
  if (failed) return { ...failed, wallSeconds };
  const runs = passCases.flatMap((c) => c.runs);
  return {
    ...first,
    runs,
    passes: passCases.map((c) => ({ median: c.median, rssPeakMb: c.rssPeakMb, wallSeconds: c.wallSeconds })),
    median: {
      opsPerSec: median(runs.map((r) => r.opsPerSec)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: workload.query ? Math.max(...runs.map((r) => r.p99Ms)) : median(runs.map((r) => r.p99Ms)),
    },
    rssPeakMb: Math.max(...passCases.map((c) => c.rssPeakMb)),
    ...(first.rssAtRestMb === undefined ? {} : { rssAtRestMb: Math.min(...passCases.map((c) => c.rssAtRestMb)) }),
    wallSeconds,
  };
}

function addRatios(cases) {
  for (const c of cases) {
    const ref = cases.find((x) => x.workload === c.workload && x.peer === 'ignite-client' && x.status === 'ok');
    if (c.status !== 'ok' || !ref) continue;
    c.ratio = {
      opsPerSec: c.median.opsPerSec / ref.median.opsPerSec,
      p50Ms: c.median.p50Ms / ref.median.p50Ms,
      p99Ms: c.median.p99Ms / ref.median.p99Ms,
      rssPeakMb: c.rssPeakMb / ref.rssPeakMb,
    };
  }
}

function fmtCase(c, unit) {
  if (c.status === 'n/a') return 'n/a';
  if (c.status === 'error') return `ERROR: ${String(c.error).split('\n')[0]}`;
  const m = c.median;
  return `${Math.round(m.opsPerSec).toLocaleString('en-US')} ${unit}, p50 ${m.p50Ms.toFixed(3)} ms, p99 ${m.p99Ms.toFixed(3)} ms, RSS ${c.rssPeakMb.toFixed(0)} MB (${c.wallSeconds.toFixed(1)} s)`;
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

  const cases = [];
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

  // Each workload in passes, the peers in forward order, then reversed, and so on: whoever runs
  // first on a workload meets the node least warmed on that path, so no peer is always first.
  for (const workload of workloads) {
    const passes = new Map(peers.map((p) => [p.id, []]));
    for (let pass = 0; pass < opts.passes; pass++) {
      const order = pass % 2 === 0 ? peers : [...peers].reverse();
      for (const peer of order) {
        if (aborted) return;
        const c = await runCase(peer, workload, opts, setup);
        if (aborted) return;
        passes.get(peer.id).push(c);
        log(`${workload.id.padEnd(6)} ${peer.id.padEnd(21)} ${opts.passes > 1 ? `pass ${pass + 1}: ` : ''}${fmtCase(c, workload.unit)}`);
        if (c.status === 'error' && c.error) console.error(String(c.error).split('\n').map((l) => `         ${l}`).join('\n'));
      }
    }
    for (const peer of peers) cases.push(mergePasses(passes.get(peer.id), workload));
  }
  addRatios(cases);

  await cleanup();

  const cpus = os.cpus();
  const results = {
    date: started.toISOString(),
    durationSeconds: Math.round((performance.now() - t0) / 1000),
    machine: {
      cores: cpus.length,
      cpuModel: cpus[0]?.model?.trim(),
      memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart,
    },
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

main()
  .catch(async (err) => {
    console.error(`[bench] failed: ${err?.stack ?? err}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
