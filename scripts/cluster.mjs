#!/usr/bin/env node
// Starts and stops local Apache Ignite server nodes (server/, built from Maven Central).
//
//   node scripts/cluster.mjs start [--nodes N] [--name NAME] [--slot K] [--heap-mb M]
//                                  [--failure-detection-ms N] [--idle-timeout-ms N] [--owner-pid P]
//                                  [--tls | --mtls] [--auth] [--persistence]
//   node scripts/cluster.mjs stop  [--name NAME | --all]
//   node scripts/cluster.mjs status
//   node scripts/cluster.mjs kill    --index I [--name NAME] [--signal SIG]   (default SIGKILL)
//   node scripts/cluster.mjs restart --index I [--name NAME]   (starts a dead node again)
//   node scripts/cluster.mjs pause   --index I [--name NAME]   (SIGSTOP: the JVM freezes)
//   node scripts/cluster.mjs resume  --index I [--name NAME]   (SIGCONT)
//
// A cluster lives in slot K: thin-client ports 10800+10K .. , discovery 47500+10K, communication
// 47100+10K, so clusters in different slots never see each other. Each node is its own JVM; the
// pids and each node's java arguments are recorded in .cluster/NAME/state.json, `stop` kills
// exactly those pids, and `restart` starts one node again with the arguments it had. With
// --owner-pid P the nodes halt by themselves once process P has exited.
// --tls puts TLS on the thin-client port (certificates from scripts/certs.mjs, made on first use),
// --mtls also requires a client certificate of the test CA, and --auth turns on authentication
// (default user ignite/ignite; it needs persistence, whose data is in .cluster/NAME/work, removed
// by `stop`); --persistence gives the nodes that persistent region without authentication
// (cluster state and WAL tests).
// Also imported as a module by the test, example and benchmark runners and by
// test/support/cluster.ts (types in cluster.d.mts).

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CERTS, PASSWORDS, ensureTestCertificates } from './certs.mjs';

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
function isOurNode(pid, workDir, index) {
  if (!pid || !isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); // empty for a zombie
    return cmdline.includes('org.igniteclient.server.LocalNode') && cmdline.includes(workDir)
      && (index === undefined || cmdline.includes(`\0--index\0${index}\0`));
  } catch {
    return true; // no /proc: trust the recorded pid
  }
}

