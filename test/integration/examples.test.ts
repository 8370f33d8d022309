// The examples are part of the documentation: each one runs against the test cluster and its
// output is checked, so the README never shows code that does not work.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testNodes } from '../support/nodes.js';

const run = promisify(execFile);
const buildRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function runExample(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(buildRoot, 'examples', `${name}.js`)], {
    env: { ...process.env, IGNITE_NODES: testNodes().join(',') },
    timeout: 60_000,
  });
  return stdout;
}

test('examples/get-put.ts prints what pyignite get_and_put.py prints', async () => {
  assert.equal(await runExample('get-put'), ["42", 'null', "Map(1) { 'my key' => 42 }", ''].join('\n'));
});

test('examples/type-hints.ts prints what pyignite type_hints.py prints', async () => {
  assert.equal(await runExample('type-hints'), ['1', '2', '1', ''].join('\n'));
});
