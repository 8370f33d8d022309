// An SQL table filled through the key-value API: the TypeScript port of pyignite's
// examples/create_binary.py. The cache's query entity describes the table; the values are complex
// objects of its value type.
import { complexType, IgniteClient, T } from 'ignite-client';

const Student = complexType('SQL_PUBLIC_STUDENT_TYPE', {
  NAME: T.string,
  LOGIN: T.string,
  AGE: T.int,
  GPA: T.double,
});

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const studentCache = await client.createCache<number, InstanceType<typeof Student>>({
  name: 'SQL_PUBLIC_STUDENT',
  sqlSchema: 'PUBLIC',
  queryEntities: [
    {
      tableName: 'STUDENT',
      keyFieldName: 'SID',
      keyTypeName: 'java.lang.Integer',
      valueTypeName: 'SQL_PUBLIC_STUDENT_TYPE',
      fields: [
        { name: 'SID', typeName: 'java.lang.Integer', isKeyField: true, isNotNull: true },
        { name: 'NAME', typeName: 'java.lang.String' },
        { name: 'LOGIN', typeName: 'java.lang.String' },
        { name: 'AGE', typeName: 'java.lang.Integer' },
        { name: 'GPA', typeName: 'java.lang.Double' },
      ],
    },
  ],
});

await studentCache.put(1, new Student({ LOGIN: 'jdoe', NAME: 'John Doe', AGE: 17, GPA: 4.25 }), { keyHint: T.int });

{
  await using cursor = client.sql('SELECT * FROM Student', { includeFieldNames: true });
  console.log(await cursor.fieldNames());
  // [ 'SID', 'NAME', 'LOGIN', 'AGE', 'GPA' ]
  for await (const row of cursor) console.log(row);
  // [ 1, 'John Doe', 'jdoe', 17, 4.25 ]
}

// Only a cache created with CREATE TABLE can be removed with DROP TABLE: destroy this one.
await studentCache.destroy();
