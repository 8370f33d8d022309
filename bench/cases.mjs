// The workloads, the options and one (peer, workload) case: shared by bench/run.mjs (one node)
// and bench/cluster-run.mjs (several nodes).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { peerResult, runPeerProcess } from './peer-process.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

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

/** The command line options of bench/run.mjs and bench/cluster-run.mjs. */
export function parseCli(argv) {
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

export const median = (values) => {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * The command of one (peer, workload) process. `target`: how the peer reaches the cluster,
 * `['--port', P]` or `['--addresses', 'h:p,h:p,...']`; `peer.args` are added after it.
 */
export function peerCommand(peer, workload, opts, setup, target) {
  const args = [
    '--workload', workload.id, ...target, ...(peer.args ?? []), '--concurrency', String(workload.concurrency),
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

/** Runs one (peer, workload) process; `onSpawn(child)` sees it start (to kill it on a signal). */
export async function runCase(peer, workload, opts, setup, { target, onSpawn }) {
  const base = { peer: peer.id, peerLabel: peer.label, workload: workload.id };
  const reason = peer.na?.[workload.id];
  if (reason) return { ...base, status: 'n/a', reason };
  const [cmd, args] = peerCommand(peer, workload, opts, setup, target);
  const timeoutMs = workload.query ? opts.warmupMs + opts.maxMs * 3 + 120_000 : opts.warmupMs + opts.runs * opts.runMs + 60_000;
  const t0 = performance.now();
  const { code, stdout, stderr } = await runPeerProcess(cmd, args, { cwd: root, timeoutMs, onSpawn });
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
export function mergePasses(passCases, workload) {
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

/** Each case's figures over those of the `reference` peer on the same workload. */
export function addRatios(cases, reference = 'ignite-client') {
  for (const c of cases) {
    const ref = cases.find((x) => x.workload === c.workload && x.peer === reference && x.status === 'ok');
    if (c.status !== 'ok' || !ref) continue;
    c.ratio = {
      opsPerSec: c.median.opsPerSec / ref.median.opsPerSec,
      p50Ms: c.median.p50Ms / ref.median.p50Ms,
      p99Ms: c.median.p99Ms / ref.median.p99Ms,
      rssPeakMb: c.rssPeakMb / ref.rssPeakMb,
    };
  }
}

export function fmtCase(c, unit) {
  if (c.status === 'n/a') return 'n/a';
  if (c.status === 'error') return `ERROR: ${String(c.error).split('\n')[0]}`;
  const m = c.median;
  return `${Math.round(m.opsPerSec).toLocaleString('en-US')} ${unit}, p50 ${m.p50Ms.toFixed(3)} ms, p99 ${m.p99Ms.toFixed(3)} ms, RSS ${c.rssPeakMb.toFixed(0)} MB (${c.wallSeconds.toFixed(1)} s)`;
}

/**
 * Each workload in passes, the peers in forward order, then reversed, and so on: whoever runs
 * first on a workload meets the node least warmed on that path, so no peer is always first.
 * `runOne(peer, workload)` runs one case; returns the merged cases, or undefined once `aborted()`.
 */
export async function runPasses({ workloads, peers, opts, runOne, aborted, log }) {
  const cases = [];
  for (const workload of workloads) {
    const passes = new Map(peers.map((p) => [p.id, []]));
    for (let pass = 0; pass < opts.passes; pass++) {
      const order = pass % 2 === 0 ? peers : [...peers].reverse();
      for (const peer of order) {
        if (aborted()) return undefined;
        const c = await runOne(peer, workload);
        if (aborted()) return undefined;
        passes.get(peer.id).push(c);
        log(`${workload.id.padEnd(6)} ${peer.id.padEnd(21)} ${opts.passes > 1 ? `pass ${pass + 1}: ` : ''}${fmtCase(c, workload.unit)}`);
        if (c.status === 'error' && c.error) console.error(String(c.error).split('\n').map((l) => `         ${l}`).join('\n'));
      }
    }
    for (const peer of peers) cases.push(mergePasses(passes.get(peer.id), workload));
  }
  return cases;
}

/** The machine, for the results' stamp. */
export function machineInfo(os, loadAverageAtStart) {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart,
  };
}

/** The nodes' Ignite version (SYS.NODES), or the server build's. */
export async function igniteVersion(client) {
  try {
    const rows = await client.sql('SELECT VERSION FROM SYS.NODES').toArray();
    if (rows[0]?.[0]) return String(rows[0][0]);
  } catch {
    // fall back to the server build's version
  }
  return /<ignite.version>([^<]+)</.exec(readFileSync(path.join(root, 'server', 'pom.xml'), 'utf8'))?.[1] ?? 'unknown';
}
