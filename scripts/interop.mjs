#!/usr/bin/env node
// Builds and runs the Java and Python peers of the complex-object interop test
// (test/interop/SPEC.md): test/interop/java (Maven, the Java thin client of ignite-core 2.17.0) and
// test/interop/python (pyignite, in a virtualenv at test/interop/python/.venv).
//
//   node scripts/interop.mjs build
//   node scripts/interop.mjs java   write|read <host:port> <peer>
//   node scripts/interop.mjs python write|read <host:port> <peer>
//
// As a module: ensureInteropPeers(), runJava(args, { timeoutMs }), runPython(args, { timeoutMs }).
// Builds are keyed on a hash of their sources (the Java sources and pom.xml; requirements.txt), so
// a second ensureInteropPeers() only hashes a few files.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Ignite's documented JVM flags for Java 17: the Java thin client needs them as the server does.
import { JAVA17_OPENS } from './cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const javaDir = path.join(root, 'test', 'interop', 'java');
const javaTarget = path.join(javaDir, 'target');
const javaStamp = path.join(javaTarget, '.build-stamp');
const pythonDir = path.join(root, 'test', 'interop', 'python');
const venvDir = path.join(pythonDir, '.venv');
const venvStamp = path.join(venvDir, '.requirements-stamp');
const venvPython = process.platform === 'win32' ? path.join(venvDir, 'Scripts', 'python.exe') : path.join(venvDir, 'bin', 'python');

const JAVA_MAIN = 'org.acme.interop.Interop';
const DEFAULT_TIMEOUT_MS = 120_000;


function hashTree(hash, base, dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, base, full);
    else {
      hash.update(path.relative(base, full));
      hash.update(readFileSync(full));
    }
  }
}

function javaSourcesHash() {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(javaDir, 'pom.xml')));
  hashTree(hash, javaDir, path.join(javaDir, 'src'));
  return hash.digest('hex');
}

function pythonRequirementsHash() {
  return createHash('sha256').update(readFileSync(path.join(pythonDir, 'requirements.txt'))).digest('hex');
}

function stampMatches(file, wanted) {
  try {
    return readFileSync(file, 'utf8') === wanted;
  } catch {
    return false;
  }
}

const javaBuilt = (hash) => stampMatches(javaStamp, hash) && existsSync(path.join(javaTarget, 'classes')) && existsSync(path.join(javaTarget, 'lib'));
// existsSync follows the venv's symlink to the base interpreter, so a removed Python counts as not built.
const venvBuilt = (hash) => stampMatches(venvStamp, hash) && existsSync(venvPython);

/**
 * Runs a command; resolves with its exit code (null if killed), signal, stdout and stderr (UTF-8),
 * and timedOut. Never rejects, except when the command cannot be started at all.
 */
function run(command, args, { cwd = root, env = process.env, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs)
      : undefined;
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) stderr += `\n[interop] ${path.basename(command)} killed after ${timeoutMs} ms`;
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
    });
  });
}

async function mustRun(what, command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${what} failed (exit code ${result.code}${result.signal ? `, ${result.signal}` : ''}):\n${output}`);
  }
  return result;
}

async function buildJava(quiet) {
  const wanted = javaSourcesHash();
  if (javaBuilt(wanted)) return;
  if (!quiet) console.error('[interop] building test/interop/java with Maven...');
  await mustRun('Maven build of test/interop/java', 'mvn', ['-B', '-q', '-Dstyle.color=never', 'package', '-DskipTests'], {
    cwd: javaDir,
    timeoutMs: 15 * 60_000,
  });
  writeFileSync(javaStamp, wanted);
}

async function buildPython(quiet) {
  const wanted = pythonRequirementsHash();
  if (venvBuilt(wanted)) return;
  if (!quiet) console.error('[interop] creating test/interop/python/.venv (pip install -r requirements.txt)...');
  rmSync(venvDir, { recursive: true, force: true });
  const python = process.env.PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
  await mustRun('python3 -m venv', python, ['-m', 'venv', venvDir], { timeoutMs: 5 * 60_000 });
  await mustRun('pip install -r test/interop/python/requirements.txt', venvPython,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', path.join(pythonDir, 'requirements.txt')],
    { cwd: pythonDir, timeoutMs: 10 * 60_000 });
  writeFileSync(venvStamp, wanted);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Serializes builds between processes (test workers started together) with a lock directory. */
async function withLock(fn) {
  const lockDir = path.join(os.tmpdir(), `ignite-client-interop-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.lock`);
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder;
      try {
        holder = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        // being created or removed
      }
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        continue;
      }
      // A lock whose holder is gone (or that never got a pid) is stale.
      if ((holder && !isAlive(holder)) || (!holder && age > 10_000)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${holder})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

let ensured;

/**
 * Builds the Java peer (mvn package) and creates the Python virtualenv, unless the build of the
 * current sources is already there. Safe to call often and from several processes at once.
 */
export function ensureInteropPeers({ quiet = false } = {}) {
  ensured ??= (async () => {
    if (javaBuilt(javaSourcesHash()) && venvBuilt(pythonRequirementsHash())) return;
    await withLock(async () => {
      // allSettled: keep the lock until both builds have stopped, even when one fails early.
      const results = await Promise.allSettled([buildJava(quiet), buildPython(quiet)]);
      const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new Error(failures.map((e) => e.message).join('\n\n'));
    });
  })().catch((err) => {
    ensured = undefined;
    throw err;
  });
  return ensured;
}

/** Runs `Interop <args>` (write|read <host:port> <peer>); resolves with { code, stdout, stderr }. */
export async function runJava(args, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  await ensureInteropPeers({ quiet: true });
  const classpath = [path.join(javaTarget, 'classes'), path.join(javaTarget, 'lib', '*')].join(path.delimiter);
  return run('java', [
    '-Xms64m', '-Xmx256m', ...JAVA17_OPENS, '-Djava.net.preferIPv4Stack=true', '-cp', classpath, JAVA_MAIN, ...args,
  ], { cwd: javaDir, timeoutMs });
}

/** Runs `interop.py <args>` (write|read <host:port> <peer>); resolves with { code, stdout, stderr }. */
export async function runPython(args, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  await ensureInteropPeers({ quiet: true });
  return run(venvPython, [path.join(pythonDir, 'interop.py'), ...args], {
    cwd: pythonDir,
    timeoutMs,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  });
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'build') {
    await ensureInteropPeers();
    return 0;
  }
  if (command === 'java' || command === 'python') {
    const result = await (command === 'java' ? runJava : runPython)(args);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code ?? 1;
  }
  console.error('usage: node scripts/interop.mjs build | java write|read <host:port> <peer> | python write|read <host:port> <peer>');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => {
    process.exitCode = code;
  }, (err) => {
    console.error(`[interop] ${err.message}`);
    process.exitCode = 1;
  });
}
