// Installs every benchmark peer; idempotent, and fast when everything is already there.
//
//   node bench/setup.mjs        (bench/run.mjs calls setupPeers() itself)
//
// - apache-ignite-client: a devDependency of the project (npm install when it is missing)
// - pyignite: a venv in bench/python/.venv with bench/python/requirements.txt
// - the Java thin client: bench/java built with Maven (ignite-core from Maven Central), rebuilt
//   only when pom.xml or the sources change

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const pythonDir = path.join(benchDir, 'python');
const venvDir = path.join(pythonDir, '.venv');
const venvPython = path.join(venvDir, 'bin', 'python');
const javaDir = path.join(benchDir, 'java');
const javaTarget = path.join(javaDir, 'target');
const javaStamp = path.join(javaTarget, '.bench-stamp');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  return r;
}

function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}\n${r.stderr}`.trim();
}

function log(msg) {
  console.error(`[bench setup] ${msg}`);
}

export function ensureNodePeer() {
  const pkg = path.join(root, 'node_modules', 'apache-ignite-client', 'package.json');
  if (!existsSync(pkg)) {
    log('installing apache-ignite-client (npm install)...');
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
  }
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

export function ensurePythonPeer() {
  const requirements = readFileSync(path.join(pythonDir, 'requirements.txt'), 'utf8');
  const wanted = /pyignite==([\w.]+)/.exec(requirements)?.[1];
  if (!existsSync(venvPython)) {
    log('creating bench/python/.venv...');
    run('python3', ['-m', 'venv', venvDir]);
  }
  const installed = capture(venvPython, ['-c', 'import pyignite; print(pyignite.__version__)']);
  if (installed !== wanted) {
    log(`installing pyignite ${wanted} into bench/python/.venv...`);
    run(venvPython, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', path.join(pythonDir, 'requirements.txt')]);
  }
  return wanted;
}

function javaSourcesHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else hash.update(path.relative(javaDir, full)).update(readFileSync(full));
    }
  };
  hash.update(readFileSync(path.join(javaDir, 'pom.xml')));
  walk(path.join(javaDir, 'src'));
  return hash.digest('hex');
}

export function ensureJavaPeer() {
  const wanted = javaSourcesHash();
  const built = existsSync(javaStamp) && readFileSync(javaStamp, 'utf8') === wanted && existsSync(path.join(javaTarget, 'lib'));
  if (!built) {
    log('building bench/java with Maven (ignite-core 2.17.0 from Maven Central)...');
    run('mvn', ['-B', '-q', '-Dstyle.color=never', 'package', '-DskipTests'], { cwd: javaDir });
    writeFileSync(javaStamp, wanted);
  }
  const version = /<ignite.version>([^<]+)</.exec(readFileSync(path.join(javaDir, 'pom.xml'), 'utf8'))[1];
  return { version, classpath: [path.join(javaTarget, 'classes'), path.join(javaTarget, 'lib', '*')].join(path.delimiter) };
}

/**
 * Ignite's documented --add-opens flags for Java 17, as scripts/cluster.mjs lists them (read from
 * that file, which does not export them, so that the two lists never drift apart).
 */
export function java17Opens() {
  const text = readFileSync(path.join(root, 'scripts', 'cluster.mjs'), 'utf8');
  const block = /const JAVA17_OPENS = \[([\s\S]*?)\]/.exec(text)?.[1];
  const modules = block ? [...block.matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
  if (modules.length === 0) throw new Error('cannot read JAVA17_OPENS from scripts/cluster.mjs');
  return modules.map((m) => `--add-opens=${m}=ALL-UNNAMED`);
}

export function toolVersions() {
  const java = capture('java', ['-version'])?.split('\n')[0]?.replace(/^\S+ version /, '').replace(/"/g, '') ?? 'unknown';
  const javaRuntime = capture('java', ['-version'])?.split('\n')[1] ?? '';
  const python = capture(venvPython, ['--version'])?.replace(/^Python /, '') ?? 'unknown';
  return { node: process.version, java, javaRuntime, python };
}

export function setupPeers() {
  const t0 = Date.now();
  const nodePeer = ensureNodePeer();
  const pyignite = ensurePythonPeer();
  const java = ensureJavaPeer();
  log(`peers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    venvPython,
    javaClasspath: java.classpath,
    javaOpens: java17Opens(),
    libraries: { 'apache-ignite-client': nodePeer, pyignite, 'ignite-core (Java thin client)': java.version },
    tools: toolVersions(),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(setupPeers(), null, 2));
}
