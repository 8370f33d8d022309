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

test('examples/binary-basics.ts prints what pyignite binary_basics.py prints', async () => {
  assert.equal(await runExample('binary-basics'), ['Person', 'true', "Person { first_name: 'Ivan', last_name: 'Ivanov', age: 33 }", ''].join('\n'));
});

test('examples/create-binary.ts: a table filled through key-value is queried with SQL', async () => {
  assert.equal(await runExample('create-binary'), ["[ 'SID', 'NAME', 'LOGIN', 'AGE', 'GPA' ]", "[ 1, 'John Doe', 'jdoe', 17, 4.25 ]", ''].join('\n'));
});

test('examples/read-binary.ts: SQL rows read as complex objects', async () => {
  const output = await runExample('read-binary');
  assert.equal(
    output,
    `[
  'SQL_PUBLIC_CITY',
  'SQL_PUBLIC_COUNTRY',
  'SQL_PUBLIC_COUNTRYLANGUAGE'
]
SQL_PUBLIC_CITY
CITY [ 'ID', 'NAME', 'COUNTRYCODE', 'DISTRICT', 'POPULATION' ]
--------------------
[ 'COUNTRYCODE', 'ID' ] [ 'DISTRICT', 'NAME', 'POPULATION' ]
--------------------
{ type: 'SQL_PUBLIC_CITY_<id>_KEY', ID: 1890, COUNTRYCODE: 'CHN' }
{
  type: 'SQL_PUBLIC_CITY_<id>',
  NAME: 'Shanghai',
  DISTRICT: 'Shanghai',
  POPULATION: 9696300
}
`,
  );
});

test('examples/migrate-binary.ts: every voucher rewritten with the new schema, both schemas kept', async () => {
  const output = await runExample('migrate-binary');
  assert.match(output, /^1 \{\n  expense_date: '2017-09-21',\n  report_date: '2022-05-06',\n  purpose: 'Praesent eget fermentum massa',\n  sum: '666\.67',\n  recipient: 'John Doe',\n  cashier_id: 8\n\}\n/);
  assert.match(output, /4 \{\n  expense_date: '2017-10-24',\n  report_date: null,\n  purpose: 'Quisque ut leo ligula',\n  sum: '1234\.5',/);
  assert.equal((output.match(/expense_date/g) ?? []).length, 6);
  assert.doesNotMatch(output, /reported|\bdate:/);
  assert.match(output, /schemas: 2\n$/);
});

test('examples/transactions.ts prints what pyignite transactions.py prints', async () => {
  assert.equal(
    await runExample('transactions'),
    ['key=1 value=success', 'key=1 value=success', 'TransactionError: timed out, label long-tx', 'key=1 value=success', ''].join('\n'),
  );
});

test('examples/expiry-policy.ts prints what pyignite expiry_policy.py prints', async () => {
  assert.equal(
    await runExample('expiry-policy'),
    ['key = 1, value = 1', 'key = 1, value = null', 'key = 1, value = 1', 'key = 1, value = null', ''].join('\n'),
  );
});
