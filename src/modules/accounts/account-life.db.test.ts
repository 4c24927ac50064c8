import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import type { OrganisationRecord } from '../identity/state-registry.ts';
import { accountsHarness, Client, submitApplication, type AccountsHarness } from './http-test-support.ts';
import { accounts, directoryEntries } from './schema.ts';
import { issuePersonCert, signDocument } from './test-pki.ts';

const IIN = makeIin('1988-10-10', 'male', 41);
const MEMBER = makeIin('1993-03-03', 'female', 17);
const HEAD = makeIin('1966-06-06', 'male', 3);
const NEW_HEAD = makeIin('1972-12-12', 'female', 6);
const BIN = makeBin(2015, 3, 4, 0, 21);
const PASSWORD = 'Қыс келді, қар жауды 2026';
let h: AccountsHarness;
const org: OrganisationRecord = { bin: BIN, name: 'ТОО Тест Сервис', status: 'active' };

before(async () => {
  h = await accountsHarness(
    [
      { iin: IIN, surname: 'ТЕМІРОВ', name: 'АРМАН', status: 'active' },
      { iin: MEMBER, surname: 'МҮШЕ', name: 'ДИНА', status: 'active' },
      { iin: HEAD, surname: 'БАСШЫ', name: 'НҰРЛАН', status: 'active' },
    ],
    [org],
  );
  h.deps.registry.findOrganisation = async (bin) => (bin === BIN ? { ...org } : null);
  const person = { applicant: { kind: 'individual', fullName: 'Теміров Арман', iin: IIN, identityDocument: { number: '1' }, residentialAddress: 'Астана', mobilePhone: '+77010000000' }, login: 'arman' };
  for (const [form, cert] of [
    [person, issuePersonCert(h.pki.ca, { iin: IIN })],
    [{ applicant: { kind: 'individual', fullName: 'Мүше Дина', iin: MEMBER, identityDocument: { number: '2' }, residentialAddress: 'Астана', mobilePhone: '+77010000001' }, login: 'dina' }, issuePersonCert(h.pki.ca, { iin: MEMBER })],
    [{ applicant: { kind: 'legal_entity', fullName: 'ТОО Тест Сервис', bin: BIN, stateRegistration: { number: '1', issuedBy: 'МЮ', date: '2015-03-01' }, legalAddress: 'А', actualAddress: 'А', workPhone: '+77270000000' }, login: 'test-service' }, issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN })],
  ] as const) {
    const r = await submitApplication(h.app, form, cert, PASSWORD);
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => h?.close());

async function signedIn(login: string): Promise<Client> {
  const c = new Client(h.app);
  const r = await c.call('POST', '/api/v1/auth/login', { login, password: PASSWORD });
  assert.equal(r.statusCode, 200, r.body);
  return c;
}

test('issue 4: organisation member endpoints answer 401 without a session and 403 to a person', async () => {
  const anon = new Client(h.app);
  for (const [m, u] of [['GET', '/api/v1/organisation/members'], ['POST', '/api/v1/organisation/members/prepare'], ['POST', '/api/v1/organisation/members'], ['POST', '/api/v1/organisation/members/revoke'], ['POST', '/api/v1/me/close'], ['GET', '/api/v1/me/organisations']] as const) {
    assert.equal((await anon.call(m, u, m === 'GET' ? undefined : {})).statusCode, 401, u);
  }
  const p = await signedIn('arman');
  for (const [m, u] of [['GET', '/api/v1/organisation/members'], ['POST', '/api/v1/organisation/members/prepare']] as const) {
    assert.equal((await p.call(m, u, m === 'GET' ? undefined : { action: 'grant', iin: MEMBER, role: 'reader' })).statusCode, 403, u);
  }
  const o = await signedIn('test-service');
  assert.equal((await o.call('GET', '/api/v1/me/organisations')).statusCode, 403);
});

