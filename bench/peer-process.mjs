// Runs one peer process and collects what it prints; shared by bench/run.mjs and bench/profile.mjs.

import { spawn } from 'node:child_process';

/**
 * Spawns `cmd args` in `cwd` and resolves with its exit code and output once it closes (never
 * rejects). `onSpawn(child)` sees the child as it starts, `onStderr(allStderrSoFar)` each chunk of
 * its stderr; past `timeoutMs` it is killed.
 */
export function runPeerProcess(cmd, args, { cwd, timeoutMs, onSpawn, onStderr }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    const timer = setTimeout(() => {
      stderr += `\n[bench] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}\n${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The peer's result: the last JSON line it printed on stdout, or undefined. */
export function peerResult(stdout) {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
