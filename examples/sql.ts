// SQL: the TypeScript port of pyignite's examples/sql.py (Apache Ignite's SQL "Getting Started").
import { IgniteClient } from 'ignite-client';
import { CITY, COUNTRY, LANGUAGE, Query, TABLE_NAMES } from './helpers/sql-data.js';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

// a run that stopped half-way may have left the tables behind
for (const name of TABLE_NAMES) await client.sql(Query.DROP_TABLE(name)).toArray();

// create tables
for (const query of [Query.COUNTRY_CREATE_TABLE, Query.CITY_CREATE_TABLE, Query.LANGUAGE_CREATE_TABLE]) {
  await client.sql(query).toArray();
}

// create indices
for (const query of [Query.CITY_CREATE_INDEX, Query.LANGUAGE_CREATE_INDEX]) {
  await client.sql(query).toArray();
}

// load data
for (const row of COUNTRY) await client.sql(Query.COUNTRY_INSERT, { args: row }).toArray();
for (const row of CITY) await client.sql(Query.CITY_INSERT, { args: row }).toArray();
for (const row of LANGUAGE) await client.sql(Query.LANGUAGE_INSERT, { args: row }).toArray();

// 10 most populated cities (with pagination)
console.log('Most 10 populated cities:');
for await (const row of client.sql('SELECT name, population FROM City ORDER BY population DESC LIMIT 10', { pageSize: 4 })) {
  console.log(row);
}
// [ 'Mumbai (Bombay)', 10500000 ]
// [ 'Shanghai', 9696300 ]
// ...
console.log('-'.repeat(20));

// 10 most populated cities in 3 countries (with pagination and header row)
const MOST_POPULATED_IN_3_COUNTRIES = `
  SELECT country.name as country_name, city.name as city_name, MAX(city.population) AS max_pop FROM country
    JOIN city ON city.countrycode = country.code
    WHERE country.code IN ('USA','IND','CHN')
    GROUP BY country.name, city.name ORDER BY max_pop DESC LIMIT 10`;

{
  await using cursor = client.sql(MOST_POPULATED_IN_3_COUNTRIES, { includeFieldNames: true });
  console.log('Most 10 populated cities in USA, India and China:');
  const format = (cells: unknown[]) => `${String(cells[0]).padEnd(15)}\t| ${String(cells[1]).padEnd(20)}\t| ${String(cells[2])}`;
  console.log(format(await cursor.fieldNames()));
  console.log('*'.repeat(50));
  for await (const row of cursor) console.log(format(row));
}
// COUNTRY_NAME   	| CITY_NAME           	| MAX_POP
// **************************************************
// India          	| Mumbai (Bombay)     	| 10500000
// ...
console.log('-'.repeat(20));

// Show city info
{
  await using cursor = client.sql('SELECT * FROM City WHERE id = ?', { args: [3802], includeFieldNames: true });
  const fieldNames = await cursor.fieldNames();
  const [city] = await cursor.toArray();
  console.log('City info:');
  fieldNames.forEach((name, i) => console.log(`${name}: ${String(city![i])}`));
}
// City info:
// ID: 3802
// NAME: Detroit
// COUNTRYCODE: USA
// DISTRICT: Michigan
// POPULATION: 951270

// Clean up
for (const name of TABLE_NAMES) await client.sql(Query.DROP_TABLE(name)).toArray();
