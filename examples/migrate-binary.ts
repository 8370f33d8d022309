// Schema evolution: the TypeScript port of pyignite's examples/migrate_binary.py. Objects of one
// type written with an old schema are read and rewritten with a new one (a field added, one
// renamed, one dropped); the cluster keeps both schemas of the type.
import { complexType, Decimal, IgniteClient, T } from 'ignite-client';

const ExpenseVoucher = complexType('ExpenseVoucher', {
  date: T.date,
  reported: T.bool,
  purpose: T.string,
  sum: T.decimal,
  recipient: T.string,
  cashier_id: T.long,
});

const oldData: Array<[number, ConstructorParameters<typeof ExpenseVoucher>[0]]> = [
  [1, { date: new Date('2017-09-21'), reported: true, purpose: 'Praesent eget fermentum massa', sum: Decimal.parse('666.67'), recipient: 'John Doe', cashier_id: 8 }],
  [2, { date: new Date('2017-10-11'), reported: true, purpose: 'Proin in bibendum nulla', sum: Decimal.parse('333.33'), recipient: 'Jane Roe', cashier_id: 9 }],
  [3, { date: new Date('2017-10-11'), reported: true, purpose: 'Suspendisse nec dolor auctor, scelerisque ex eu, iaculis odio', sum: Decimal.parse('400.0'), recipient: 'Jane Roe', cashier_id: 8 }],
  [4, { date: new Date('2017-10-24'), reported: false, purpose: 'Quisque ut leo ligula', sum: Decimal.parse('1234.5'), recipient: 'Joe Bloggs', cashier_id: 10 }],
  [5, { date: new Date('2017-12-01'), reported: true, purpose: 'Quisque ut leo ligula', sum: Decimal.parse('800.0'), recipient: 'Richard Public', cashier_id: 12 }],
  [6, { date: new Date('2017-12-01'), reported: true, purpose: 'Aenean eget bibendum lorem, a luctus libero', sum: Decimal.parse('135.79'), recipient: 'Joe Bloggs', cashier_id: 10 }],
];

// The new schema: `date` becomes `expense_date`, `reported` becomes `report_date`.
const ExpenseVoucherV2 = complexType('ExpenseVoucher', {
  expense_date: T.date,
  report_date: T.date,
  purpose: T.string,
  sum: T.decimal,
  recipient: T.string,
  cashier_id: T.long,
});

// Fixed, so that the example prints the same every time (pyignite uses today's date).
const REPORT_DATE = new Date('2022-05-06');

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const accounting = await client.getOrCreateCache<number, object>('accounting');
for (const [key, value] of oldData) await accounting.put(key, new ExpenseVoucher(value));

const printable = (value: object | null) =>
  Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v instanceof Decimal ? v.toString() : v]));

// Read with the old keep-binary view, write back with the new schema.
const binary = accounting.withKeepBinary();
for await (const [key, old] of binary.scan()) {
  const record = old as unknown as { field(name: string): unknown };
  const migrated = new ExpenseVoucherV2({
    sum: record.field('sum') as Decimal,
    purpose: record.field('purpose') as string,
    recipient: record.field('recipient') as string,
    cashier_id: record.field('cashier_id') as number,
    expense_date: record.field('date') as Date,
    report_date: record.field('reported') ? REPORT_DATE : null,
  });
  await accounting.put(key, migrated);
}

for (const [key] of oldData) console.log(key, printable(await accounting.get(key)));
// 1 { expense_date: '2017-09-21', report_date: '2022-05-06', purpose: 'Praesent eget fermentum massa', sum: '666.67', recipient: 'John Doe', cashier_id: 8 }
// ...

const type = await client.binary.getType('ExpenseVoucher');
console.log('schemas:', type?.schemas.size);
// schemas: 2

await accounting.destroy();
