#!/usr/bin/env node
// Starts and stops local Apache Ignite server nodes (server/, built from Maven Central).
//
//   node scripts/cluster.mjs start [--nodes N] [--name NAME] [--slot K] [--heap-mb M]
//   node scripts/cluster.mjs stop  [--name NAME | --all]
//   node scripts/cluster.mjs status
//
// A cluster lives in slot K: thin-client ports 10800+10K .. , discovery 47500+10K, communication
// 47100+10K, so clusters in different slots never see each other. Each node is its own JVM; the
// pids are recorded in .cluster/NAME/state.json and `stop` kills exactly those pids.
// Also imported as a module by the test, example and benchmark runners.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = path.join(root, 'server');
const stateRoot = path.join(root, '.cluster');
const stampFile = path.join(serverDir, 'target', '.build-stamp');

const NODES_PER_SLOT = 10;

// Ignite's documented JVM flags for running on Java 17.
export const JAVA17_OPENS = [
  'java.base/jdk.internal.access', 'java.base/jdk.internal.misc', 'java.base/sun.nio.ch',
  'java.base/sun.util.calendar', 'java.management/com.sun.jmx.mbeanserver',
  'jdk.internal.jvmstat/sun.jvmstat.monitor', 'java.base/sun.reflect.generics.reflectiveObjects',
  'jdk.management/com.sun.management.internal', 'java.base/java.io', 'java.base/java.nio',
  'java.base/java.net', 'java.base/java.util', 'java.base/java.util.concurrent',
  'java.base/java.util.concurrent.locks', 'java.base/java.util.concurrent.atomic',
  'java.base/java.lang', 'java.base/java.lang.invoke', 'java.base/java.math', 'java.sql/java.sql',
  'java.base/java.lang.reflect', 'java.base/java.time', 'java.base/java.text',
  'java.management/sun.management', 'java.desktop/java.awt.font',
].map((m) => `--add-opens=${m}=ALL-UNNAMED`);

function serverSourcesHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        hash.update(path.relative(serverDir, full));
        hash.update(readFileSync(full));
      }
    }
  };
  hash.update(readFileSync(path.join(serverDir, 'pom.xml')));
  walk(path.join(serverDir, 'src'));
  return hash.digest('hex');
}

