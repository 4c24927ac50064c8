/**
 * DF-5: a fresh installation has the starting reference data from its migrations alone (no
 * `jashik docflow seed-reference` needed); seeding again is idempotent and leaves an entry an
 * operator admin edited or retired as they left it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { DEFAULT_REFERENCE, seedDefaultReference } from './default-reference.ts';
import { checkReferenceData, currentReference, putReference, type NomenclatureData } from './reference.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.drop();
});

const ADMIN = { accountId: 'adm', iin: null, actor: 'staff:adm', staffRole: 'operator_admin' as const };

test('DF-5: a freshly migrated database holds every starting document type and nomenclature index, valid as the editor would store it', async () => {
  for (const e of DEFAULT_REFERENCE) {
    const cur = await currentReference(t.database.db, e.kind, e.code);
    assert.ok(cur, `${e.kind} ${e.code}`);
    assert.equal(cur.version, 1);
    assert.deepEqual(cur.data, checkReferenceData(e.kind, e.data).data);
  }
});

test('DF-5: seeding again adds nothing, and a retired or edited entry is not brought back', async () => {
  assert.equal(await seedDefaultReference(t.database), 0);
  await t.database.db.transaction((tx) => putReference(tx, ADMIN, { kind: 'nomenclature', code: '01-04', retired: true }));
  await t.database.db.transaction((tx) => putReference(tx, ADMIN, { kind: 'nomenclature', code: '01-03', data: { title: { kk: 'Бұйрықтар', ru: 'Приказы', en: 'Orders' }, retentionYears: 75, medium: 'electronic' } }));
  assert.equal(await seedDefaultReference(t.database), 0);
  assert.equal(await currentReference(t.database.db, 'nomenclature', '01-04'), undefined, 'retired stays retired');
  assert.equal((await currentReference<NomenclatureData>(t.database.db, 'nomenclature', '01-03'))?.data.retentionYears, 75);
  const count = await t.database.db.execute<{ n: string }>(sql`select count(*)::text as n from docflow_reference`);
  assert.equal(Number(count.rows[0].n), DEFAULT_REFERENCE.length + 2);
});
