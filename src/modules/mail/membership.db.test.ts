import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { listLetters } from './list-letters.ts';
import { actorForMailbox } from './membership.ts';
import { sendLetter, type SendLetterDeps } from './send-letter.ts';
import { makeMailbox, tempBlobStore, testEvidenceSigner, TEST_DOMAIN } from './test-support.ts';
import { DEFAULT_MAIL_LIMITS } from './types.ts';

let t: TestDatabase;
const blobs = tempBlobStore();
let deps: SendLetterDeps;

before(async () => {
  t = await createTestDatabase();
  deps = { database: t.database, blobs: blobs.store, signer: testEvidenceSigner(), domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS };
});
after(async () => {
  await t?.drop();
  blobs.cleanup();
});

test('MB-1, MB-9: organisation members act on its mailbox as their role allows; a member without the role and a revoked member are refused and audited', async () => {
  const org = await makeMailbox(t.database, 'too-bench');
  const head = await t.database.db.execute<{ id: string }>(sql`
    insert into accounts (login, kind, mailbox_id, iin, bin, status) values ('too-bench', 'organisation', ${org.mailboxId}, '800101300111', '123456789021', 'active') returning id`);
  const grant = (iin: string, role: string, revoked = false) => t.database.db.execute(sql`
    insert into org_members (mailbox_id, iin, role, granted_by, revoked_at) values (${org.mailboxId}, ${iin}, ${role}, ${head.rows[0].id}, ${revoked ? new Date().toISOString() : null}::timestamptz)`);
  await grant('900101300222', 'reader');
  await grant('900101300333', 'executor');
  await grant('900101300444', 'executor', true);
  const other = await makeMailbox(t.database);
  const person = (iin: string, name: string) => ({ actor: `user:${name}`, iin, ownMailboxId: other.mailboxId });

  const owner = await actorForMailbox(t.database, person('800101300111', 'head'), org.mailboxId);
  const reader = await actorForMailbox(t.database, person('900101300222', 'reader'), org.mailboxId);
  const executor = await actorForMailbox(t.database, person('900101300333', 'executor'), org.mailboxId);
  const revoked = await actorForMailbox(t.database, person('900101300444', 'revoked'), org.mailboxId);
  const stranger = await actorForMailbox(t.database, person('900101300555', 'stranger'), org.mailboxId);

  await sendLetter(deps, executor, { to: [other.address], subject: 'from the organisation', text: 'x' });
  assert.equal((await listLetters(t.database, owner, { folder: 'sent' })).letters.length, 1);
  assert.equal((await listLetters(t.database, reader, { folder: 'sent' })).letters.length, 1);
  const audited = async () => Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'mail.access_refused'`)).rows[0].n);
  const before = await audited();
  await assert.rejects(sendLetter(deps, reader, { to: [other.address], subject: 'no', text: 'x' }), { code: 'FORBIDDEN' });
  await assert.rejects(listLetters(t.database, revoked, { folder: 'sent' }), { code: 'FORBIDDEN' });
  await assert.rejects(listLetters(t.database, stranger, { folder: 'sent' }), { code: 'FORBIDDEN' });
  assert.equal(await audited(), before + 3);
  assert.equal((await listLetters(t.database, executor, { folder: 'sent' })).letters.length, 1, 'only the one letter was sent');
});
