// Types of scripts/cluster.mjs, for the TypeScript that imports it (test/support/cluster.ts).
// tsconfig has no allowJs, so the .mjs itself is not type-checked: keep this file in step with it.

export interface NodeState {
  index: number;
  /** The pid of the node's JVM: the current one, or the last one if the node is dead. */
  pid: number;
  host: string;
  port: number;
  log: string;
  command: string;
  /** The java arguments the node was started with; startNode starts it again with them. */
  args: string[];
  /** Set when startNode started the node again. */
  startedAt?: string;
  /** How the node was started (probeHandshake uses it). */
  security?: Security;
}

/** TLS on the thin-client port ('mutual': a client certificate of the test CA is required), authentication. */
export interface Security {
  tls?: 'server' | 'mutual';
  auth?: boolean;
}

export interface ClusterState {
  name: string;
  slot: number;
  workDir: string;
  startedAt: string;
  options: { nodes: number; heapMb: number; failureDetectionMs: number; idleTimeoutMs: number; ownerPid: number; persistence?: boolean } & Security;
  nodes: NodeState[];
}

export interface StartClusterOptions {
  /** Default 'default'. */
  name?: string;
  /** 1 to 10, default 1. */
  nodes?: number;
  /** Ports 10800+10K, 47500+10K, 47100+10K; default 0. */
  slot?: number;
  /** Default 512. */
  heapMb?: number;
  /** IgniteConfiguration failureDetectionTimeout (and clientFailureDetectionTimeout); 0: Ignite's 10 s. */
  failureDetectionMs?: number;
  /** ClientConnectorConfiguration idleTimeout; 0: thin-client connections are never closed for being idle. */
  idleTimeoutMs?: number;
  /** The nodes halt once this process has exited (0: never). */
  ownerPid?: number;
  /** TLS on the thin-client port with the certificates of scripts/certs.mjs; default none. */
  tls?: 'server' | 'mutual';
  /** Authentication (user ignite/ignite) with a persistent default region; default false. */
  auth?: boolean;
  /** A persistent default region without authentication; default false. */
  persistence?: boolean;
  /** For every node to answer a handshake; default 90 000. */
  timeoutMs?: number;
  /** Start attempts on the known "exited during start-up" failure; default 3. */
  attempts?: number;
  quiet?: boolean;
}

export interface NodeRef {
  /** Default 'default'. */
  name?: string;
  index: number;
}

export type NodeStatus = 'running' | 'paused' | 'dead';

export const JAVA17_OPENS: string[];
export function ensureServerBuilt(options?: { quiet?: boolean }): void;
export function readState(name: string): ClusterState | undefined;
export function listClusters(): ClusterState[];
export const DEFAULT_CREDENTIALS: { readonly username: string; readonly password: string };
export function probeHandshake(host: string, port: number, timeoutMs?: number, security?: Security): Promise<boolean>;
export function startCluster(options?: StartClusterOptions): Promise<ClusterState>;
export function stopCluster(options?: { name?: string; graceMs?: number; quiet?: boolean }): Promise<void>;
/** Starts a dead node again; throws if it is still running. Resolves to its new state entry. */
export function startNode(options: NodeRef & { timeoutMs?: number; attempts?: number; quiet?: boolean }): Promise<NodeState>;
/** Resolves false if the node was not running. */
export function killNode(options: NodeRef & { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<boolean>;
/** killNode with SIGKILL. */
export function stopNode(options: NodeRef): Promise<boolean>;
/** True: stopped by itself within graceMs; false: it was killed; undefined: it was not running. */
export function stopNodeGracefully(options: NodeRef & { graceMs?: number }): Promise<boolean | undefined>;
export function pauseNode(options: NodeRef): Promise<void>;
export function resumeNode(options: NodeRef): Promise<void>;
export function nodeStatus(options: NodeRef): NodeStatus;
export function livePids(name: string): number[];
