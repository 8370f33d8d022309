#!/usr/bin/env node
// The three-node benchmark: this client with partition awareness on and off, beside the Java thin
// client with partition awareness on, against the same nodes (issue 13).
//
//   npm run bench -- --cluster 3       (builds, then runs bench/run.mjs, which hands over to this file)
//   node bench/cluster-run.mjs [--cluster N] [--quick] [--peers a,b] [--workloads get64,getAll]
//                              [--node-warmup-ms N] [--passes N] [--warmup-ms N] [--runs N] [--run-ms N]
//
// Starts its own nodes (cluster "bench-cluster", slot 7, thin-client ports 10870.., 512 MB heap
// each) and always stops them; builds the Java peer if needed (bench/setup.mjs); prepares cache
// "bench" (PARTITIONED, 0 backups, Long keys 0..99,999) with this client, warms the nodes, then
// runs every (workload, peer) pair in its own process, in passes of alternating order, each peer
// given every node's address. Writes bench/results/cluster-latest.{json,md}. See bench/README.md.

import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CacheMode, IgniteClient } from 'ignite-client';
import { startCluster, stopCluster } from '../scripts/cluster.mjs';
import { WORKLOADS, addRatios, igniteVersion, machineInfo, parseCli, runCase, runPasses } from './cases.mjs';
import { prepareData, warmNode } from './data.mjs';
import { BATCH, KEY_SPACE, VALUE } from './peers/harness.mjs';
import { writeClusterReports } from './report.mjs';
import { ensureJavaPeer, java17Opens, toolVersions } from './setup.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');

/** Slot 7: tests use 1 to 4, `npm run bench` 5, `npm run bench:profile` 6, examples 0. */
const CLUSTER = { name: 'bench-cluster', slot: 7, heapMb: 512 };
const CACHE = { name: 'bench', cacheMode: CacheMode.Partitioned, backups: 0 };

export const CLUSTER_WORKLOADS = ['get64', 'put64', 'getAll', 'putAll'];

export const CLUSTER_PEERS = [
  { id: 'ignite-client', label: 'ignite-client (this), partition awareness on', kind: 'node', script: 'peers/ignite-client.mjs', args: ['--partition-aware', 'true'] },
  { id: 'ignite-client-no-pa', label: 'ignite-client (this), partition awareness off', kind: 'node', script: 'peers/ignite-client.mjs', args: ['--partition-aware', 'false'] },
  { id: 'java-async', label: 'Java thin client (async), partition awareness on', kind: 'java', mode: 'async', args: ['--partition-aware', 'true'] },
  { id: 'java-sync', label: 'Java thin client (sync), partition awareness on', kind: 'java', mode: 'sync', args: ['--partition-aware', 'true'] },
];