/** The process's state letter from /proc (R, S, T for stopped, Z for zombie...), or undefined. */
function processState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** True for a process on its way out: its cmdline is gone (its main thread may be a zombie already), its threads not yet. */
function isExiting(pid) {
  if (!pid || processGone(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === '';
  } catch {
    return false;
  }
}

/**
 * True once the process has exited: a zombie that its parent has not reaped yet counts as exited,
 * but only once all its threads are gone. When a JVM halts, its main thread can be a zombie while
 * other threads still hold the process's sockets.
 */
function processGone(pid) {
  if (!isAlive(pid)) return true;
  if (processState(pid) !== 'Z') return false;
  try {
    return readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return true;
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The default user of a node started with authentication. */
export const DEFAULT_CREDENTIALS = Object.freeze({ username: 'ignite', password: 'ignite' });

function handshakeFrame(credentials) {
  // handshake code 1, version 1.7.0, client type 2, empty feature array
  const parts = [Buffer.from([1, 1, 0, 7, 0, 0, 0, 2, 12, 0, 0, 0, 0])];
  if (credentials) {
    for (const text of [credentials.username, credentials.password]) {
      const bytes = Buffer.from(text, 'utf8');
      const header = Buffer.alloc(5);
      header[0] = 9; // string
      header.writeInt32LE(bytes.length, 1);
      parts.push(header, bytes);
    }
  }
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeInt32LE(body.length, 0);
  return Buffer.concat([length, body]);
}

/**
 * Resolves true when the port answers a 1.7.0 handshake with success. `security` says how the
 * node was started: tls 'server' or 'mutual' (the probe trusts any server certificate and
 * presents the test client certificate), auth (the probe logs in as the default user).
 */
export function probeHandshake(host, port, timeoutMs = 1000, security = {}) {
  return new Promise((resolve) => {
    let socket;
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let received = Buffer.alloc(0);
    const send = () => socket.write(handshakeFrame(security.auth ? DEFAULT_CREDENTIALS : undefined));
    if (security.tls) {
      const clientCert = security.tls === 'mutual' ? { cert: readFileSync(CERTS.clientPem), key: readFileSync(CERTS.clientKey) } : {};
      socket = tls.connect({ host, port, rejectUnauthorized: false, ...clientCert });
      socket.once('secureConnect', send);
    } else {
      socket = net.connect({ host, port });
      socket.once('connect', send);
    }
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 5) done(received[4] === 1);
    });
    socket.once('close', () => done(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const classpath = () => [path.join(serverDir, 'target', 'classes'), path.join(serverDir, 'target', 'lib', '*')].join(path.delimiter);

/** The java command line of one node; recorded in the state file so that the node can be started again. */
function nodeJavaArgs({ index, nodes, ports, workDir, heapMb, failureDetectionMs, idleTimeoutMs, ownerPid, tls: tlsMode, auth, persistence }) {
  const args = [
    `-Xms${Math.min(256, heapMb)}m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC',
    ...JAVA17_OPENS,
    '-DIGNITE_QUIET=true', '-DIGNITE_UPDATE_NOTIFIER=false', '-DIGNITE_NO_ASCII=true',
    '-DIGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true', '-Djava.net.preferIPv4Stack=true',
    '-cp', classpath(), 'org.igniteclient.server.LocalNode',
    '--index', String(index), '--nodes', String(nodes),
    '--client-port', String(ports.client), '--discovery-port', String(ports.discovery),
    '--communication-port', String(ports.communication), '--work-dir', workDir,
  ];
  if (failureDetectionMs) args.push('--failure-detection-ms', String(failureDetectionMs));
  if (idleTimeoutMs) args.push('--idle-timeout-ms', String(idleTimeoutMs));
  if (ownerPid) args.push('--owner-pid', String(ownerPid));
  if (tlsMode) {
    args.push('--tls-keystore', CERTS.serverP12, '--tls-password', PASSWORDS.store);
    if (tlsMode === 'mutual') args.push('--tls-truststore', CERTS.truststoreP12, '--tls-client-auth', 'true');
  }
  if (auth) args.push('--auth', 'true');
  if (persistence) args.push('--persistence', 'true');
  return args;
}

/** Spawns the node's JVM detached, its output going to node.log (truncated); returns the pid. */
function spawnNode(node) {
  const logFd = openSync(node.log, 'w');
  try {
    const child = spawn(node.command ?? 'java', node.args, { detached: true, stdio: ['ignore', logFd, logFd] });
    child.once('error', () => {}); // no java: child.pid is undefined, thrown below
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start java for node ${node.index}`);
    return child.pid;
  } finally {
    closeSync(logFd);
  }
}

/** Waits until the node's launcher has printed its ready line and its port answers a handshake. */
async function waitUntilReady(node, deadline, timeoutMs) {
  for (;;) {
    if (processGone(node.pid)) {
      throw Object.assign(new Error(`node ${node.index} (pid ${node.pid}) exited during start-up; its log:\n${tail(node.log)}`), { retryable: true });
    }
    // The thin-client port can answer before start-up has finished (and start-up can still
    // fail after that), so a node is up only once the launcher has printed its ready line.
    if (readyLine(node.log) && (await probeHandshake(node.host, node.port, 1000, node.security))) return;
    if (Date.now() > deadline) throw new Error(`node ${node.index} did not answer a handshake on port ${node.port} within ${timeoutMs} ms; its log:\n${tail(node.log)}`);
    await sleep(200);
  }
}

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

async function startClusterOnce({
  name = 'default', nodes = 1, slot = 0, heapMb = 512, failureDetectionMs = 0, idleTimeoutMs = 0, ownerPid = 0,
  tls: tlsMode, auth = false, persistence = false, timeoutMs = 90_000, quiet = false,
} = {}) {
  if (nodes < 1 || nodes > NODES_PER_SLOT) throw new Error(`--nodes must be between 1 and ${NODES_PER_SLOT}`);
  if (tlsMode !== undefined && tlsMode !== 'server' && tlsMode !== 'mutual') throw new Error(`tls must be 'server' or 'mutual', not ${tlsMode}`);
  if (tlsMode) ensureTestCertificates({ quiet });
  const security = { ...(tlsMode ? { tls: tlsMode } : {}), ...(auth ? { auth: true } : {}) };
  ensureServerBuilt({ quiet });
  const existing = readState(name);
  if (existing && existing.nodes.some((n) => isOurNode(n.pid, existing.workDir))) {
    throw new Error(`cluster "${name}" is already running (pids ${existing.nodes.map((n) => n.pid).join(', ')}); stop it first: node scripts/cluster.mjs stop --name ${name}`);
  }
  const ports = slotPorts(slot);
  for (let i = 0; i < nodes; i++) await checkPortsFree(ports, i, slot);

  const dir = path.join(stateRoot, name);
  const workDir = path.join(dir, 'work');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  const state = {
    name, slot, workDir, startedAt: new Date().toISOString(),
    options: { nodes, heapMb, failureDetectionMs, idleTimeoutMs, ownerPid, ...security, ...(persistence ? { persistence: true } : {}) },
    nodes: [],
  };
  for (let i = 0; i < nodes; i++) {
    const node = {
      index: i, pid: 0, host: '127.0.0.1', port: ports.client + i, log: path.join(dir, `node-${i}.log`), security,
      command: 'java', args: nodeJavaArgs({ index: i, nodes, ports, workDir, heapMb, failureDetectionMs, idleTimeoutMs, ownerPid, tls: tlsMode, auth, persistence }),
    };
    node.pid = spawnNode(node);
    state.nodes.push(node);
    writeFileSync(statePath(name), JSON.stringify(state, null, 2)); // at once: stopCluster and exit handlers read it
  }

  const deadline = Date.now() + timeoutMs;
  try {
    for (const node of state.nodes) await waitUntilReady(node, deadline, timeoutMs);
  } catch (err) {
    await stopCluster({ name, quiet: true });
    throw err;
  }
  if (!quiet) console.error(`[cluster] "${name}" up: ${state.nodes.map((n) => `${n.host}:${n.port} (pid ${n.pid})`).join(', ')}`);
  return state;
}

async function checkPortsFree(ports, index, slot, waitMs = 0) {
  const deadline = Date.now() + waitMs;
  for (const port of [ports.client + index, ports.discovery + index, ports.communication + index]) {
    while (!(await portFree(port)) && Date.now() < deadline) await sleep(100);
    if (!(await portFree(port))) {
      throw new Error(`port ${port} on 127.0.0.1 is already in use; is another cluster running in slot ${slot}? (node scripts/cluster.mjs status)`);
    }
  }
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

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // already gone
  }
}

/** Waits until the process has exited; false if it is still there after timeoutMs. */
async function waitGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!processGone(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops exactly the nodes recorded for the cluster: SIGTERM, then SIGKILL after a grace period.
 * Every node is sent SIGCONT first: a node frozen by pauseNode would not act on SIGTERM.
 */
export async function stopCluster({ name = 'default', graceMs = 15_000, quiet = false } = {}) {
  const state = readState(name);
  if (!state) {
    if (!quiet) console.error(`[cluster] "${name}" is not running`);
    return;
  }
  const ours = state.nodes.filter((n) => isOurNode(n.pid, state.workDir));
  for (const node of ours) signal(node.pid, 'SIGCONT');
  for (const node of ours) signal(node.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some((n) => !processGone(n.pid)) && Date.now() < deadline) await sleep(100);
  for (const node of ours) {
    if (!processGone(node.pid)) signal(node.pid, 'SIGKILL');
  }
  // Halted nodes on their way out (see isExiting) may still hold their ports for a moment.
  for (const node of [...ours, ...state.nodes.filter((n) => isExiting(n.pid))]) await waitGone(node.pid, 5_000);
  // The nodes' data (persistent with --auth and --persistence: a few WAL segments) goes with them; the logs stay.
  if (state.workDir.startsWith(stateRoot + path.sep)) rmSync(state.workDir, { recursive: true, force: true });
  rmSync(statePath(name), { force: true });
  if (!quiet) console.error(`[cluster] "${name}" stopped (${ours.length} node${ours.length === 1 ? '' : 's'})`);
}

/** The state and the recorded node; throws when there is no such cluster or node. */
function findNode(name, index) {
  const state = readState(name);
  if (!state) throw new Error(`cluster "${name}" has no state file (${statePath(name)}): start it first`);
  const node = state.nodes.find((n) => n.index === index);
  if (!node) throw new Error(`cluster "${name}" has no node ${index} (nodes ${state.nodes.map((n) => n.index).join(', ')})`);
  return { state, node };
}

/** 'running', 'paused' (SIGSTOPped) or 'dead', for one recorded node. */
export function nodeStatus({ name = 'default', index }) {
  const state = readState(name);
  const node = state?.nodes.find((n) => n.index === index);
  if (!node || !isOurNode(node.pid, state.workDir, index)) return 'dead';
  return processState(node.pid) === 'T' ? 'paused' : 'running';
}

/** The pids of the cluster's recorded nodes that are alive (synchronous: for exit handlers). */
export function livePids(name) {
  const state = readState(name);
  if (!state) return [];
  return state.nodes.filter((n) => isOurNode(n.pid, state.workDir, n.index)).map((n) => n.pid);
}

/**
 * Sends `signal` (default SIGKILL) to one node and waits until its process has exited (at most
 * timeoutMs, then throws). A paused node is continued too, so that it acts on the signal.
 * Returns false if the node was not running.
 */
export async function killNode({ name = 'default', index, signal: sig = 'SIGKILL', timeoutMs = 30_000 }) {
  const { state, node } = findNode(name, index);
  if (!isOurNode(node.pid, state.workDir, index)) return false;
  signal(node.pid, sig);
  signal(node.pid, 'SIGCONT');
  if (!(await waitGone(node.pid, timeoutMs))) {
    throw new Error(`node ${index} of "${name}" (pid ${node.pid}) was sent ${sig} but is still running after ${timeoutMs} ms`);
  }
  return true;
}

/** Kills one node of a running cluster (failover tests): killNode with SIGKILL. */
export function stopNode({ name = 'default', index }) {
  return killNode({ name, index, signal: 'SIGKILL' });
}

/**
 * Stops one node the way an operator would: SIGTERM (Ignite's shutdown hook leaves the topology
 * cleanly), SIGKILL if it is still there after graceMs. Returns true if it stopped by itself,
 * false if it had to be killed, undefined if it was not running.
 */
export async function stopNodeGracefully({ name = 'default', index, graceMs = 15_000 }) {
  const { state, node } = findNode(name, index);
  if (!isOurNode(node.pid, state.workDir, index)) return undefined;
  signal(node.pid, 'SIGTERM');
  signal(node.pid, 'SIGCONT');
  if (await waitGone(node.pid, graceMs)) return true;
  signal(node.pid, 'SIGKILL');
  await waitGone(node.pid, 5_000);
  return false;
}

/** Freezes one node (SIGSTOP): it holds its sockets but answers nothing, like a hung machine. */
export function pauseNode({ name = 'default', index }) {
  return signalRunning(name, index, 'SIGSTOP');
}

/** Continues a node frozen by pauseNode (SIGCONT). */
export function resumeNode({ name = 'default', index }) {
  return signalRunning(name, index, 'SIGCONT');
}

async function signalRunning(name, index, sig) {
  const { state, node } = findNode(name, index);
  if (!isOurNode(node.pid, state.workDir, index)) throw new Error(`node ${index} of "${name}" is not running (pid ${node.pid} is gone)`);
  process.kill(node.pid, sig);
  // The signal is asynchronous: wait until the kernel shows the process stopped or continued.
  const want = sig === 'SIGSTOP';
  const deadline = Date.now() + 5_000;
  while ((processState(node.pid) === 'T') !== want && !processGone(node.pid) && Date.now() < deadline) await sleep(10);
}

/**
 * Starts one dead node of a cluster whose state exists again, with the java arguments, ports,
 * consistent id and work directory it had, and waits until it is up like startCluster does.
 * The node's old log is moved to node-I.prev.log. Returns the node's new state entry.
 */
export async function startNode({ name = 'default', index, timeoutMs = 90_000, attempts = 3, quiet = false }) {
  {
    const { state, node } = findNode(name, index);
    if (isOurNode(node.pid, state.workDir, index)) {
      throw new Error(`node ${index} of "${name}" is still running (pid ${node.pid}); kill it first: node scripts/cluster.mjs kill --name ${name} --index ${index}`);
    }
    if (!node.args) throw new Error(`the state file of "${name}" does not record node ${index}'s java arguments (started by an older cluster.mjs): start the cluster again`);
    ensureServerBuilt({ quiet });
  }
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const { state, node } = findNode(name, index);
    // A JVM that has just halted (segmented, say) is no longer our node once its memory is gone,
    // but it may hold its sockets a little longer, until it is a zombie or gone.
    if (isExiting(node.pid)) await waitGone(node.pid, 10_000);
    await checkPortsFree(slotPorts(state.slot), index, state.slot, 5_000);
    if (existsSync(node.log)) renameSync(node.log, node.log.replace(/\.log$/, '.prev.log'));
    node.pid = spawnNode(node);
    node.startedAt = new Date().toISOString();
    try {
      updateNode(name, node);
      await waitUntilReady(node, Date.now() + timeoutMs, timeoutMs);
      if (!quiet) console.error(`[cluster] "${name}" node ${index} up again: ${node.host}:${node.port} (pid ${node.pid}) in ${Date.now() - started} ms`);
      return node;
    } catch (err) {
      signal(node.pid, 'SIGKILL');
      await waitGone(node.pid, 5_000);
      if (attempt >= attempts || !err.retryable) throw err;
      console.error(`[cluster] restart attempt ${attempt} of node ${index} failed (${err.message.split('\n')[0]}); retrying`);
    }
  }
}

/** Replaces one node's entry in the state file (read and written synchronously, so never torn). */
function updateNode(name, node) {
  const state = readState(name);
  if (!state) throw new Error(`cluster "${name}" was stopped while node ${node.index} was starting`);
  state.nodes = state.nodes.map((n) => (n.index === node.index ? node : n));
  writeFileSync(statePath(name), JSON.stringify(state, null, 2));
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
    if (key === 'all' || key === 'auth' || key === 'persistence') {
      opts[key] = true;
      continue;
    }
    if (key === 'tls' || key === 'mtls') {
      opts.tls = key === 'tls' ? 'server' : 'mutual';
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`missing value for ${arg}`);
    opts[key] = key === 'name' || key === 'signal' ? value : Number(value);
    if (typeof opts[key] === 'number' && !Number.isFinite(opts[key])) throw new Error(`${arg} needs a number, not ${value}`);
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
        const nodes = c.nodes.map((n) => ({ ...n, status: nodeStatus({ name: c.name, index: n.index }) }));
        const up = nodes.filter((n) => n.status !== 'dead').length;
        console.log(`${c.name} (slot ${c.slot}): ${up}/${c.nodes.length} nodes running: ${nodes.map((n) => `${n.host}:${n.port} pid ${n.pid}${n.status === 'running' ? '' : ` (${n.status})`}`).join(', ')}`);
      }
      break;
    case 'kill':
    case 'restart':
    case 'pause':
    case 'resume': {
      if (opts.index === undefined) throw new Error(`${command} needs --index I`);
      const target = { name: opts.name ?? 'default', index: opts.index };
      if (command === 'kill') {
        if (!(await killNode({ ...target, signal: opts.signal ?? 'SIGKILL' }))) console.error(`[cluster] node ${target.index} of "${target.name}" was not running`);
      } else if (command === 'restart') {
        const node = await startNode(target);
        console.log(`${node.host}:${node.port}`);
      } else if (command === 'pause') await pauseNode(target);
      else await resumeNode(target);
      break;
    }
    case 'build':
      ensureServerBuilt();
      break;
    default:
      console.error('usage: node scripts/cluster.mjs start [--nodes N] [--name NAME] [--slot K] [--heap-mb M] [--failure-detection-ms N] [--idle-timeout-ms N] [--tls | --mtls] [--auth] [--persistence]'
        + ' | stop [--name NAME | --all] | status | kill --index I [--name NAME] [--signal SIG] | restart --index I [--name NAME]'
        + ' | pause --index I [--name NAME] | resume --index I [--name NAME] | build');
      process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[cluster] ${err.message}`);
    process.exit(1);
  });
}
