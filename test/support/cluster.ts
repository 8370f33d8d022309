// A test file's own local Ignite cluster, for multi-node fault tests: start it, kill, freeze and
// restart single nodes, stop it. Built on scripts/cluster.mjs.
//
//   const cluster = testCluster({ name: 'failover', slot: 2, nodes: 3, failureDetectionMs: 3000 });
//   before(() => cluster.start());
//   after(() => cluster.stop());
//
// Slots: `npm test`'s main cluster uses slot 1 and the benchmark slot 5; multi-node test files
// use 2, 3, 4, 8 and 9 (one file per slot, so files running in parallel never share ports).
//
// No JVM outlives the test process: on 'exit', SIGINT, SIGTERM and an uncaught exception that
// will end the process, every node of every cluster started here and not yet stopped is sent
// SIGCONT and SIGKILL (synchronously, by recorded pid). And each node is started with
// --owner-pid, so it halts by itself once the test process is gone, even after a SIGKILL.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as ClusterScript from '../../scripts/cluster.mjs';

// This file runs compiled, from build/test/support/, while the script stays in scripts/: find it
// from either place.
const script: typeof ClusterScript = await import(
  [new URL('../../../scripts/cluster.mjs', import.meta.url), new URL('../../scripts/cluster.mjs', import.meta.url)]
    .find((url) => existsSync(fileURLToPath(url)))?.href ?? '../../scripts/cluster.mjs'
);

export interface TestClusterOptions {
  /** The cluster's name: its state and logs are in .cluster/NAME/. */
  name: string;
  /** Ports 10800+10K (thin client), 47500+10K (discovery), 47100+10K (communication). */
  slot: number;
  /** 1 to 10. */
  nodes: number;
  /** Default 384. */
  heapMb?: number;
  /** Ignite's failureDetectionTimeout; default Ignite's own (10 s). */
  failureDetectionMs?: number;
  /** The servers close thin-client connections idle this long; default never. */
  idleTimeoutMs?: number;
  /** For start() and restart() to see every node answer a handshake; default 90 000. */
  startTimeoutMs?: number;
  /** SIGTERM to SIGKILL, for stop() and the default of stopGracefully(); default 15 000. */
  graceMs?: number;
  /** TLS on the thin-client ports (certificates: scripts/certs.mjs); 'mutual' requires a client certificate. */
  tls?: 'server' | 'mutual';
  /** Authentication, default user ignite/ignite (persistence in the cluster's work dir). */
  auth?: boolean;
  /** A persistent default region (cluster state, WAL); data in the cluster's work dir. */
  persistence?: boolean;
  /** Default true: no "[cluster] up" lines in the test output. */
  quiet?: boolean;
}

export interface TestCluster {
  readonly name: string;
  readonly slot: number;
  readonly nodes: number;
  /** 'host:port' of every node's thin-client port, by index (known before start()). */
  readonly addresses: readonly string[];
  /** 'host:port' of node i. */
  address(i: number): string;
  /** Starts every node and waits until each answers a thin-client handshake. */
  start(): Promise<void>;
  /** Stops the whole cluster (paused nodes are continued first); safe to call twice or before start(). */
  stop(): Promise<void>;
  /** Sends node i a signal (default SIGKILL) and waits until its JVM has exited. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts the dead node i again, same ports, consistent id and work dir; waits until it answers. */
  restart(i: number): Promise<void>;
  /** SIGTERM to node i, SIGKILL after graceMs; resolves true if it stopped by itself in time. */
  stopGracefully(i: number, graceMs?: number): Promise<boolean>;
  /** SIGSTOP: node i freezes, its sockets open but unanswered. */
  pause(i: number): Promise<void>;
  /** SIGCONT for a paused node i. */
  resume(i: number): Promise<void>;
  /** The pid of node i's JVM (the last one, if it is dead); undefined before start(). */
  pid(i: number): number | undefined;
  /** True while node i's JVM exists, paused or not. */
  isRunning(i: number): boolean;
}

/** Clusters started and not yet stopped, by name: the exit handlers kill their nodes. */
const live = new Map<string, { pids: Map<number, number> }>();
let handlersInstalled = false;

