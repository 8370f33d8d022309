#!/usr/bin/env node
// Where a workload's time goes: for each Node.js peer (this client, apache-ignite-client and the
// bare-socket floor), the wall time per operation split into the client process's CPU (user and
// kernel), the node's CPU, and, from a V8 CPU profile of the measured runs, whose code the
// client's CPU was spent in (this client, Node.js internals, GC, native code).
//
//   npm run bench:profile                       (builds, then runs this file)
//   node bench/profile.mjs [--workloads get1,getAll] [--peers ignite-client,raw-floor]
//                          [--node-warmup-ms N] [--warmup-ms N] [--runs N] [--run-ms N]
//
// Starts its own node (cluster "bench-profile", slot 6, port 10860) and always stops it. Writes
// bench/results/profile.json and one .cpuprofile per (peer, workload) under bench/results/profiles/
// (open one in Chrome DevTools' Performance panel or speedscope.app for a flame graph).
// The profiler's sampling costs time: figures here are somewhat slower than `npm run bench`'s.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IgniteClient } from 'ignite-client';
import { readState, startCluster, stopCluster } from '../scripts/cluster.mjs';
import { prepareData, warmNode } from './data.mjs';
import { peerResult, runPeerProcess } from './peer-process.mjs';
import { ensureNodePeer } from './setup.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const resultsDir = path.join(benchDir, 'results');
const profilesDir = path.join(resultsDir, 'profiles');

const CLUSTER = { name: 'bench-profile', slot: 6, nodes: 1, heapMb: 1024 };
const CLOCK_TICK_US = 10_000; // USER_HZ = 100 on Linux: /proc/<pid>/stat counts 10 ms ticks

const WORKLOADS = {
  get1: 1, put1: 1, get64: 64, put64: 64, getAll: 1, putAll: 1, scan: 1, sql: 1,
};
const PEERS = {
  'ignite-client': { script: 'peers/ignite-client.mjs', library: '/dist/' },
  'apache-ignite-client': { script: 'peers/apache-ignite-client.mjs', library: '/node_modules/apache-ignite-client/' },
  'raw-floor': { script: 'peers/raw-floor.mjs', library: '/bench/peers/raw-floor.mjs' },
};

function parseCli(argv) {
  const o = { workloads: ['get1', 'put1', 'getAll', 'putAll', 'get64', 'scan'], peers: ['ignite-client', 'raw-floor', 'apache-ignite-client'], nodeWarmupMs: 10_000, warmupMs: 2000, runs: 3, runMs: 2000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--peers' || a === '--workloads') o[a.slice(2)] = argv[++i].split(',');
    else if (a.startsWith('--')) o[a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = Number(argv[++i]);
    else throw new Error(`unexpected argument ${a}`);
  }
  for (const w of o.workloads) if (!(w in WORKLOADS)) throw new Error(`unknown workload ${w} (one of ${Object.keys(WORKLOADS).join(', ')})`);
  for (const p of o.peers) if (!(p in PEERS)) throw new Error(`unknown peer ${p} (one of ${Object.keys(PEERS).join(', ')})`);
  return o;
}

const log = (msg) => console.error(`[profile] ${msg}`);

/** utime + stime of every thread of a process, in µs. */
function processCpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name, in parentheses, may hold spaces: count fields after its closing one
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
}

/**
 * Runs one peer, with `--profile FILE` when given a file; the node's CPU time is read when the
 * peer marks the start and the end of its measured runs.
 */
async function runPeer(peerId, workload, port, nodePid, opts, profileFile) {
  const args = [
    path.join(benchDir, PEERS[peerId].script), '--workload', workload, '--port', String(port), '--concurrency', String(WORKLOADS[workload]),
    '--warmup-ms', String(opts.warmupMs), '--runs', String(opts.runs), '--run-ms', String(opts.runMs), '--max-ms', String(opts.runs * 20_000),
    ...(profileFile ? ['--profile', profileFile] : []),
  ];
  let nodeCpuStart;
  let nodeCpuUs;
  const onStderr = (stderr) => {
    if (nodeCpuStart === undefined && stderr.includes('measure-start\n')) nodeCpuStart = processCpuUs(nodePid);
    if (nodeCpuUs === undefined && stderr.includes('measure-end\n')) nodeCpuUs = processCpuUs(nodePid) - nodeCpuStart;
  };
  const timeoutMs = opts.warmupMs + opts.runs * (opts.runMs + 20_000) + 60_000;
  const { code, stdout, stderr } = await runPeerProcess('node', args, { cwd: root, timeoutMs, onStderr });
  const out = peerResult(stdout) ?? { ok: false, error: `exit code ${code}; ${stderr.trim().split('\n').slice(-5).join('\n')}` };
  return { ...out, nodeCpuUs };
}

/**
 * Self time of a V8 CPU profile by owner. Native functions (no URL) count for the JavaScript that
 * called them, so a socket write made by Node's net module is Node.js internals, a string decoded
 * by Buffer's native code on this client's behalf is this client.
 */