const log = (msg) => console.error(`[bench cluster] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ cleanup on every exit path

let clusterStarted = false;
let currentChild;
let stopping;
let aborted = false;
/** The nodes' start, awaited before stopping so that a node still starting is never left behind. */
let starting;

function cleanup() {
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
      log(`${signal}: stopping the benchmark nodes...`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

// ------------------------------------------------------------------ the data's placement

/**
 * How the cache's primary partitions are spread over the nodes (SYS.PARTITION_STATES): a map
 * from consistent id to partition count, or undefined if the view cannot be read.
 */
async function primaryPartitions(client) {
  try {
    const rows = await client.sql(
      'SELECT n.CONSISTENT_ID, COUNT(*) FROM SYS.PARTITION_STATES p JOIN SYS.NODES n ON p.NODE_ID = n.NODE_ID ' +
      'JOIN SYS.CACHES c ON p.CACHE_GROUP_ID = c.CACHE_GROUP_ID ' +
      "WHERE c.CACHE_NAME = 'bench' AND p.IS_PRIMARY = TRUE GROUP BY n.CONSISTENT_ID ORDER BY n.CONSISTENT_ID",
    ).toArray();
    return Object.fromEntries(rows.map(([id, count]) => [String(id), Number(count)]));
  } catch (err) {
    log(`cannot read SYS.PARTITION_STATES (${String(err?.message ?? err).split('\n')[0]}); placement not recorded`);
    return undefined;
  }
}

async function prepare(client, nodes, opts) {
  await prepareData(client, log, { cache: CACHE, sql: false });
  const settings = await client.cache('bench').configuration();
  if (settings.cacheMode !== CacheMode.Partitioned || settings.backups !== 0) {
    throw new Error(`cache bench is cacheMode ${settings.cacheMode}, backups ${settings.backups}; expected PARTITIONED (${CacheMode.Partitioned}) with 0 backups`);
  }
  const placement = await primaryPartitions(client);
  if (placement) {
    const owners = Object.keys(placement).length;
    log(`primary partitions of cache "bench" per node: ${Object.entries(placement).map(([id, n]) => `${id} ${n}`).join(', ')}`);
    if (owners !== nodes) throw new Error(`cache bench has primary partitions on ${owners} node(s), expected ${nodes}`);
  }
  await warmNode(client, opts.nodeWarmupMs, log, { queries: false });
  return { settings: { cacheMode: 'PARTITIONED', backups: settings.backups, partitions: placement && Object.values(placement).reduce((a, b) => a + b, 0) }, placement };
}

// ------------------------------------------------------------------ main

export async function main(argv = process.argv.slice(2)) {
  onSignals();
  try {
    await run(argv);
  } catch (err) {
    console.error(`[bench cluster] failed: ${err?.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

async function run(argv) {
  const opts = parseCli(argv);
  const nodes = opts.cluster ?? 3;
  if (!Number.isInteger(nodes) || nodes < 2 || nodes > 10) throw new Error(`--cluster needs a node count from 2 to 10, not ${opts.cluster}`);
  const workloadIds = opts.workloads ?? CLUSTER_WORKLOADS;
  for (const id of workloadIds) {
    const w = WORKLOADS.find((x) => x.id === id);
    if (!w || w.query) throw new Error(`--workloads: ${id} is not a key-value workload (the cluster run has get1, put1, get64, put64, getAll, putAll)`);
  }
  const workloads = WORKLOADS.filter((w) => workloadIds.includes(w.id));
  const peers = CLUSTER_PEERS.filter((p) => !opts.peers || opts.peers.includes(p.id) || p.id === 'ignite-client');

  const started = new Date();
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const t0 = performance.now();
  const java = ensureJavaPeer();
  const setup = { javaClasspath: java.classpath, javaOpens: java17Opens() };
  const tools = toolVersions();

  // A run killed with SIGKILL may have left its nodes behind: stop exactly that recorded cluster.
  await stopCluster({ name: CLUSTER.name, quiet: true });
  clusterStarted = true;
  // --owner-pid: the nodes also halt by themselves if this process dies without cleaning up.
  starting = startCluster({ ...CLUSTER, nodes, ownerPid: process.pid });
  const state = await starting;
  if (aborted) return;
  const addresses = state.nodes.map((n) => `${n.host}:${n.port}`);
  log(`${nodes} nodes up: ${addresses.join(', ')}`);

  let ignite = 'unknown';
  let data;
  {
    const client = await IgniteClient.connect({ nodes: addresses });
    try {
      ignite = await igniteVersion(client);
      data = await prepare(client, nodes, opts);
    } finally {
      await client.close();
    }
  }
  await sleep(500);

  const target = ['--addresses', addresses.join(',')];
  const runOne = async (peer, workload) => {
    const c = await runCase(peer, workload, opts, setup, { target, onSpawn: (child) => (currentChild = child) });
    currentChild = undefined;
    // The connections this client held: every node with partition awareness, one without.
    if (c.status === 'ok' && peer.kind === 'node') {
      const want = peer.id === 'ignite-client-no-pa' ? 1 : nodes;
      if (c.client?.connections !== want) log(`${peer.id} ${workload.id}: ${c.client?.connections} connection(s) open when measuring, expected ${want}`);
    }
    return c;
  };
  const cases = await runPasses({ workloads, peers, opts, runOne, aborted: () => aborted, log });
  if (!cases) return;
  addRatios(cases, 'ignite-client');

  await cleanup();

  const results = {
    date: started.toISOString(),
    durationSeconds: Math.round((performance.now() - t0) / 1000),
    machine: machineInfo(os, loadAverageAtStart),
    versions: {
      ignite,
      node: tools.node,
      java: tools.java,
      javaRuntime: tools.javaRuntime,
      'ignite-client': JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version,
      'ignite-core (Java thin client)': java.version,
    },
    method: {
      nodeWarmupMs: opts.nodeWarmupMs,
      warmupMs: opts.warmupMs,
      passes: opts.passes,
      runs: opts.runs,
      runMs: opts.runMs,
      cluster: { ...CLUSTER, nodes, addresses },
      cache: { name: CACHE.name, ...data.settings, primaryPartitionsPerNode: data.placement },
      keySpace: KEY_SPACE,
      valueChars: VALUE.length,
      batch: BATCH,
    },
    workloads,
    peers: peers.map(({ id, label }) => ({ id, label })),
    cases,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeClusterReports(results, resultsDir);
  log(`done in ${results.durationSeconds} s: bench/results/cluster-latest.json, cluster-latest.md`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
