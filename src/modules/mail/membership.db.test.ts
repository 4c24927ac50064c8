import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { listLetters } from './list-letters.ts';
import { actorForMailbox } from './membership.ts';
import { sendLetter } from './send-letter.ts';
import { makeMailbox } from './test-support.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';

const bed = mailTestBedForThisFile();

test('MB-1, MB-9: organisation members act on its mailbox as their role allows; a member without the role and a revoked member are refused and audited', async () => {
  const org = await makeMailbox(bed.database, 'too-bench');
  const head = await bed.database.db.execute<{ id: string }>(sql`
    insert into accounts (login, kind, mailbox_id, iin, bin, status) values ('too-bench', 'organisation', ${org.mailboxId}, '800101300111', '123456789021', 'active') returning id`);
  const grant = (iin: string, role: string, revoked = false) => bed.database.db.execute(sql`
    insert into org_members (mailbox_id, iin, role, granted_by, revoked_at) values (${org.mailboxId}, ${iin}, ${role}, ${head.rows[0].id}, ${revoked ? new Date().toISOString() : null}::timestamptz)`);
  await grant('900101300222', 'reader');
  await grant('900101300333', 'executor');
  await grant('900101300444', 'executor', true);
  const other = await makeMailbox(bed.database);
  const person = (iin: string, name: string) => ({ actor: `user:${name}`, iin, ownMailboxId: other.mailboxId });

  const owner = await actorForMailbox(bed.database, person('800101300111', 'head'), org.mailboxId);
  const reader = await actorForMailbox(bed.database, person('900101300222', 'reader'), org.mailboxId);
  const executor = await actorForMailbox(bed.database, person('900101300333', 'executor'), org.mailboxId);
  const revoked = await actorForMailbox(bed.database, person('900101300444', 'revoked'), org.mailboxId);
  const stranger = await actorForMailbox(bed.database, person('900101300555', 'stranger'), org.mailboxId);

  await sendLetter(bed.deps, executor, { to: [other.address], subject: 'from the organisation', text: 'x' });
  assert.equal((await listLetters(bed.database, owner, { folder: 'sent' })).letters.length, 1);
  assert.equal((await listLetters(bed.database, reader, { folder: 'sent' })).letters.length, 1);
  const audited = async () => Number((await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'mail.access_refused'`)).rows[0].n);
  const before = await audited();
  await assert.rejects(sendLetter(bed.deps, reader, { to: [other.address], subject: 'no', text: 'x' }), { code: 'FORBIDDEN' });
  await assert.rejects(listLetters(bed.database, revoked, { folder: 'sent' }), { code: 'FORBIDDEN' });
  await assert.rejects(listLetters(bed.database, stranger, { folder: 'sent' }), { code: 'FORBIDDEN' });
  assert.equal(await audited(), before + 3);
  assert.equal((await listLetters(bed.database, executor, { folder: 'sent' })).letters.length, 1, 'only the one letter was sent');
});
