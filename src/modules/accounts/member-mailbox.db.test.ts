import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import type { AppContext } from '../../app/context.ts';
import { mailAuthenticate } from '../../app/mail-auth.ts';
import { mailRoutes } from '../../http/routes/mail-routes.ts';
import type { MailRuntime } from '../mail/mail-runtime.ts';
import { tempBlobStore, testEvidenceSigner } from '../mail/test-support.ts';
import { DEFAULT_MAIL_LIMITS } from '../mail/types.ts';
import type { OrganisationRecord } from '../identity/state-registry.ts';
import { accountsHarness, Client, submitApplication, TEST_DOMAIN, type AccountsHarness } from './http-test-support.ts';
import { MEMBER_POLICY, permissionsOf } from './member-policy.ts';
import { issuePersonCert, signDocument } from './test-pki.ts';

const HEAD = makeIin('1966-06-06', 'male', 3);
const READER = makeIin('1990-01-01', 'female', 11);
const EXEC = makeIin('1991-02-02', 'male', 12);
const STRANGER = makeIin('1992-03-03', 'female', 13);
const NO_ACCOUNT = makeIin('1994-04-04', 'male', 14);
const BIN = makeBin(2016, 4, 4, 0, 33);
const PASSWORD = 'Жаз келді, күн жылынды 2026';
const org: OrganisationRecord = { bin: BIN, name: 'ТОО Мүшелер', status: 'active' };
let h: AccountsHarness;
const blobs = tempBlobStore();
let orgMailbox = '';
const grants: Record<string, string> = {};

function person(iin: string, login: string) {
  return { applicant: { kind: 'individual', fullName: `Тест ${login.toUpperCase()}`, iin, identityDocument: { number: login }, residentialAddress: 'Астана', mobilePhone: '+77010000000' }, login };
}

before(async () => {
  const signer = testEvidenceSigner();
  h = await accountsHarness(
    [HEAD, READER, EXEC, STRANGER].map((iin, i) => ({ iin, surname: 'ТЕСТ', name: ['БАСШЫ', 'reader1', 'exec1', 'stranger1'][i].toUpperCase(), status: 'active' as const })),
    [org],
    (t) => {
      const send = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS };
      const rt: MailRuntime = {
        settings: { limits: DEFAULT_MAIL_LIMITS, dkimSelector: 'x', authChecks: false }, signer, resolve: async () => [], send,
        inbound: { ...send, resolve: async () => [], authChecks: false },
        jobs: () => ({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve: async () => [] } }),
      };
      return [mailRoutes(() => rt, mailAuthenticate({ database: t.database } as unknown as AppContext))];
    },
  );
  const forms = [
    [person(READER, 'reader1'), issuePersonCert(h.pki.ca, { iin: READER })],
    [person(EXEC, 'exec1'), issuePersonCert(h.pki.ca, { iin: EXEC })],
    [person(STRANGER, 'stranger1'), issuePersonCert(h.pki.ca, { iin: STRANGER })],
    [{ applicant: { kind: 'legal_entity', fullName: 'ТОО Мүшелер', bin: BIN, stateRegistration: { number: '1', issuedBy: 'МЮ', date: '2016-04-01' }, legalAddress: 'А', actualAddress: 'А', workPhone: '+77270000000' }, login: 'org-members' }, issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN })],
  ] as const;
  for (const [form, cert] of forms) {
    const r = await submitApplication(h.app, form, cert, PASSWORD);
    assert.equal(r.statusCode, 201, r.body);
  }
  const o = await signedIn('org-members');
  const head = issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN, role: 'first_head' });
  for (const [iin, role] of [[READER, 'reader'], [EXEC, 'executor'], [NO_ACCOUNT, 'reader']] as const) {
    const prep = await o.call('POST', '/api/v1/organisation/members/prepare', { action: 'grant', iin, role });
    const r = await o.call('POST', '/api/v1/organisation/members', { signature: signDocument(prep.json().document, head.signer) });
    assert.equal(r.statusCode, 201, r.body);
    grants[iin === NO_ACCOUNT ? 'unregistered' : role] = r.json().memberId;
  }
  const reader = await signedIn('reader1');
  orgMailbox = (await reader.call('GET', '/api/v1/me/organisations')).json()[0].mailboxId;
});
after(async () => {
  await h?.close();
  blobs.cleanup();
});

async function signedIn(login: string): Promise<Client> {
  const c = new Client(h.app);
  const r = await c.call('POST', '/api/v1/auth/login', { login, password: PASSWORD });
  assert.equal(r.statusCode, 200, r.body);
  return c;
}
const inOrg = () => ({ headers: { 'x-mailbox-id': orgMailbox } });
const letter = { to: ['reader1@pochta.test'], subject: 'Ұйымнан', text: 'Сәлем' };

test('MB-1 (issue 4 item 8): the member policy is one table — reader reads; executor, signatory, head and records officer read and send; no role gives nothing', () => {
  assert.deepEqual(MEMBER_POLICY.reader, ['read']);
  for (const r of ['executor', 'signatory', 'head', 'records_officer', 'owner'] as const) assert.deepEqual(MEMBER_POLICY[r], ['read', 'send']);
  assert.deepEqual(permissionsOf([]), []);
  assert.deepEqual(permissionsOf(['nonsense']), []);
  assert.deepEqual(permissionsOf(['reader', 'executor']), ['read', 'send']);
});

