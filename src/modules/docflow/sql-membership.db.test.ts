import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { sqlMembership, tokenRoles } from './sql-membership.ts';
import { insertMailbox } from './testing.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => t?.drop());

test('MB-11/DF-19: organisation roles come from the member grants (revocation respected) and the mailbox owner holds every role', async () => {
  const org = await insertMailbox(t.database);
  const owner = randomUUID();
  await t.database.db.execute(sql`insert into accounts (id, login, kind, mailbox_id, iin, bin, status) values (${owner}, ${`o${owner.slice(0, 8)}`}, 'organisation', ${org.id}, '900101400001', ${org.bin}, 'active')`);
  await t.database.db.execute(sql`insert into org_members (mailbox_id, iin, role, granted_by) values (${org.id}, '900101400002', 'records_officer', ${owner}), (${org.id}, '900101400002', 'executor', ${owner})`);
  await t.database.db.execute(sql`insert into org_members (mailbox_id, iin, role, granted_by, revoked_at, revoked_by) values (${org.id}, '900101400003', 'signatory', ${owner}, now(), ${owner})`);
  const policy = sqlMembership(t);
  assert.deepEqual((await policy.rolesOf({ accountId: 'x', iin: '900101400002' }, org.id)).sort(), ['executor', 'records_officer']);
  assert.deepEqual(await policy.rolesOf({ accountId: 'x', iin: '900101400003' }, org.id), [], 'a revoked grant gives nothing');
  assert.deepEqual((await policy.rolesOf({ accountId: owner, iin: '900101400001' }, org.id)).sort(), ['executor', 'head', 'reader', 'records_officer', 'signatory']);
  assert.deepEqual(await policy.rolesOf({ accountId: 'x', iin: null }, org.id), []);
  assert.deepEqual(await policy.rolesOf({ accountId: 'x', iin: null, tokenMailboxId: org.id, tokenRoles: tokenRoles(['send']) }, org.id), ['records_officer', 'executor']);
  assert.deepEqual(await policy.rolesOf({ accountId: 'x', iin: null, tokenMailboxId: randomUUID(), tokenRoles: ['reader'] }, org.id), [], 'a token acts only in its own mailbox');
});
