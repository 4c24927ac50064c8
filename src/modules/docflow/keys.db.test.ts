/**
 * The keys and validation data kept with documents (DF-14, DF-15): written for a batch of
 * documents in one statement, each document keeping every distinct revocation answer it was
 * verified with exactly once (byte for byte), even when the documents of the batch share one
 * reused OCSP answer and its bytes go to the database once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { keyRecordCtesMany } from './keys.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';

let t: TestDatabase;
let s: Scene;
before(async () => {
  ({ t, s } = await openScene());
});
after(() => closeScene(t, s));

async function kept(documentId: string) {
  const r = await t.database.db.execute<{ kind: string; source: string | null; der: Buffer }>(sql`select kind, source, der from docflow_validation_data where document_id = ${documentId} order by der`);
  return r.rows.map((x) => [x.kind, x.source, Buffer.from(x.der).toString('hex')]);
}

test('DF-14: documents verified with the same reused OCSP answer each keep it once, byte for byte, with their other answers; writing again adds nothing', async () => {
  const one = await s.draft();
  const two = await s.draft();
  const shared = Buffer.from('30820101a0030a0100', 'hex'); // the bytes of one answer, reused for both documents
  const own = Buffer.from('3003020101', 'hex');
  const crl = Buffer.from('3003020102', 'hex');
  const entries = [
    { documentId: one.id, links: [], validation: [{ kind: 'ocsp' as const, source: 'http://ocsp.test/', der: shared }, { kind: 'ocsp' as const, source: 'http://ocsp.test/', der: Buffer.from(shared) }] },
    { documentId: two.id, links: [], validation: [{ kind: 'ocsp' as const, source: 'http://ocsp.test/', der: shared }, { kind: 'ocsp' as const, source: 'http://ocsp.test/', der: own }, { kind: 'crl' as const, source: 'preloaded', der: crl }] },
  ];
  const write = () => t.database.db.transaction((tx) => tx.execute(sql`with ${sql.join(keyRecordCtesMany(entries), sql`, `)} select 1`));
  await write();
  const hex = (b: Buffer) => b.toString('hex');
  assert.deepEqual(await kept(one.id), [['ocsp', 'http://ocsp.test/', hex(shared)]]);
  assert.deepEqual(await kept(two.id), [['ocsp', 'http://ocsp.test/', hex(shared)], ['ocsp', 'http://ocsp.test/', hex(own)], ['crl', 'preloaded', hex(crl)]].sort((a, b) => (a[2] < b[2] ? -1 : 1)));
  await write();
  assert.equal((await kept(one.id)).length, 1);
  assert.equal((await kept(two.id)).length, 3);
});