/** SIGCONT + SIGKILL for every node of every live cluster; synchronous, for exit handlers. */
function killEverything(): void {
  for (const [name, entry] of live) {
    const pids = new Set(entry.pids.values());
    try {
      for (const pid of script.livePids(name)) pids.add(pid);
    } catch {
      // unreadable state file: the pids in memory are all there is
    }
    for (const pid of pids) {
      for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
    }
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      killEverything();
      // A listener replaces node's default action (exit). If nobody else handles the signal,
      // take ours away and send it again, so that the process ends as it would have.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
  // The monitor runs before an uncaught exception ends the process and, unlike an
  // 'uncaughtException' listener, does not stop it from ending. When someone else does handle
  // the exception (node's test runner reports it against the test), the process goes on, and so
  // do its clusters.
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) killEverything();
  });
}

export function testCluster(options: TestClusterOptions): TestCluster {
  const { name, slot, nodes } = options;
  const heapMb = options.heapMb ?? 384;
  const graceMs = options.graceMs ?? 15_000;
  const quiet = options.quiet ?? true;
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const addresses = Array.from({ length: nodes }, (_, i) => `127.0.0.1:${10800 + 10 * slot + i}`);
  const pids = new Map<number, number>();
  let stopping: Promise<void> | undefined;

  const checkIndex = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= nodes) throw new RangeError(`cluster "${name}" has nodes 0 to ${nodes - 1}, not ${i}`);
  };
  const started = (): void => {
    if (!live.has(name)) throw new Error(`cluster "${name}" is not started`);
  };
  const node = (i: number): { name: string; index: number } => {
    checkIndex(i);
    started();
    return { name, index: i };
  };

  return {
    name,
    slot,
    nodes,
    addresses,
    address(i) {
      checkIndex(i);
      return addresses[i] as string;
    },
    async start() {
      if (live.has(name)) throw new Error(`cluster "${name}" is already started`);
      installHandlers();
      // Registered before any JVM exists: the exit handlers read the pids from the state file,
      // which startCluster writes as soon as it has spawned the nodes.
      live.set(name, { pids });
      stopping = undefined;
      try {
        const state = await script.startCluster({
          name, slot, nodes, heapMb, quiet, timeoutMs: startTimeoutMs, ownerPid: process.pid,
          failureDetectionMs: options.failureDetectionMs ?? 0, idleTimeoutMs: options.idleTimeoutMs ?? 0,
          ...(options.tls === undefined ? {} : { tls: options.tls }), auth: options.auth ?? false,
          persistence: options.persistence ?? false,
        });
        for (const n of state.nodes) pids.set(n.index, n.pid);
        const got = state.nodes.map((n) => `${n.host}:${n.port}`);
        if (got.join() !== addresses.join()) throw new Error(`cluster "${name}" answers on ${got.join(', ')}, not ${addresses.join(', ')}`);
      } catch (err) {
        // startCluster has stopped whatever it started (and refused to touch a cluster of this
        // name that was already running).
        live.delete(name);
        throw err;
      }
    },
    stop() {
      stopping ??= (async () => {
        if (!live.has(name)) return;
        try {
          await script.stopCluster({ name, graceMs, quiet: true });
        } finally {
          live.delete(name);
        }
      })();
      return stopping;
    },
    async kill(i, signal = 'SIGKILL') {
      await script.killNode({ ...node(i), signal });
    },
    async restart(i) {
      const n = await script.startNode({ ...node(i), timeoutMs: startTimeoutMs, quiet });
      pids.set(i, n.pid);
    },
    async stopGracefully(i, ms = graceMs) {
      return (await script.stopNodeGracefully({ ...node(i), graceMs: ms })) === true;
    },
    pause(i) {
      return script.pauseNode(node(i));
    },
    resume(i) {
      return script.resumeNode(node(i));
    },
    pid(i) {
      checkIndex(i);
      return pids.get(i);
    },
    isRunning(i) {
      checkIndex(i);
      return live.has(name) && script.nodeStatus({ name, index: i }) !== 'dead';
    },
  };
}
