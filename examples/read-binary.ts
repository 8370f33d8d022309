// SQL rows are complex objects: the TypeScript port of pyignite's examples/read_binary.py. The
// tables of the SQL example are read here through the key-value API.
import { ComplexObject, IgniteClient } from 'ignite-client';
import { CITY, COUNTRY, LANGUAGE, Query, TABLE_NAMES } from './helpers/sql-data.js';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

for (const name of TABLE_NAMES) await client.sql(Query.DROP_TABLE(name)).toArray();
for (const query of [Query.COUNTRY_CREATE_TABLE, Query.CITY_CREATE_TABLE, Query.LANGUAGE_CREATE_TABLE]) {
  await client.sql(query).toArray();
}
for (const query of [Query.CITY_CREATE_INDEX, Query.LANGUAGE_CREATE_INDEX]) await client.sql(query).toArray();
for (const row of COUNTRY) await client.sql(Query.COUNTRY_INSERT, { args: row }).toArray();
for (const row of CITY) await client.sql(Query.CITY_INSERT, { args: row }).toArray();
for (const row of LANGUAGE) await client.sql(Query.LANGUAGE_INSERT, { args: row }).toArray();

// examine the storage: a cache per table
console.log((await client.cacheNames()).filter((name) => name.startsWith('SQL_PUBLIC_')).sort());
// [ 'SQL_PUBLIC_CITY', 'SQL_PUBLIC_COUNTRY', 'SQL_PUBLIC_COUNTRYLANGUAGE' ]

const cityCache = client.cache('SQL_PUBLIC_CITY');
const settings = await cityCache.configuration();
console.log(settings.name);
// SQL_PUBLIC_CITY
const [entity] = settings.queryEntities;
console.log(entity?.tableName, entity?.fields.map((f) => f.name));
// CITY [ 'ID', 'NAME', 'COUNTRYCODE', 'DISTRICT', 'POPULATION' ]

/** The object's fields, with its type name shortened to what does not vary between runs. */
const show = (value: unknown): unknown => {
  if (!(value instanceof ComplexObject)) return value;
  const typeName = (value.constructor as typeof ComplexObject).descriptor.typeName;
  return { type: typeName.replace(/^(SQL_PUBLIC_CITY)_[0-9a-f_]+?(_KEY)?$/, '$1_<id>$2'), ...value };
};

console.log('-'.repeat(20));
// Keys and values of the City table are complex objects of the key and value types.
const [first] = await cityCache.scan({ pageSize: 100 }).toArray();
console.log(first && Object.keys(first[0] as object).sort(), first && Object.keys(first[1] as object).sort());
// [ 'COUNTRYCODE', 'ID' ] [ 'DISTRICT', 'NAME', 'POPULATION' ]

console.log('-'.repeat(20));
for await (const row of client.sql('SELECT _KEY, _VAL FROM CITY WHERE ID = ?', { args: [1890] })) {
  for (const part of row) console.log(show(part));
}
// { type: 'SQL_PUBLIC_CITY_<id>_KEY', ID: 1890, COUNTRYCODE: 'CHN' }
// { type: 'SQL_PUBLIC_CITY_<id>', NAME: 'Shanghai', DISTRICT: 'Shanghai', POPULATION: 9696300 }

for (const name of TABLE_NAMES) await client.sql(Query.DROP_TABLE(name)).toArray();
