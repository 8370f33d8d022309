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

test('examples/sql.ts prints the rows pyignite sql.py prints', async () => {
  const output = await runExample('sql');
  const expected = `Most 10 populated cities:
[ 'Mumbai (Bombay)', 10500000 ]
[ 'Shanghai', 9696300 ]
[ 'New York', 8008278 ]
[ 'Peking', 7472000 ]
[ 'Delhi', 7206704 ]
[ 'Chongqing', 6351600 ]
[ 'Tianjin', 5286800 ]
[ 'Calcutta [Kolkata]', 4399819 ]
[ 'Wuhan', 4344600 ]
[ 'Harbin', 4289800 ]
--------------------
Most 10 populated cities in USA, India and China:
COUNTRY_NAME   \t| CITY_NAME           \t| MAX_POP
**************************************************
India          \t| Mumbai (Bombay)     \t| 10500000
China          \t| Shanghai            \t| 9696300
United States  \t| New York            \t| 8008278
China          \t| Peking              \t| 7472000
India          \t| Delhi               \t| 7206704
China          \t| Chongqing           \t| 6351600
China          \t| Tianjin             \t| 5286800
India          \t| Calcutta [Kolkata]  \t| 4399819
China          \t| Wuhan               \t| 4344600
China          \t| Harbin              \t| 4289800
--------------------
City info:
ID: 3802
NAME: Detroit
COUNTRYCODE: USA
DISTRICT: Michigan
POPULATION: 951270
`;
  assert.equal(output, expected);
});

test('examples/scans.ts prints every entry once, then the size of the map', async () => {
  const lines = (await runExample('scans')).trimEnd().split('\n');
  assert.equal(lines.length, 21);
  assert.deepStrictEqual(lines.slice(0, 20).sort(), Array.from({ length: 20 }, (_, v) => `key_${v} ${v}`).sort());
  assert.equal(lines[20], '20');
});
