import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { accountsHarness, Client, submitApplication, TEST_DOMAIN, type AccountsHarness } from './http-test-support.ts';
import { issuePersonCert } from './test-pki.ts';
import { createStaffAccount } from './staff.ts';

const IIN = makeIin('1990-03-03', 'female', 22);
const HEAD = makeIin('1970-01-01', 'male', 5);
const BIN = makeBin(2018, 5, 4, 0, 12);
const PASSWORD = 'Тау-шыңы биік 2026!';
let h: AccountsHarness;
let person: Client;
let organisation: Client;
let admin: Client;
let clerk: Client;

async function register(form: object, cert: ReturnType<typeof issuePersonCert>) {
  const res = await submitApplication(h.app, form, cert, PASSWORD);
  assert.equal(res.statusCode, 201, res.body);
}

async function signedIn(login: string, password = PASSWORD): Promise<Client> {
  const c = new Client(h.app);
  const r = await c.call('POST', '/api/v1/auth/login', { login, password });
  assert.equal(r.statusCode, 200, r.body);
  return c;
}

async function staff(login: string, role: 'operator_admin' | 'clerk', postOfficeId?: string): Promise<Client> {
  const boot = await createStaffAccount(h.deps, { login, role, fullName: 'Қызметкер', postOfficeId }, { actor: 'system' });
  const c = new Client(h.app);
  const r = await c.call('POST', '/api/v1/auth/activate', { login, code: boot.activationCode, password: 'staff password long 2026' });
  assert.equal(r.statusCode, 200, r.body);
  return c;
}

before(async () => {
  h = await accountsHarness(
    [
      { iin: IIN, surname: 'САПАРОВА', name: 'ӘСЕЛ', status: 'active' },
      { iin: HEAD, surname: 'БАСШЫ', name: 'ЕРЖАН', status: 'active' },
    ],
    [{ bin: BIN, name: 'ТОО Демо', status: 'active' }],
  );
  await register(
    { applicant: { kind: 'individual', fullName: 'Сапарова Әсел', iin: IIN, identityDocument: { number: '045678900' }, residentialAddress: 'Алматы, Абай 1', mobilePhone: '+77015550001' }, login: 'asel' },
    issuePersonCert(h.pki.ca, { iin: IIN, surname: 'САПАРОВА', name: 'ӘСЕЛ', patronymic: '' }),
  );
  await register(
    { applicant: { kind: 'legal_entity', fullName: 'ТОО «Демо»', bin: BIN, stateRegistration: { number: '7-1800', issuedBy: 'МЮ', date: '2018-05-01' }, legalAddress: 'Демо, 2', actualAddress: 'Демо, 2', workPhone: '+77172000001' }, login: 'too-demo' },
    issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN, role: 'first_head' }),
  );
  person = await signedIn('asel');
  organisation = await signedIn('too-demo');
  admin = await staff('opadmin2', 'operator_admin');
  const po = await admin.call('POST', '/api/v1/post-offices', { code: '050001', name: 'Алматы ПО-2', address: 'Алматы' });
  clerk = await staff('clerk.almaty', 'clerk', po.json().id);
});
after(async () => h?.close());

test('issue 6: listApiTokens and findAccountByLogin answer 401 without a session', async () => {
  const c = new Client(h.app);
  for (const url of ['/api/v1/api-tokens', '/api/v1/admin/accounts?login=asel']) {
    const r = await c.call('GET', url);
    assert.equal(r.statusCode, 401, `${url}: ${r.body}`);
    assert.equal(r.json().error.code, 'UNAUTHENTICATED');
  }
});

test('issue 6: an organisation lists its API tokens — names, scopes, expiry, revoked — never the token itself', async () => {
  const made = await organisation.call('POST', '/api/v1/api-tokens', { name: 'docflow', scopes: ['send', 'read'] });
  assert.equal(made.statusCode, 201, made.body);
  await organisation.call('POST', '/api/v1/api-tokens', { name: 'old', scopes: ['directory'] });
  const list = await organisation.call('GET', '/api/v1/api-tokens');
  assert.equal(list.statusCode, 200, list.body);
  const tokens = list.json().tokens as { id: string; name: string; scopes: string[]; revoked: boolean }[];
  assert.deepEqual(tokens.map((t) => t.name).sort(), ['docflow', 'old']);
  assert.ok(!list.body.includes(made.json().token), 'the secret is never listed');
  assert.ok(!/token_?hash|jsk_/i.test(list.body));
  const old = tokens.find((t) => t.name === 'old')!;
  assert.equal((await organisation.call('DELETE', `/api/v1/api-tokens/${old.id}`)).statusCode, 200);
  const after = (await organisation.call('GET', '/api/v1/api-tokens')).json().tokens as { name: string; revoked: boolean }[];
  assert.equal(after.find((t) => t.name === 'old')!.revoked, true);
  assert.equal(after.find((t) => t.name === 'docflow')!.revoked, false);
});

test('issue 6: a person, a clerk or an administrator cannot list API tokens (403)', async () => {
  for (const c of [person, clerk, admin]) assert.equal((await c.call('GET', '/api/v1/api-tokens')).statusCode, 403);
});

test('issue 6: an operator admin looks up a user by login (or address) — no content — and every lookup is audited', async () => {
  const r = await admin.call('GET', '/api/v1/admin/accounts?login=ASEL');
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.deepEqual(Object.keys(body).sort(), ['address', 'createdAt', 'kind', 'login', 'official', 'status']);
  assert.equal(body.login, 'asel');
  assert.equal(body.address, `asel@${TEST_DOMAIN}`);
  assert.equal(body.kind, 'personal');
  assert.equal(body.official, false);
  assert.equal(body.status, 'active');
  const org = await admin.call('GET', `/api/v1/admin/accounts?login=${encodeURIComponent(`too-demo@${TEST_DOMAIN}`)}`);
  assert.equal(org.statusCode, 200, org.body);
  assert.equal(org.json().kind, 'organisation');
  const missing = await admin.call('GET', '/api/v1/admin/accounts?login=nobody');
  assert.equal(missing.statusCode, 404);
  const bad = await admin.call('GET', '/api/v1/admin/accounts?login=%20%21%21');
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().error.fields[0].name, 'login');
  const audited = await h.t.database.db.execute<{ login: string; found: boolean }>(sql`select payload->>'login' as login, (payload->>'found')::boolean as found from audit_log where type = 'account.looked_up' order by seq`);
  assert.deepEqual(audited.rows.map((x) => [x.login, x.found]), [['asel', true], ['too-demo', true], ['nobody', false]]);
});

test('issue 6: users lookup is for operator admins only — a person, an organisation or a clerk is refused (403)', async () => {
  for (const c of [person, organisation, clerk]) {
    const r = await c.call('GET', '/api/v1/admin/accounts?login=asel');
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().error.code, 'FORBIDDEN');
  }
});