test('issue 4: the head grants a person a role with EDS; the person sees it; an employee certificate cannot grant; the head revokes it', async () => {
  const o = await signedIn('test-service');
  const prep = await o.call('POST', '/api/v1/organisation/members/prepare', { action: 'grant', iin: MEMBER, role: 'records_officer' });
  assert.equal(prep.statusCode, 200, prep.body);
  const employee = issuePersonCert(h.pki.ca, { iin: MEMBER, bin: BIN, role: 'employee' });
  const refused = await o.call('POST', '/api/v1/organisation/members', { signature: signDocument(prep.json().document, employee.signer) });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().error.code, 'IDENTITY_MISMATCH');
  const noCsrf = await o.call('POST', '/api/v1/organisation/members', { signature: 'x' }, { csrf: false });
  assert.equal(noCsrf.statusCode, 403);
  const head = issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN, role: 'first_head' });
  const granted = await o.call('POST', '/api/v1/organisation/members', { signature: signDocument(prep.json().document, head.signer) });
  assert.equal(granted.statusCode, 201, granted.body);
  // The members list answers every field its schema names (the web cabinet's types are generated from it).
  const listed = await o.call('GET', '/api/v1/organisation/members');
  assert.equal(listed.statusCode, 200, listed.body);
  const member = listed.json().find((m: { iin: string }) => m.iin === MEMBER);
  assert.deepEqual({ ...member, grantedAt: typeof member.grantedAt }, { id: granted.json().memberId, iin: MEMBER, role: 'records_officer', grantedAt: 'string' });
  const dina = await signedIn('dina');
  const mine = (await dina.call('GET', '/api/v1/me/organisations')).json();
  assert.deepEqual(mine.map((m: { roles: string[] }) => m.roles), [['records_officer']]);

  const prepR = await o.call('POST', '/api/v1/organisation/members/prepare', { action: 'revoke', memberId: granted.json().memberId });
  const revoked = await o.call('POST', '/api/v1/organisation/members/revoke', { signature: signDocument(prepR.json().document, head.signer) });
  assert.equal(revoked.statusCode, 200, revoked.body);
  assert.deepEqual((await dina.call('GET', '/api/v1/me/organisations')).json(), []);
});

