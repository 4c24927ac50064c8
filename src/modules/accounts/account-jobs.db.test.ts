import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { createLogger } from '../../shared/logger.ts';
import { deleteUnreferencedBlob } from '../../storage/blob-refs.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { AppError } from '../../shared/errors.ts';
import type { OrganisationRecord } from '../identity/state-registry.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { composeLetter } from '../mail/compose-letter.ts';
import { parseLetter } from '../mail/parse-letter.ts';
import { insertLetter } from '../mail/store-letter.ts';
import { accountsJobHandlers } from './accounts-jobs.ts';
import { accountsHarness, Client, submitApplication, TEST_DOMAIN, type AccountsHarness } from './http-test-support.ts';
import { PURGE_JOB } from './mailbox-retention.ts';
import { RECHECK_JOB } from './registry-recheck.ts';
import { accounts, directoryEntries } from './schema.ts';
import { issuePersonCert } from './test-pki.ts';

const IIN = makeIin('1985-05-05', 'female', 21);
const HEAD = makeIin('1970-07-07', 'male', 22);
const BIN = makeBin(2012, 2, 4, 0, 44);
const PASSWORD = 'Күз келді, жапырақ түсті 2026';
let h: AccountsHarness;
let org: OrganisationRecord = { bin: BIN, name: 'ТОО ЖОЙЫЛАТЫН', status: 'active' };

before(async () => {
  h = await accountsHarness([{ iin: IIN, surname: 'ЖАБУШЫ', name: 'АЙГЕРІМ', status: 'active' }, { iin: HEAD, surname: 'БАСШЫ', name: 'ЕРЛАН', status: 'active' }], [org]);
  h.deps.registry.findOrganisation = async (bin) => {
    if (org.status === ('unavailable' as never)) throw new AppError('REGISTRY_UNAVAILABLE');
    return bin === BIN ? { ...org } : null;
  };
  for (const [form, cert] of [
    [{ applicant: { kind: 'individual', fullName: 'Жабушы Айгерім', iin: IIN, identityDocument: { number: '1' }, residentialAddress: 'Астана', mobilePhone: '+77010000000' }, login: 'closing' }, issuePersonCert(h.pki.ca, { iin: IIN })],
    [{ applicant: { kind: 'legal_entity', fullName: 'ТОО ЖОЙЫЛАТЫН', bin: BIN, stateRegistration: { number: '1', issuedBy: 'МЮ', date: '2012-02-01' }, legalAddress: 'А', actualAddress: 'А', workPhone: '+77270000000' }, login: 'liquidated-llp' }, issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN })],
  ] as const) {
    const r = await submitApplication(h.app, form, cert, PASSWORD);
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => h?.close());