function profileShares(profile, library) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ownerCache = new Map();
  const ownerOf = (id) => {
    if (ownerCache.has(id)) return ownerCache.get(id);
    const { functionName, url } = byId.get(id).callFrame;
    let owner;
    if (functionName === '(garbage collector)') owner = 'GC';
    else if (functionName === '(idle)') owner = 'idle';
    else if (functionName === '(program)') owner = 'native, outside JavaScript';
    else if (functionName === '(root)') owner = 'other';
    else if (url.includes(library)) owner = 'client';
    else if (url.includes('/bench/')) owner = 'harness';
    else if (url.startsWith('node:') || url === '' && !parent.has(id)) owner = 'Node.js internals';
    else if (url === '') owner = ownerOf(parent.get(id));
    else owner = 'other';
    ownerCache.set(id, owner);
    return owner;
  };
  const us = {};
  const { samples, timeDeltas } = profile;
  // timeDeltas[i + 1] is the time from sample i to the next: the time sample i stands for
  for (let i = 0; i < samples.length; i++) {
    const owner = ownerOf(samples[i]);
    us[owner] = (us[owner] ?? 0) + (timeDeltas[i + 1] ?? 0);
  }
  return us;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping the profiling node...`);
    stopCluster({ name: CLUSTER.name, quiet: true }).finally(() => process.exit(130));
  });
}

const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-');

async function main() {
  const opts = parseCli(process.argv.slice(2));
  ensureNodePeer();
  mkdirSync(profilesDir, { recursive: true });
  await stopCluster({ name: CLUSTER.name, quiet: true });
  const results = { date: new Date().toISOString(), machine: { cores: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim() }, opts, cases: [] };
  try {
    await startCluster(CLUSTER);
    const { port, pid: nodePid } = readState(CLUSTER.name).nodes[0];
    {
      const client = await IgniteClient.connect({ nodes: [`127.0.0.1:${port}`] });
      try {
        await prepareData(client, log);
        await warmNode(client, opts.nodeWarmupMs, log);
      } finally {
        await client.close();
      }
    }
    for (const workload of opts.workloads) {
      for (const peer of opts.peers) {
        // Two runs: one plain, for the times (the profiler's sampling slows a process down), one
        // profiled, for whose code the main thread ran.
        const plain = await runPeer(peer, workload, port, nodePid, opts);
        const profileFile = path.join(profilesDir, `${workload}-${peer}.cpuprofile`);
        const profiled = plain.ok ? await runPeer(peer, workload, port, nodePid, opts, profileFile) : plain;
        if (!plain.ok || !profiled.ok) {
          const error = plain.ok ? profiled.error : plain.error;
          log(`${workload} ${peer}: ${error}`);
          results.cases.push({ workload, peer, error });
          continue;
        }
        const ops = plain.runs.reduce((s, r) => s + r.ops, 0);
        const perOp = (totalUs) => totalUs / ops;
        const shares = profileShares(JSON.parse(readFileSync(profileFile, 'utf8')), PEERS[peer].library);
        const busyUs = Object.entries(shares).reduce((sum, [k, v]) => (k === 'idle' ? sum : sum + v), 0);
        const c = {
          workload, peer, ops, seconds: plain.cpu.seconds,
          opsPerSec: ops / plain.cpu.seconds,
          usPerOp: {
            wall: perOp(plain.cpu.seconds * 1e6),
            clientUser: perOp(plain.cpu.userMs * 1000),
            clientKernel: perOp(plain.cpu.systemMs * 1000),
            node: perOp(plain.nodeCpuUs),
          },
          // shares of the main thread's busy (not idle) samples in the profiled run
          mainThreadBusyShare: Object.fromEntries(Object.entries(shares).filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / busyUs])),
          profiledOpsPerSec: profiled.runs.reduce((s, r) => s + r.ops, 0) / profiled.cpu.seconds,
          profile: path.relative(root, profileFile),
        };
        results.cases.push(c);
        const u = c.usPerOp;
        const unit = workload === 'scan' || workload === 'sql' ? 'row' : 'op';
        const owners = Object.entries(c.mainThreadBusyShare).map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`).join(', ');
        console.log(`${workload.padEnd(6)} ${peer.padEnd(21)} ${Math.round(c.opsPerSec).toLocaleString('en-US').padStart(9)} ${unit}s/s  ` +
          `wall ${fmt(u.wall, 2)} µs/${unit} = client CPU ${fmt(u.clientUser + u.clientKernel, 2)} (user ${fmt(u.clientUser, 2)}, kernel ${fmt(u.clientKernel, 2)}) | node CPU ${fmt(u.node, 2)} | cores busy ${fmt((u.clientUser + u.clientKernel + u.node) / u.wall, 2)} of ${results.machine.cores}`);
        console.log(`${''.padEnd(29)}main thread's busy samples: ${owners}`);
      }
    }
  } finally {
    await stopCluster({ name: CLUSTER.name, quiet: true });
  }
  writeFileSync(path.join(resultsDir, 'profile.json'), JSON.stringify(results, null, 2) + '\n');
  log('wrote bench/results/profile.json and bench/results/profiles/*.cpuprofile');
}

main().catch((err) => {
  console.error(`[profile] failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