/** Builds server/ with Maven unless the build of the current sources is already there. */
export function ensureServerBuilt({ quiet = false } = {}) {
  const wanted = serverSourcesHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted && existsSync(path.join(serverDir, 'target', 'lib'))) {
    return;
  }
  if (!quiet) console.error('[cluster] building server/ with Maven (first run downloads Apache Ignite 2.17.0)...');
  const result = spawnSync('mvn', ['-B', '-q', '-Dstyle.color=never', 'package', '-DskipTests'], { cwd: serverDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`cannot run mvn: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`Maven build of server/ failed with exit code ${result.status}`);
  writeFileSync(stampFile, wanted);
}

function slotPorts(slot) {
  return { client: 10800 + NODES_PER_SLOT * slot, discovery: 47500 + NODES_PER_SLOT * slot, communication: 47100 + NODES_PER_SLOT * slot };
}

function statePath(name) {
  return path.join(stateRoot, name, 'state.json');
}

export function readState(name) {
  const file = statePath(name);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True only for a live process that is one of our nodes, so a recycled pid is never killed. */
function isOurNode(pid, workDir) {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('org.igniteclient.server.LocalNode') && cmdline.includes(workDir);
  } catch {
    return true; // no /proc: trust the recorded pid
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Resolves true when the port answers a 1.7.0 handshake with success. */
export function probeHandshake(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let received = Buffer.alloc(0);
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      // length, handshake code 1, version 1.7.0, client type 2, empty feature array
      const body = Buffer.from([1, 1, 0, 7, 0, 0, 0, 2, 12, 0, 0, 0, 0]);
      const frame = Buffer.alloc(4 + body.length);
      frame.writeInt32LE(body.length, 0);
      body.copy(frame, 4);
      socket.write(frame);
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 5) done(received[4] === 1);
    });
    socket.once('close', () => done(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `nodes` server nodes and waits until every one answers a thin-client handshake.
 * Returns the cluster description that is also written to .cluster/NAME/state.json.
 */
export async function startCluster(options = {}) {
  // Ignite 2.17 now and then fails its own first partition exchange on a fresh node ("Failed to
  // find completed exchange future to fetch affinity") and halts; a second start succeeds.
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startClusterOnce(options);
    } catch (err) {
      if (attempt >= attempts || !err.retryable) throw err;
      console.error(`[cluster] start attempt ${attempt} failed (${err.message.split('\n')[0]}); retrying`);
    }
  }
}

async function startClusterOnce({ name = 'default', nodes = 1, slot = 0, heapMb = 512, timeoutMs = 90_000, quiet = false } = {}) {
  if (nodes < 1 || nodes > NODES_PER_SLOT) throw new Error(`--nodes must be between 1 and ${NODES_PER_SLOT}`);
  ensureServerBuilt({ quiet });
  const existing = readState(name);
  if (existing && existing.nodes.some((n) => isOurNode(n.pid, existing.workDir))) {
    throw new Error(`cluster "${name}" is already running (pids ${existing.nodes.map((n) => n.pid).join(', ')}); stop it first: node scripts/cluster.mjs stop --name ${name}`);
  }
  const ports = slotPorts(slot);
  for (let i = 0; i < nodes; i++) {
    for (const port of [ports.client + i, ports.discovery + i, ports.communication + i]) {
      if (!(await portFree(port))) {
        throw new Error(`port ${port} on 127.0.0.1 is already in use; is another cluster running in slot ${slot}? (node scripts/cluster.mjs status)`);
      }
    }
  }

  const dir = path.join(stateRoot, name);
  const workDir = path.join(dir, 'work');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  const classpath = [path.join(serverDir, 'target', 'classes'), path.join(serverDir, 'target', 'lib', '*')].join(path.delimiter);
  const state = { name, slot, workDir, startedAt: new Date().toISOString(), nodes: [] };
  const children = [];
  for (let i = 0; i < nodes; i++) {
    const logFile = path.join(dir, `node-${i}.log`);
    const logFd = openSync(logFile, 'w');
    const args = [
      `-Xms${Math.min(256, heapMb)}m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC',
      ...JAVA17_OPENS,
      '-DIGNITE_QUIET=true', '-DIGNITE_UPDATE_NOTIFIER=false', '-DIGNITE_NO_ASCII=true',
      '-DIGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true', '-Djava.net.preferIPv4Stack=true',
      '-cp', classpath, 'org.igniteclient.server.LocalNode',
      '--index', String(i), '--nodes', String(nodes),
      '--client-port', String(ports.client), '--discovery-port', String(ports.discovery),
      '--communication-port', String(ports.communication), '--work-dir', workDir,
    ];
    const child = spawn('java', args, { detached: true, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    child.unref();
    children.push(child);
    state.nodes.push({ index: i, pid: child.pid, host: '127.0.0.1', port: ports.client + i, log: logFile });
  }
  writeFileSync(statePath(name), JSON.stringify(state, null, 2));

  const deadline = Date.now() + timeoutMs;
  try {
    for (const node of state.nodes) {
      for (;;) {
        if (!isAlive(node.pid)) {
          throw Object.assign(new Error(`node ${node.index} (pid ${node.pid}) exited during start-up; its log:\n${tail(node.log)}`), { retryable: true });
        }
        // The thin-client port can answer before start-up has finished (and start-up can still
        // fail after that), so a node is up only once the launcher has printed its ready line.
        if (readyLine(node.log) && (await probeHandshake(node.host, node.port))) break;
        if (Date.now() > deadline) throw new Error(`node ${node.index} did not answer a handshake on port ${node.port} within ${timeoutMs} ms; its log:\n${tail(node.log)}`);
        await sleep(200);
      }
    }
  } catch (err) {
    await stopCluster({ name, quiet: true });
    throw err;
  }
  if (!quiet) console.error(`[cluster] "${name}" up: ${state.nodes.map((n) => `${n.host}:${n.port} (pid ${n.pid})`).join(', ')}`);
  return state;
}

function readyLine(logFile) {
  try {
    return readFileSync(logFile, 'utf8').includes('LOCAL_NODE_READY');
  } catch {
    return false;
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Stops exactly the nodes recorded for the cluster: SIGTERM, then SIGKILL after a grace period. */
export async function stopCluster({ name = 'default', graceMs = 15_000, quiet = false } = {}) {
  const state = readState(name);
  if (!state) {
    if (!quiet) console.error(`[cluster] "${name}" is not running`);
    return;
  }
  const ours = state.nodes.filter((n) => isOurNode(n.pid, state.workDir));
  for (const node of ours) {
    try {
      process.kill(node.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (ours.some((n) => isAlive(n.pid)) && Date.now() < deadline) await sleep(100);
  for (const node of ours) {
    if (isAlive(node.pid)) {
      try {
        process.kill(node.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(statePath(name), { force: true });
  if (!quiet) console.error(`[cluster] "${name}" stopped (${ours.length} node${ours.length === 1 ? '' : 's'})`);
}

/** Kills one node of a running cluster (failover tests). */
export async function stopNode({ name = 'default', index }) {
  const state = readState(name);
  const node = state?.nodes.find((n) => n.index === index);
  if (!node || !isOurNode(node.pid, state.workDir)) return;
  process.kill(node.pid, 'SIGKILL');
  while (isAlive(node.pid)) await sleep(50);
}

export function listClusters() {
  if (!existsSync(stateRoot)) return [];
  return readdirSync(stateRoot)
    .map((name) => readState(name))
    .filter(Boolean);
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const key = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (key === 'all') {
      opts.all = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${arg}`);
    opts[key] = key === 'name' ? value : Number(value);
  }
  return opts;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const opts = parseArgs(rest);
  switch (command) {
    case 'start': {
      const state = await startCluster(opts);
      for (const n of state.nodes) console.log(`${n.host}:${n.port}`);
      break;
    }
    case 'stop':
      if (opts.all) for (const c of listClusters()) await stopCluster({ name: c.name });
      else await stopCluster(opts);
      break;
    case 'status':
      for (const c of listClusters()) {
        const alive = c.nodes.filter((n) => isOurNode(n.pid, c.workDir));
        console.log(`${c.name} (slot ${c.slot}): ${alive.length}/${c.nodes.length} nodes running: ${c.nodes.map((n) => `${n.host}:${n.port} pid ${n.pid}`).join(', ')}`);
      }
      break;
    case 'build':
      ensureServerBuilt();
      break;
    default:
      console.error('usage: node scripts/cluster.mjs start [--nodes N] [--name NAME] [--slot K] [--heap-mb M] | stop [--name NAME | --all] | status | build');
      process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[cluster] ${err.message}`);
    process.exit(1);
  });
}
