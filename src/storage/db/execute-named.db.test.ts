import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { executeNamed, onConnectionOf, statementName } from './execute-named.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase({ migrate: false });
});
after(async () => t?.drop());

test('a named statement gives the rows tx.execute gives, and is prepared once on the connection however often it runs', async () => {
  const query = (n: number, word: string) => sql`select ${n}::int + 1 as next, upper(${word}) as word, ${JSON.stringify({ a: [n] })}::jsonb as j`;
  await t.database.db.transaction(async (tx) => {
    for (const [n, word] of [[1, 'қазақ'], [41, 'ёж']] as const) {
      const named = await executeNamed<{ next: number; word: string; j: unknown }>(tx, query(n, word));
      const plain = await tx.execute(query(n, word));
      assert.deepEqual(named, plain.rows);
    }
    const { sql: text } = new PgDialect().sqlToQuery(query(0, ''));
    const prepared = await tx.execute<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements where name = ${statementName(text)}`);
    assert.equal(prepared.rows[0].n, 1, 'one prepared statement for the text, on this connection');
  });
});

test('a statement that fails rolls back its transaction like an unnamed one, and the next run of the same text works', async () => {
  const insertThenFail = (v: number) => sql`select ${v}::int / (${v}::int - 1) as q`;
  await assert.rejects(t.database.db.transaction((tx) => executeNamed(tx, insertThenFail(1))), /division by zero/);
  const [row] = await t.database.db.transaction((tx) => executeNamed<{ q: number }>(tx, insertThenFail(3)));
  assert.equal(row.q, 1);
});

test('texts are named by their digest, and only so many: a caller whose text varies with its data gets unnamed statements', () => {
  assert.match(statementName('select 1')!, /^jashik_x_[0-9a-f]{32}$/);
  assert.equal(statementName('select 1'), statementName('select 1'));
  assert.notEqual(statementName('select 2'), statementName('select 1'));
  let last: string | undefined = '';
  for (let i = 0; i < 300 && last !== undefined; i++) last = statementName(`select ${i} + 0`);
  assert.equal(last, undefined, 'naming stops at the cap');
  assert.ok(statementName('select 1'), 'texts named before the cap keep their names');
});

test('a prepared query built once runs inside each later transaction, on that transaction\'s connection', async () => {
  const build = (tx: Parameters<Parameters<typeof t.database.db.transaction>[0]>[0]) =>
    tx.select({ xid: sql<string>`txid_current()::text`, n: sql<number>`${sql.placeholder('n')}::int * 2` }).from(sql`(select 1) as one`).prepare('test_on_connection_of');
  const prepared = await t.database.db.transaction(async (tx) => build(tx));
  for (const n of [1, 5]) {
    await t.database.db.transaction(async (tx) => {
      const own = await tx.execute<{ xid: string }>(sql`select txid_current()::text as xid`);
      const [row] = await onConnectionOf(prepared, tx).execute({ n });
      assert.deepEqual(row, { xid: own.rows[0].xid, n: 2 * n }, 'same transaction id: it ran inside this transaction');
    });
  }
});
