// Writes bench/results/latest.{json,md,svg} from the results of bench/run.mjs, and
// bench/results/cluster-latest.{json,md} from those of bench/cluster-run.mjs.
//
//   node bench/report.mjs            re-renders latest.md, latest.svg and the README's table from latest.json
//   node bench/report.mjs --cluster  re-renders cluster-latest.md from cluster-latest.json

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#17becf', '#d62728', '#9467bd', '#8c564b', '#7f7f7f'];

const num = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
const ms = (v) => (!Number.isFinite(v) ? '-' : v >= 100 ? num(v, 0) : v >= 10 ? num(v, 1) : v >= 1 ? num(v, 2) : num(v, 3));
const plainRatio = (r) => (Number.isFinite(r) ? ` (${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x)` : '');
const ratioOf = (r, higherIsBetter) => {
  if (!Number.isFinite(r)) return '';
  const text = `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x`;
  // bold where the peer beats this client by more than 10 %
  const better = higherIsBetter ? r > 1.1 : r < 1 / 1.1;
  return better ? ` **(${text})**` : ` (${text})`;
};

function stamp(results) {
  const m = results.machine;
  const v = results.versions;
  return `${results.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; ` +
    `Ignite ${v.ignite}, Node.js ${v.node}, Java ${v.java}, Python ${v.python}`;
}

function peerVersion(results, peer) {
  const v = results.versions;
  if (peer.id === 'ignite-client' || peer.id.startsWith('ignite-client-')) return v['ignite-client'];
  if (peer.id === 'apache-ignite-client') return v['apache-ignite-client'];
  if (peer.id.startsWith('pyignite')) return v.pyignite;
  if (peer.id.startsWith('java')) return v['ignite-core (Java thin client)'];
  if (peer.reference) return `(protocol 1.6.0, Node.js ${v.node})`;
  return '';
}

/** The results table: a row per (workload, peer), ratios to this client in brackets. */
function renderTable(results) {
  const lines = [];
  lines.push('| workload | peer | throughput | p50 ms | p99 ms | peak RSS MB |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const w of results.workloads) {
    let first = true;
    for (const p of results.peers) {
      const c = results.cases.find((x) => x.workload === w.id && x.peer === p.id);
      if (!c) continue;
      const label = p.id === 'ignite-client' ? `**${p.label}**` : p.reference ? `_${p.label}_` : p.label;
      const wl = first ? `**${w.label}**` : '';
      first = false;
      if (c.status === 'n/a') {
        lines.push(`| ${wl} | ${label} | n/a: ${c.reason} | | | |`);
      } else if (c.status === 'error') {
        lines.push(`| ${wl} | ${label} | error: ${String(c.error).split('\n')[0].replace(/\|/g, '\\|').slice(0, 160)} | | | |`);
      } else {
        const r = c.ratio ?? {};
        // The floor is no competitor: its ratios say how far this client is from it, never in bold.
        const ratio = p.reference ? (v, _higherIsBetter) => plainRatio(v) : ratioOf;
        lines.push(`| ${wl} | ${label} | ${num(c.median.opsPerSec)} ${w.unit}${ratio(r.opsPerSec, true)} | ${ms(c.median.p50Ms)}${ratio(r.p50Ms, false)} | ` +
          `${ms(c.median.p99Ms)}${ratio(r.p99Ms, false)} | ${num(c.rssPeakMb)}${ratio(r.rssPeakMb, false)} |`);
      }
    }
  }
  return lines;
}