test('MB-10: the session list names each live session with its method, client, times and which one is this', async () => {
  const c = await signedIn('arman');
  const r = await c.call('GET', '/api/v1/sessions');
  assert.equal(r.statusCode, 200, r.body);
  const current = r.json().filter((s: { current: boolean }) => s.current);
  assert.equal(current.length, 1);
  assert.deepEqual(Object.keys(current[0]).sort(), ['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'method', 'userAgent']);
  assert.equal(current[0].method, 'password');
});

test('issue 4: password reset online with EDS — the owner\'s authentication key resets it, a stranger\'s does not', async () => {
  const c = new Client(h.app);
  const prep = await c.call('POST', '/api/v1/auth/password-reset/prepare', { login: 'arman' });
  const stranger = issuePersonCert(h.pki.ca, { iin: MEMBER, purpose: 'authentication' });
  const bad = await c.call('POST', '/api/v1/auth/password-reset', { signature: signDocument(prep.json().document, stranger.signer), password: 'brand new passphrase 1' });
  assert.equal(bad.statusCode, 401);
  const weak = await c.call('POST', '/api/v1/auth/password-reset', { signature: signDocument(prep.json().document, stranger.signer), password: 'password1234' });
  assert.equal(weak.statusCode, 400);
  const mineAuth = issuePersonCert(h.pki.ca, { iin: IIN, purpose: 'authentication' });
  const ok = await c.call('POST', '/api/v1/auth/password-reset', { signature: signDocument(prep.json().document, mineAuth.signer), password: 'brand new passphrase 1' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await c.call('POST', '/api/v1/auth/login', { login: 'arman', password: PASSWORD })).statusCode, 401);
  assert.equal((await c.call('POST', '/api/v1/auth/login', { login: 'arman', password: 'brand new passphrase 1' })).statusCode, 200);
  // The challenge was single-use.
  assert.equal((await c.call('POST', '/api/v1/auth/password-reset', { signature: signDocument(prep.json().document, mineAuth.signer), password: 'another passphrase 22' })).statusCode, 422);
});

test('MB-2: closing a mailbox — confirmation and export acknowledged; the address is never reused; the IIN may register anew', async () => {
  const c = new Client(h.app);
  assert.equal((await c.call('POST', '/api/v1/auth/login', { login: 'arman', password: 'brand new passphrase 1' })).statusCode, 200);
  const noExport = await c.call('POST', '/api/v1/me/close', { confirmLogin: 'arman', exportAcknowledged: false });
  assert.equal(noExport.statusCode, 400);
  assert.equal(noExport.json().error.fields[0].name, 'exportAcknowledged');
  const wrong = await c.call('POST', '/api/v1/me/close', { confirmLogin: 'other', exportAcknowledged: true });
  assert.equal(wrong.json().error.fields[0].name, 'confirmLogin');
  const closed = await c.call('POST', '/api/v1/me/close', { confirmLogin: 'arman', exportAcknowledged: true });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal((await c.call('GET', '/api/v1/me')).statusCode, 401);
  assert.equal((await new Client(h.app).call('POST', '/api/v1/auth/login', { login: 'arman', password: 'brand new passphrase 1' })).statusCode, 403);

  const cert = issuePersonCert(h.pki.ca, { iin: IIN });
  const again = new Client(h.app);
  const form = (login: string) => ({ applicant: { kind: 'individual', fullName: 'Теміров Арман', iin: IIN, identityDocument: { number: '1' }, residentialAddress: 'Астана', mobilePhone: '+77010000000' }, login });
  const p1 = (await again.call('POST', '/api/v1/applications/prepare', form('arman'))).json();
  const taken = await again.call('POST', '/api/v1/applications', { signature: signDocument(p1.document, cert.signer), password: PASSWORD });
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().error.code, 'LOGIN_TAKEN');
  const p2 = (await again.call('POST', '/api/v1/applications/prepare', form('arman.t'))).json();
  assert.equal((await again.call('POST', '/api/v1/applications', { signature: signDocument(p2.document, cert.signer), password: PASSWORD })).statusCode, 201);
});

test('issue 4: a first-head certificate of the same BIN takes the organisation over at EDS sign-in', async () => {
  const c = new Client(h.app);
  const ch = (await c.call('POST', '/api/v1/auth/signature-challenge')).json();
  const newHead = issuePersonCert(h.pki.ca, { iin: NEW_HEAD, bin: BIN, role: 'first_head', purpose: 'authentication' });
  const r = await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch.document, newHead.signer), login: 'test-service' });
  assert.equal(r.statusCode, 200, r.body);
  const [acc] = await h.t.database.db.select().from(accounts).where(eq(accounts.login, 'test-service'));
  assert.equal(acc.iin, NEW_HEAD);
  const audit = await h.t.database.db.execute(sql`select count(*)::int as n from audit_log where type = 'organisation.head_changed'`);
  assert.equal((audit.rows[0] as { n: number }).n, 1);
});

test('issue 4: an organisation the registry reports liquidated is frozen (out of the directory) at its next EDS sign-in', async () => {
  org.status = 'liquidated';
  const c = new Client(h.app);
  const ch = (await c.call('POST', '/api/v1/auth/signature-challenge')).json();
  const head = issuePersonCert(h.pki.ca, { iin: NEW_HEAD, bin: BIN, role: 'first_head', purpose: 'authentication' });
  const r = await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch.document, head.signer), login: 'test-service' });
  assert.equal(r.statusCode, 200, r.body);
  const [acc] = await h.t.database.db.select().from(accounts).where(eq(accounts.login, 'test-service'));
  assert.equal(acc.status, 'frozen');
  const [dir] = await h.t.database.db.select().from(directoryEntries).where(eq(directoryEntries.bin, BIN));
  assert.equal(dir.active, false);
});
