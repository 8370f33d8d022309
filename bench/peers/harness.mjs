// The measuring loop shared by the two Node.js peers (this client and apache-ignite-client), so both
// are timed by exactly the same code. bench/python/peer.py and bench/java/.../JavaPeer.java do the
// same thing, step for step.
//
// A peer is started as `node <peer>.mjs --workload W --port P --concurrency C --warmup-ms M
// --runs R --run-ms D --max-ms X`, and prints ONE JSON line on stdout. Against several nodes
// (bench/cluster-run.mjs): `--addresses 127.0.0.1:P1,127.0.0.1:P2,...` instead of `--port`, and
// `--partition-aware true|false` (the peers that know it: this client, the Java thin client).
// The line:
//   { ok: true, runs: [{ ops, seconds, opsPerSec, p50Ms, p99Ms, rows? }], rssPeakKb, client: {...} }
// or { ok: false, error }. Everything else goes to stderr.

import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

/** The 100-character string every peer writes and expects to read. */
export const VALUE = 'abcdefghij'.repeat(10);
/** Keys 0 .. KEY_SPACE-1 exist in cache `bench` (prepared by bench/run.mjs). */
export const KEY_SPACE = 100_000;
export const BATCH = 100;
export const PAGE_SIZE = 1024;
export const SQL = 'SELECT id, a, b, c FROM bench_sql';
/**
 * Every peer sends the SELECT with lazy = true, so that the server does the same work for all:
 * the Java client's default (SqlFieldsQuery.DFLT_LAZY = true), while this client, pyignite and
 * apache-ignite-client default to false, which makes the server build the whole result before
 * the first page.
 */
export const SQL_LAZY = true;

/** The key of the i-th operation: a fixed stride through the key space, the same in every peer. */
export const keyOf = (i) => (i * 7919) % KEY_SPACE;
/** The first key of the i-th batch (batches never wrap: KEY_SPACE is a multiple of BATCH). */
export const batchStart = (i) => ((i * BATCH) % KEY_SPACE);

export function parseArgs(argv) {
  const opts = { workload: 'get1', port: 10850, concurrency: 1, warmupMs: 2000, runs: 5, runMs: 1500, maxMs: 20000, profile: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const value = argv[i + 1];
    if (key === 'workload' || key === 'profile') opts[key] = value;
    else if (key === 'addresses') opts[key] = value.split(',');
    else if (key === 'partitionAware') opts[key] = value === 'true';
    else opts[key] = Number(value);
  }
  return opts;
}

/** A memory figure of this process from /proc/self/status, in kB, or `fallbackKb()` without /proc. */
function statusKb(field, fallbackKb) {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc
  }
  return fallbackKb();
}

/** The resident set now, in kB. */
export const rssKb = () => statusKb('VmRSS', () => Math.round(process.memoryUsage.rss() / 1024));

/** The largest resident set so far, in kB. */
export const peakRssKb = () => statusKb('VmHWM', () => Math.round(process.resourceUsage().maxRSS));

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * `concurrency` callers, each awaiting its own operation before starting the next, for `ms`
 * milliseconds. Caller w performs operations w, w+C, w+2C, ... Latency is per operation.
 */