test('MB-1 (issue 4 item 8): the organisation mailbox answers 401 to anonymous callers and 403 to a signed-in person without a role', async () => {
  const anon = new Client(h.app);
  assert.equal((await anon.call('GET', '/api/mail/letters?folder=inbox', undefined, inOrg())).statusCode, 401);
  assert.equal((await anon.call('POST', '/api/mail/letters', letter, inOrg())).statusCode, 401);
  const stranger = await signedIn('stranger1');
  assert.equal((await stranger.call('GET', '/api/mail/letters?folder=inbox', undefined, inOrg())).statusCode, 403);
  assert.equal((await stranger.call('POST', '/api/mail/letters', letter, inOrg())).statusCode, 403);
  assert.equal((await stranger.call('GET', '/api/mail/letters?folder=inbox')).statusCode, 200, 'their own mailbox still works');
});

test('MB-1 (issue 4 item 8): a reader reads the organisation mailbox but may not send from it (403)', async () => {
  const reader = await signedIn('reader1');
  assert.equal((await reader.call('GET', '/api/mail/letters?folder=inbox', undefined, inOrg())).statusCode, 200);
  const refused = await reader.call('POST', '/api/mail/letters', letter, inOrg());
  assert.equal(refused.statusCode, 403, refused.body);
});

test('MB-1 (issue 4 item 8): an executor signed in with their personal account sends from the organisation mailbox; once revoked, the same session gets 403 at once', async () => {
  const exec = await signedIn('exec1');
  const sent = await exec.call('POST', '/api/mail/letters', letter, inOrg());
  assert.equal(sent.statusCode, 201, sent.body);
  const page = (await exec.call('GET', '/api/mail/letters?folder=sent', undefined, inOrg())).json();
  assert.equal(page.letters.length, 1);
  assert.match(page.letters[0].from?.address ?? page.letters[0].fromAddress ?? JSON.stringify(page.letters[0]), /org-members@/);
  assert.equal((await exec.call('GET', '/api/mail/letters?folder=sent')).json().letters.length, 0, 'not in their personal mailbox');

  const o = await signedIn('org-members');
  const head = issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN, role: 'first_head' });
  const prep = await o.call('POST', '/api/v1/organisation/members/prepare', { action: 'revoke', memberId: grants.executor });
  const revoked = await o.call('POST', '/api/v1/organisation/members/revoke', { signature: signDocument(prep.json().document, head.signer) });
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.equal((await exec.call('GET', '/api/mail/letters?folder=sent', undefined, inOrg())).statusCode, 403);
  assert.equal((await exec.call('POST', '/api/mail/letters', letter, inOrg())).statusCode, 403);
});

async function edsLogin(iin: string) {
  const c = new Client(h.app);
  const ch = (await c.call('POST', '/api/v1/auth/signature-challenge')).json();
  const cert = issuePersonCert(h.pki.ca, { iin, bin: BIN, role: 'employee', purpose: 'authentication' });
  return { c, r: await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch.document, cert.signer) }) };
}

test('issue 4 item 8: EDS sign-in with an employee certificate of the organisation — a non-member is refused (401); a member without a personal account is told to register one (422)', async () => {
  const stranger = await edsLogin(STRANGER);
  assert.equal(stranger.r.statusCode, 401, stranger.r.body);
  const unregistered = await edsLogin(NO_ACCOUNT);
  assert.equal(unregistered.r.statusCode, 422, unregistered.r.body);
  assert.equal(unregistered.r.json().error.code, 'MEMBER_NEEDS_PERSONAL_ACCOUNT');
  assert.match(unregistered.r.json().error.message, /personal mailbox|личный почтовый ящик|жеке пошта/);
  assert.equal(unregistered.c.cookies.jashik_session, undefined, 'no session');
});

test('issue 4 item 8: EDS sign-in of a member with an employee certificate carrying the BIN binds to their personal account and names the organisation mailbox to act in', async () => {
  const { c, r } = await edsLogin(READER);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().login, 'reader1');
  assert.deepEqual(r.json().organisation, { mailboxId: orgMailbox, address: 'org-members@pochta.test', roles: ['reader'] });
  assert.equal((await c.call('GET', '/api/mail/letters?folder=inbox', undefined, inOrg())).statusCode, 200);
  assert.equal((await c.call('POST', '/api/mail/letters', letter, inOrg())).statusCode, 403, 'still only within the role');
});

test('issue 4 item 10: a frozen (liquidated) organisation mailbox is read-only — the owner and members read, nobody sends (403)', async () => {
  const owner = await signedIn('org-members');
  assert.equal((await owner.call('POST', '/api/mail/letters', letter)).statusCode, 201, 'sends while active');
  await h.t.database.db.execute(sql`update accounts set status = 'frozen' where login = 'org-members'`);
  assert.equal((await owner.call('GET', '/api/mail/letters?folder=sent')).statusCode, 200);
  assert.equal((await owner.call('POST', '/api/mail/letters', letter)).statusCode, 403);
  const reader = await signedIn('reader1');
  assert.equal((await reader.call('GET', '/api/mail/letters?folder=inbox', undefined, inOrg())).statusCode, 200);
  assert.equal((await reader.call('POST', '/api/mail/letters', letter)).statusCode, 201, 'their own personal mailbox is not affected');
});