export function renderMarkdown(results) {
  const lines = [];
  const m = results.method;
  lines.push('# ignite-client benchmark: this client against every peer');
  lines.push('');
  lines.push(`Run: ${stamp(results)}. Whole run: ${results.durationSeconds} s.`);
  lines.push('');
  lines.push(`One local Ignite node (slot ${m.cluster.slot}, port ${m.cluster.port}, heap ${m.cluster.heapMb} MB) shared by the client and the server on this machine. ` +
    `Node warmed on every workload first. ` +
    ((m.passes ?? 1) > 1
      ? `Each workload runs in ${m.passes} passes, the peers in forward order and then reversed, each (peer, workload, pass) its own process: `
      : 'Each (peer, workload) is its own process: ') +
    `${m.warmupMs / 1000} s warm-up, then ${m.runs} runs of ${m.runMs / 1000} s ` +
    `(scan/SQL: one query per run, at least 3 runs, at most ${m.runs}, fewer once ${m.queryMaxMs / 1000} s have passed); figures are the median of ${(m.passes ?? 1) > 1 ? 'all runs of all passes' : 'the runs'}. ` +
    'Latency is per operation; for scan and SQL the throughput is rows/s, p50 the median whole-query time and p99 the slowest run\'s whole-query time. ' +
    'Peak RSS is the peer process\'s VmHWM. In brackets: the peer\'s figure divided by this client\'s in the same run (throughput: above 1 = the peer is faster; ' +
    'latency and RSS: above 1 = the peer is slower / bigger); **bold** where the peer beats this client by more than 10 %.' +
    (results.peers.some((p) => p.reference)
      ? ' _floor_ is no client: hand-built frames on a bare Node.js socket, answers not decoded (bench/peers/raw-floor.mjs); it is what remains once a client\'s own work is gone, the node plus the loopback.'
      : ''));
  lines.push('');
  lines.push('Peers: ' + results.peers.map((p) => `${p.label} ${peerVersion(results, p)}`).join('; ') + '.');
  lines.push('');
  lines.push(...renderTable(results));
  lines.push('');
  const errors = results.cases.filter((c) => c.status === 'error');
  if (errors.length) {
    lines.push('Errors:');
    lines.push('');
    for (const c of errors) lines.push(`- ${c.workload} / ${c.peer}: \`${String(c.error).split('\n').slice(0, 3).join(' | ')}\``);
    lines.push('');
  }
  lines.push(...renderTargets(results));
  lines.push('Versions: ' + Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(', ') + '.');
  lines.push('');
  return lines.join('\n');
}

const round2 = (v) => Math.round(v * 100) / 100;

/**
 * The performance targets (issue "Benchmarks against every peer"), checked against this run:
 * at least 2x apache-ignite-client and pyignite on every workload, at least the Java thin
 * client's throughput with 64 callers, single-caller p50 within 1.2x of Java's, and peak RSS while
 * scanning at most 2x the RSS at rest. Where 2x a peer is missed, the floor's figure over that
 * peer's says whether any Node.js client could reach it on this machine.
 */
export function checkTargets(results) {
  const caseOf = (w, p) => results.cases.find((c) => c.workload === w && c.peer === p && c.status === 'ok');
  const rows = [];
  for (const w of results.workloads) {
    const name = w.short ?? w.label;
    // `meets` judges a ratio as shown (two decimals), so that the verdict agrees with the figure;
    // the floor's ratio, measured the same way, says whether any Node.js client could meet it.
    const target = (what, ratio, meets, unit, floorRatio) => ({
      target: `${name}: ${what}`, met: meets(round2(ratio)), figure: `${ratio.toFixed(2)}${unit}`,
      ...(floorRatio === undefined ? {} : { floor: floorRatio, floorMet: meets(round2(floorRatio)) }),
    });
    const ours = caseOf(w.id, 'ignite-client');
    if (!ours) continue;
    const floor = caseOf(w.id, 'raw-floor');
    for (const peer of ['apache-ignite-client', 'pyignite-sync', 'pyignite-async']) {
      const c = caseOf(w.id, peer);
      if (!c) continue;
      rows.push(target(`at least 2x ${peer}`, ours.median.opsPerSec / c.median.opsPerSec, (r) => r >= 2, 'x', floor && floor.median.opsPerSec / c.median.opsPerSec));
    }
    const javas = ['java-sync', 'java-async'].map((p) => caseOf(w.id, p)).filter(Boolean);
    if (javas.length && w.concurrency > 1) {
      const best = Math.max(...javas.map((c) => c.median.opsPerSec));
      rows.push(target('at least the Java thin client\'s throughput', ours.median.opsPerSec / best, (r) => r >= 1, 'x the faster Java API', floor && floor.median.opsPerSec / best));
    }
    if (javas.length && (w.id === 'get1' || w.id === 'put1')) {
      const best = Math.min(...javas.map((c) => c.median.p50Ms));
      rows.push(target('p50 within 1.2x of the Java thin client\'s', ours.median.p50Ms / best, (r) => r <= 1.2, 'x the faster Java API\'s p50', floor && floor.median.p50Ms / best));
    }
    if (w.id === 'scan' && ours.rssAtRestMb > 0) {
      const ratio = ours.rssPeakMb / ours.rssAtRestMb;
      rows.push({ target: 'scan: peak RSS at most 2x the RSS at rest', met: round2(ratio) <= 2, figure: `${ratio.toFixed(2)}x (${num(ours.rssAtRestMb)} MB at rest, ${num(ours.rssPeakMb)} MB peak)` });
    }
  }
  return rows;
}