async function timedOps(op, concurrency, ms, record) {
  const latencies = [];
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  const caller = async (w) => {
    for (let i = w; performance.now() < end; i += concurrency) {
      const t0 = performance.now();
      await op(i);
      if (record) latencies.push(performance.now() - t0);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => caller(w)));
  const seconds = (performance.now() - start) / 1000;
  if (!record) return undefined;
  const sorted = Float64Array.from(latencies).sort();
  return { ops, seconds, opsPerSec: ops / seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/** One whole query; the result row count must be KEY_SPACE. */
async function timedQuery(query) {
  const t0 = performance.now();
  const rows = await query();
  const seconds = (performance.now() - t0) / 1000;
  if (rows !== KEY_SPACE) throw new Error(`query returned ${rows} rows, expected ${KEY_SPACE}`);
  return { ops: rows, rows, seconds, opsPerSec: rows / seconds, p50Ms: seconds * 1000, p99Ms: seconds * 1000 };
}

/**
 * Runs one workload against an adapter:
 *   { connect(port, { addresses?, partitionAware? }), close(), get(key), put(key, value), getAll(keys) -> count, putAll(keys, value),
 *     scan() -> row count, sql() -> row count, info, multiNode? }
 * `multiNode: true`: the adapter connects to `addresses` with `partitionAware` when given; any
 * other adapter refuses them rather than quietly connecting to `port`.
 */
export async function runPeer(adapter) {
  const opts = parseArgs(process.argv.slice(2));
  let result;
  try {
    if ((opts.addresses || opts.partitionAware !== undefined) && !adapter.multiNode) {
      throw new Error(`${adapter.info?.name ?? 'this peer'} takes --port only, not --addresses or --partition-aware`);
    }
    await adapter.connect(opts.port, { addresses: opts.addresses, partitionAware: opts.partitionAware });
    try {
      result = await measure(adapter, opts);
    } finally {
      await adapter.close();
    }
    result = { ok: true, ...result, rssPeakKb: peakRssKb(), client: adapter.info };
  } catch (err) {
    result = { ok: false, error: String(err?.stack ?? err).split('\n').slice(0, 6).join('\n'), rssPeakKb: peakRssKb(), client: adapter.info };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  // Some clients keep sockets or timers alive after close.
  setTimeout(() => process.exit(0), 50).unref();
}

async function measure(adapter, opts) {
  // Sanity: the prepared data is there and reads back as the same 100-character string.
  const probe = await adapter.get(keyOf(1));
  if (probe !== VALUE) throw new Error(`get(${keyOf(1)}) returned ${JSON.stringify(probe)?.slice(0, 40)}, expected the 100-character value`);
  // At rest: connected, one answer read, nothing of the workload done yet.
  const rssAtRestKb = rssKb();

  const keysOf = (i) => Array.from({ length: BATCH }, (_, j) => batchStart(i) + j);
  const checkedGetAll = async (i) => {
    const n = await adapter.getAll(keysOf(i));
    if (n !== BATCH) throw new Error(`getAll returned ${n} entries, expected ${BATCH}`);
  };
  const ops = {
    get: (i) => adapter.get(keyOf(i)),
    put: (i) => adapter.put(keyOf(i), VALUE),
    getAll: checkedGetAll,
    putAll: (i) => adapter.putAll(keysOf(i), VALUE),
  };
  const w = opts.workload;
  const runs = [];
  if (w === 'scan' || w === 'sql') {
    const query = w === 'scan' ? () => adapter.scan() : () => adapter.sql();
    // Warm-up: at least one whole query, more while within warmupMs.
    const warmEnd = performance.now() + opts.warmupMs;
    do await timedQuery(query); while (performance.now() < warmEnd);
    const measured = await measuredWindow(opts);
    const end = performance.now() + opts.maxMs;
    for (let r = 0; r < opts.runs; r++) {
      runs.push(await timedQuery(query));
      if (performance.now() > end && r >= 2) break;
    }
    return { runs, cpu: await measured.end(), rssAtRestKb };
  }
  const base = w.replace(/\d+$/, '');
  const op = ops[base];
  if (!op) throw new Error(`unknown workload ${w}`);
  await timedOps(op, opts.concurrency, opts.warmupMs, false);
  const measured = await measuredWindow(opts);
  for (let r = 0; r < opts.runs; r++) runs.push(await timedOps(op, opts.concurrency, opts.runMs, true));
  return { runs, cpu: await measured.end(), rssAtRestKb };
}

/**
 * The measured runs, after the warm-up: this process's CPU time over them and, with `--profile
 * FILE`, a V8 CPU profile of just them. The lines `measure-start`/`measure-end` on stderr let
 * bench/profile.mjs read the node's CPU time over the same window.
 */
async function measuredWindow(opts) {
  let session;
  if (opts.profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  process.stderr.write('measure-start\n');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    async end() {
      const cpu = process.cpuUsage(cpu0);
      const seconds = (performance.now() - t0) / 1000;
      process.stderr.write('measure-end\n');
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(opts.profile, JSON.stringify(profile));
        session.disconnect();
      }
      return { seconds, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 };
    },
  };
}