function handlers() {
  return { ...accountsJobHandlers({ db: h.t.database.db, blobs: h.deps.blobs, domain: TEST_DOMAIN, registry: h.deps.registry, everyMs: 24 * 3600_000 }), 'blob.delete': deleteUnreferencedBlob(h.deps.blobs) };
}
async function drain(): Promise<void> {
  const w = startJobWorkers({ database: h.t.database, log: createLogger('silent'), pollMs: 20, handlers: handlers() });
  // Not w.idle(): that waits for jobs scheduled later too (the next periodic run, a purge not yet due).
  for (;;) {
    const n = await count(sql`select count(*) as n from jobs where status = 'running' or (status = 'pending' and run_at <= now())`);
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await w.stop();
}
async function mailboxOf(login: string) {
  const [a] = await h.t.database.db.select().from(accounts).where(eq(accounts.login, login));
  const [mb] = await h.t.database.db.select().from(mailboxes).where(eq(mailboxes.id, a.mailboxId!));
  return { account: a, mailbox: mb };
}
async function putLetter(mailboxId: string, address: string, text: string) {
  const stream = composeLetter({ messageId: `<${randomUUID()}@x.test>`, from: { address: 'someone@x.test', name: '' }, to: [address], cc: [], subject: 'хат', text, attachments: [], date: new Date() }, 1 << 20);
  const raw = await h.deps.blobs.put(stream);
  const parsed = await parseLetter(await h.deps.blobs.get(raw.sha256));
  await h.t.database.db.transaction((tx) => insertLetter(tx, h.deps.blobs, { mailboxId, folder: 'inbox', direction: 'in', parsed, raw }));
  return raw.sha256;
}
const count = async (q: ReturnType<typeof sql>) => Number((await h.t.database.db.execute<{ n: string }>(q)).rows[0].n);

test('MB-2 (issue 4 item 10): letters of a closed mailbox are kept for the retention period, then a durable job deletes them and their blobs; the address stays taken', async () => {
  const { mailbox } = await mailboxOf('closing');
  const shas = [await putLetter(mailbox.id, mailbox.address, 'бір'), await putLetter(mailbox.id, mailbox.address, 'екі')];
  (h.deps as { closedMailboxRetentionDays?: number }).closedMailboxRetentionDays = 1.5 / 86_400; // 1.5 seconds
  const c = new Client(h.app);
  assert.equal((await c.call('POST', '/api/v1/auth/login', { login: 'closing', password: PASSWORD })).statusCode, 200);
  const closed = await c.call('POST', '/api/v1/me/close', { confirmLogin: 'closing', exportAcknowledged: true });
  assert.equal(closed.statusCode, 200, closed.body);
  const [job] = (await h.t.database.db.execute<{ run_at: Date }>(sql`select run_at from jobs where kind = ${PURGE_JOB} and payload->>'mailboxId' = ${mailbox.id}`)).rows;
  assert.ok(new Date(job.run_at).getTime() > Date.now(), 'scheduled after the retention period');

  await drain();
  assert.equal(await count(sql`select count(*) as n from letters where mailbox_id = ${mailbox.id}`), 2, 'kept during the retention period');
  await new Promise((r) => setTimeout(r, 1600));
  await drain();
  assert.equal(await count(sql`select count(*) as n from letters where mailbox_id = ${mailbox.id}`), 0, 'deleted after it');
  for (const sha of shas) {
    assert.equal(await count(sql`select count(*) as n from blob_refs where sha256 = ${sha}`), 0);
    assert.equal(await h.deps.blobs.has(sha), false, 'blob deleted');
  }
  assert.equal(await count(sql`select count(*) as n from audit_log where type = 'mailbox.letters_purged'`), 1);
  const after = await mailboxOf('closing');
  assert.equal(after.mailbox.status, 'closed');
  assert.equal(after.mailbox.address, mailbox.address, 'the row (and so the address) is kept: never reused');
  assert.equal(after.mailbox.usedBytes, 0);
});

test('issue 4 item 10: the periodic registry re-check leaves a live organisation alone and changes nothing while the registry is unavailable', async () => {
  await h.t.database.db.transaction((tx) => enqueueJob(tx, { kind: RECHECK_JOB, payload: {}, idempotencyKey: 'recheck-now-1' }));
  await drain();
  assert.equal((await mailboxOf('liquidated-llp')).account.status, 'active');
  org = { ...org, status: 'unavailable' as never };
  await h.t.database.db.transaction((tx) => enqueueJob(tx, { kind: RECHECK_JOB, payload: {}, idempotencyKey: 'recheck-now-2' }));
  await drain();
  assert.equal((await mailboxOf('liquidated-llp')).account.status, 'active');
  assert.ok(await count(sql`select count(*) as n from jobs where kind = ${RECHECK_JOB} and status = 'pending' and run_at > now()`) >= 1, 'the next periodic run is scheduled');
});

test('issue 4 item 10: a BIN the registry reports liquidated is frozen by the periodic job, out of the directory, with one notice letter in its Inbox', async () => {
  org = { ...org, status: 'liquidated' };
  await h.t.database.db.transaction((tx) => enqueueJob(tx, { kind: RECHECK_JOB, payload: {}, idempotencyKey: 'recheck-now-3' }));
  await drain();
  const { account, mailbox } = await mailboxOf('liquidated-llp');
  assert.equal(account.status, 'frozen');
  const [dir] = await h.t.database.db.select().from(directoryEntries).where(eq(directoryEntries.bin, BIN));
  assert.equal(dir.active, false);
  const notices = await h.t.database.db.execute<{ subject: string; verified_sender: boolean }>(sql`select subject, verified_sender from letters where mailbox_id = ${mailbox.id} and folder = 'inbox'`);
  assert.equal(notices.rows.length, 1);
  assert.match(notices.rows[0].subject, /Mailbox frozen/);
  assert.equal(notices.rows[0].verified_sender, true);
  assert.equal(await count(sql`select count(*) as n from audit_log where type = 'mailbox.frozen'`), 1);

  await h.t.database.db.transaction((tx) => enqueueJob(tx, { kind: RECHECK_JOB, payload: {}, idempotencyKey: 'recheck-now-4' }));
  await drain();
  assert.equal(await count(sql`select count(*) as n from letters where mailbox_id = ${mailbox.id}`), 1, 'no second notice');
});