function renderTargets(results) {
  const rows = checkTargets(results);
  if (rows.length === 0) return [];
  const lines = ['Targets, in this run (the floor column: the floor\'s figure over the peer\'s, as the target measures it):', '', '| target | met | this client | the floor |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const floor = r.floor === undefined ? '' : `${r.floor.toFixed(2)}x${!r.met && !r.floorMet ? ': short of the target too, so out of any Node.js client\'s reach here' : ''}`;
    lines.push(`| ${r.target} | ${r.met ? 'yes' : '**no**'} | ${r.figure} | ${floor} |`);
  }
  const missed = rows.filter((r) => !r.met);
  const unreachable = missed.filter((r) => r.floorMet === false);
  lines.push('');
  lines.push(`${rows.length - missed.length} of ${rows.length} met` +
    (unreachable.length ? `; ${unreachable.length} of the ${missed.length} misses are where even the floor (no client at all: the node, the loopback and a bare Node.js socket) misses the target.` : '.'));
  lines.push('');
  return lines;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const short = (v) => (!Number.isFinite(v) ? '' : v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e4 ? `${(v / 1e3).toFixed(0)}k` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0));

/** Small multiples: one panel per workload (its own linear scale), one bar per peer. */
export function renderSvg(results) {
  const peers = results.peers;
  const cols = 4;
  const rows = Math.ceil(results.workloads.length / cols);
  const pw = 300;
  const ph = 250;
  const top = 92;
  const width = cols * pw + 20;
  const height = top + rows * ph + 40;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="10" y="22" font-size="16" font-weight="bold">ignite-client vs. peers: throughput per workload (higher is better; each panel has its own scale)</text>`);
  // legend
  const legendCols = 3;
  peers.forEach((p, i) => {
    const x = 10 + (i % legendCols) * 400;
    const y = 40 + Math.floor(i / legendCols) * 18;
    out.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    out.push(`<text x="${x + 17}" y="${y + 10}" font-size="12">${esc(`${p.label} ${peerVersion(results, p)}`)}</text>`);
  });
  results.workloads.forEach((w, wi) => {
    const ox = 10 + (wi % cols) * pw;
    const oy = top + Math.floor(wi / cols) * ph;
    const plotTop = oy + 40;
    const plotBottom = oy + ph - 40;
    const plotH = plotBottom - plotTop;
    const cases = peers.map((p) => results.cases.find((c) => c.workload === w.id && c.peer === p.id));
    const max = Math.max(1, ...cases.filter((c) => c?.status === 'ok').map((c) => c.median.opsPerSec));
    out.push(`<rect x="${ox}" y="${oy}" width="${pw - 10}" height="${ph - 10}" fill="#fafafa" stroke="#dddddd"/>`);
    out.push(`<text x="${ox + 8}" y="${oy + 18}" font-size="13" font-weight="bold">${esc(w.short ?? w.label)}</text>`);
    out.push(`<text x="${ox + 8}" y="${oy + 33}" font-size="11" fill="#555555">${esc(w.unit)}, median of runs</text>`);
    out.push(`<line x1="${ox + 8}" y1="${plotBottom}" x2="${ox + pw - 18}" y2="${plotBottom}" stroke="#999999"/>`);
    const slot = (pw - 30) / peers.length;
    const bw = slot * 0.7;
    cases.forEach((c, i) => {
      const x = ox + 10 + i * slot + (slot - bw) / 2;
      const color = COLORS[i % COLORS.length];
      if (!c || c.status !== 'ok') {
        const text = !c ? '' : c.status === 'n/a' ? 'n/a' : 'error';
        out.push(`<text x="${x + bw / 2}" y="${plotBottom - 6}" font-size="10" fill="#888888" text-anchor="middle">${text}</text>`);
        return;
      }
      const h = Math.max(1, (c.median.opsPerSec / max) * (plotH - 14));
      out.push(`<rect x="${x.toFixed(1)}" y="${(plotBottom - h).toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${esc(`${c.peerLabel}: ${Math.round(c.median.opsPerSec)} ${w.unit}`)}</title></rect>`);
      out.push(`<text x="${(x + bw / 2).toFixed(1)}" y="${(plotBottom - h - 3).toFixed(1)}" font-size="10" text-anchor="middle">${short(c.median.opsPerSec)}</text>`);
      if (c.ratio && c.peer !== 'ignite-client') {
        out.push(`<text x="${(x + bw / 2).toFixed(1)}" y="${plotBottom + 13}" font-size="9" fill="#555555" text-anchor="middle">${c.ratio.opsPerSec.toFixed(2)}x</text>`);
      }
    });
    out.push(`<text x="${ox + pw - 18}" y="${plotBottom + 26}" font-size="9" fill="#777777" text-anchor="end">ratio to ignite-client below each bar</text>`);
  });
  out.push(`<text x="10" y="${height - 14}" font-size="11" fill="#444444">${esc(stamp(results))}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The README's copy of the latest figures, between its bench:start and bench:end markers. */
export function renderReadmeBlock(results) {
  return [
    `Latest run: ${stamp(results)}. Whole run: ${results.durationSeconds} s.`,
    '',
    '![throughput per workload](bench/results/latest.svg)',
    '',
    'In brackets: the peer\'s figure divided by this client\'s in the same run (throughput above 1: the',
    'peer is faster; latency and RSS above 1: the peer is slower or bigger); **bold** where a peer beats',
    'this client by more than 10 %.',
    '',
    ...renderTable(results),
    '',
    ...renderTargets(results),
  ].join('\n').trimEnd();
}

function writeReadme(results, readmePath) {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf('<!-- bench:start -->');
  const end = readme.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) return;
  const head = readme.slice(0, start + '<!-- bench:start -->'.length);
  writeFileSync(readmePath, `${head}\n${renderReadmeBlock(results)}\n${readme.slice(end)}`);
}

/** `readme`: also refresh the README's table (full runs only: a partial or quick run is no headline). */
export function writeReports(results, dir, { readme = false } = {}) {
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(dir, 'latest.md'), renderMarkdown(results));
  writeFileSync(path.join(dir, 'latest.svg'), renderSvg(results));
  if (readme) writeReadme(results, path.resolve(dir, '..', '..', 'README.md'));
}

// ------------------------------------------------------------------ several nodes (bench/cluster-run.mjs)

/**
 * The targets of the run on several nodes (issue 13), per workload: this client with partition
 * awareness ahead of the Java thin client with partition awareness (the faster of its APIs in
 * the run) and ahead of itself without partition awareness. "Ahead" is judged on the ratio as
 * shown, two decimals: 1.00 is level, not ahead.
 */
export function checkClusterTargets(results) {
  const caseOf = (w, p) => results.cases.find((c) => c.workload === w && c.peer === p && c.status === 'ok');
  const rows = [];
  for (const w of results.workloads) {
    const ours = caseOf(w.id, 'ignite-client');
    if (!ours) continue;
    const name = w.short ?? w.label;
    const javas = ['java-async', 'java-sync'].map((p) => caseOf(w.id, p)).filter(Boolean);
    if (javas.length) {
      const best = javas.reduce((a, b) => (b.median.opsPerSec > a.median.opsPerSec ? b : a));
      const ratio = ours.median.opsPerSec / best.median.opsPerSec;
      rows.push({ target: `${name}: ahead of the Java thin client (partition awareness on)`, met: round2(ratio) > 1, figure: `${ratio.toFixed(2)}x ${best.peer}${javas.length > 1 ? ' (the faster Java API)' : ''}` });
    }
    const off = caseOf(w.id, 'ignite-client-no-pa');
    if (off) {
      const ratio = ours.median.opsPerSec / off.median.opsPerSec;
      rows.push({ target: `${name}: ahead of this client without partition awareness`, met: round2(ratio) > 1, figure: `${ratio.toFixed(2)}x` });
    }
  }
  return rows;
}

/** How many connections each Node.js peer held while measuring, e.g. "3" or "1-3". */
function connectionsOf(results, peerId) {
  const counts = results.cases.filter((c) => c.peer === peerId && Number.isFinite(c.client?.connections)).map((c) => c.client.connections);
  if (counts.length === 0) return undefined;
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

export function renderClusterMarkdown(results) {
  const m = results.method;
  const c = m.cluster;
  const lines = [];
  lines.push(`# ignite-client benchmark: ${c.nodes} nodes, partition awareness on and off`);
  lines.push('');
  lines.push(`Run: ${stamp(results).replace(/, Python [^,;]*$/, '')}. Whole run: ${results.durationSeconds} s.`);
  lines.push('');
  const placement = m.cache.primaryPartitionsPerNode;
  const on = connectionsOf(results, 'ignite-client');
  const off = connectionsOf(results, 'ignite-client-no-pa');
  lines.push(`${c.nodes} local Ignite nodes (cluster "${c.name}", slot ${c.slot}, ${c.addresses.join(', ')}, heap ${c.heapMb} MB each) sharing this machine with the client. ` +
    `Cache \`${m.cache.name}\`: ${m.cache.cacheMode}, ${m.cache.backups} backups, ${m.keySpace.toLocaleString('en-US')} Long keys, ${m.valueChars}-character string values` +
    (placement ? `; primary partitions per node: ${Object.entries(placement).map(([id, n]) => `${id} ${n}`).join(', ')}. ` : '. ') +
    `Every peer is given all ${c.nodes} addresses` +
    (on || off ? ` (connections open while measuring: this client with partition awareness ${on ?? '-'}, without ${off ?? '-'})` : '') + '. ' +
    'Nodes warmed with get/put and getAll/putAll first. ' +
    ((m.passes ?? 1) > 1
      ? `Each workload runs in ${m.passes} passes, the peers in forward order and then reversed, each (peer, workload, pass) its own process: `
      : 'Each (peer, workload) is its own process: ') +
    `${m.warmupMs / 1000} s warm-up, then ${m.runs} runs of ${m.runMs / 1000} s; figures are the median of ${(m.passes ?? 1) > 1 ? 'all runs of all passes' : 'the runs'}, ` +
    'latency per operation, peak RSS the peer process\'s VmHWM. The workloads are those of the single-node run (bench/README.md). ' +
    'In brackets: the peer\'s figure divided by that of this client with partition awareness on, in the same run (throughput: above 1 = the peer is faster; ' +
    'latency and RSS: above 1 = the peer is slower / bigger); **bold** where the peer beats it by more than 10 %.');
  lines.push('');
  lines.push(...renderTable(results));
  lines.push('');
  const errors = results.cases.filter((x) => x.status === 'error');
  if (errors.length) {
    lines.push('Errors:');
    lines.push('');
    for (const x of errors) lines.push(`- ${x.workload} / ${x.peer}: \`${String(x.error).split('\n').slice(0, 3).join(' | ')}\``);
    lines.push('');
  }
  const rows = checkClusterTargets(results);
  if (rows.length) {
    lines.push('Targets, in this run (issue 13: this client with partition awareness ahead of the Java thin client\'s and of its own without it):', '');
    lines.push('| target | met | this client with partition awareness |', '| --- | --- | --- |');
    for (const r of rows) lines.push(`| ${r.target} | ${r.met ? 'yes' : '**no**'} | ${r.figure} |`);
    lines.push('', `${rows.filter((r) => r.met).length} of ${rows.length} met.`, '');
  }
  lines.push('Versions: ' + Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(', ') + '.');
  lines.push('');
  return lines.join('\n');
}

export function writeClusterReports(results, dir) {
  writeFileSync(path.join(dir, 'cluster-latest.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(dir, 'cluster-latest.md'), renderClusterMarkdown(results));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  if (process.argv.includes('--cluster')) {
    writeClusterReports(JSON.parse(readFileSync(path.join(dir, 'cluster-latest.json'), 'utf8')), dir);
    console.error('[bench] re-rendered bench/results/cluster-latest.md');
    process.exit(0);
  }
  const readme = !process.argv.includes('--no-readme');
  writeReports(JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8')), dir, { readme });
  console.error(`[bench] re-rendered bench/results/latest.md, latest.svg${readme ? ' and the table in README.md' : ' (README.md left alone)'}`);
}
