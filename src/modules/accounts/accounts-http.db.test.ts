import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { accountsHarness, Client, submitApplication, TEST_DOMAIN, type AccountsHarness } from './http-test-support.ts';
import { issuePersonCert, signDocument } from './test-pki.ts';
import { createStaffAccount } from './staff.ts';

const IIN = makeIin('1991-07-07', 'female', 31);
const HEAD = makeIin('1975-02-02', 'male', 8);
const CLERK_IIN = makeIin('1980-08-08', 'female', 4);
const BIN = makeBin(2019, 6, 4, 0, 11);
const PASSWORD = 'Тау-шыңы биік 2026!';
let h: AccountsHarness;

before(async () => {
  h = await accountsHarness(
    [
      { iin: IIN, surname: 'ӘБІЛҚЫЗЫ', name: 'ДӘНЕЛЯ', status: 'active' },
      { iin: HEAD, surname: 'БАСТАУОВ', name: 'ЕРЛАН', status: 'active' },
    ],
    [{ bin: BIN, name: 'ГУ Акимат города Демо', status: 'active' }],
  );
});
after(async () => h?.close());

const person = () => ({
  applicant: { kind: 'individual', fullName: 'Әбілқызы Дәнеля', iin: IIN, identityDocument: { number: '045678912' }, residentialAddress: 'Шымкент, Тауке хан 5', mobilePhone: '+77015550000' },
  login: 'danelya',
});
const org = () => ({
  applicant: { kind: 'legal_entity', fullName: 'ГУ «Акимат города Демо»', bin: BIN, stateRegistration: { number: '7-1900', issuedBy: 'МЮ', date: '2019-06-01' }, legalAddress: 'Демо, 1', actualAddress: 'Демо, 1', workPhone: '+77172000000' },
  login: 'akimat-demo',
});

async function register(form: object, cert: ReturnType<typeof issuePersonCert>) {
  return submitApplication(h.app, form, cert, PASSWORD);
}

async function login(c: Client, l: string, password = PASSWORD) {
  return c.call('POST', '/api/v1/auth/login', { login: l, password });
}

test('MB-10: every session endpoint answers 401 without a session', async () => {
  const c = new Client(h.app);
  for (const [method, url] of [
    ['GET', '/api/v1/me'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/sessions'], ['POST', '/api/v1/me/confirmation/prepare'], ['POST', '/api/v1/me/confirmation'],
    ['PATCH', '/api/v1/me/profile'], ['GET', `/api/v1/directory?iin=${IIN}`], ['POST', '/api/v1/api-tokens'], ['POST', '/api/v1/post-offices'], ['POST', '/api/v1/staff'],
    ['POST', '/api/v1/counter/applications'], ['POST', '/api/v1/counter/password-resets'], ['POST', '/api/v1/agreement/accept'], ['POST', '/api/v1/agreement/versions'],
  ] as const) {
    const r = await c.call(method, url, method === 'GET' ? undefined : {});
    assert.equal(r.statusCode, 401, `${method} ${url}: ${r.body}`);
    assert.equal(r.json().error.code, 'UNAUTHENTICATED');
  }
});

test('MB-5, MB-6, MB-10, MB-11, MB-12: apply online with EDS → mailbox exists → login → EDS confirmation → official → in the directory', async () => {
  const res = await register(person(), issuePersonCert(h.pki.ca, { iin: IIN, surname: 'ӘБІЛҚЫЗЫ', name: 'ДӘНЕЛЯ', patronymic: '' }));
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().address, `danelya@${TEST_DOMAIN}`);

  const c = new Client(h.app);
  const l = await login(c, 'Danelya');
  assert.equal(l.statusCode, 200, l.body);
  const setCookie = String(l.headers['set-cookie']);
  assert.match(setCookie, /jashik_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
  const meRes = await c.call('GET', '/api/v1/me');
  assert.equal(meRes.json().mailbox.official, false);

  const prep = await c.call('POST', '/api/v1/me/confirmation/prepare');
  assert.equal(prep.statusCode, 200, prep.body);
  const cert = issuePersonCert(h.pki.ca, { iin: IIN, surname: 'ӘБІЛҚЫЗЫ', name: 'ДӘНЕЛЯ', patronymic: '' });
  const conf = await c.call('POST', '/api/v1/me/confirmation', { signature: signDocument(prep.json().document, cert.signer) });
  assert.equal(conf.statusCode, 200, conf.body);
  assert.equal((await c.call('GET', '/api/v1/me')).json().mailbox.official, true);

  // Changing cabinet data drops the official mark until re-confirmed (MB-11).
  const upd = await c.call('PATCH', '/api/v1/me/profile', { mobilePhone: '+77019990000' });
  assert.equal(upd.statusCode, 200, upd.body);
  assert.equal(upd.json().official, false);
  const prep2 = await c.call('POST', '/api/v1/me/confirmation/prepare');
  const conf2 = await c.call('POST', '/api/v1/me/confirmation', { signature: signDocument(prep2.json().document, cert.signer) });
  assert.equal(conf2.statusCode, 200, conf2.body);
});

test('MB-11: confirming with another person\'s certificate is refused', async () => {
  const c = new Client(h.app);
  await login(c, 'danelya');
  const prep = await c.call('POST', '/api/v1/me/confirmation/prepare');
  const other = issuePersonCert(h.pki.ca, { iin: HEAD });
  const r = await c.call('POST', '/api/v1/me/confirmation', { signature: signDocument(prep.json().document, other.signer) });
  assert.equal(r.statusCode, 422);
  assert.equal(r.json().error.code, 'IDENTITY_MISMATCH');
});

test('Conventions: a state change without the CSRF token is 403 and changes nothing', async () => {
  const c = new Client(h.app);
  await login(c, 'danelya');
  const r = await c.call('PATCH', '/api/v1/me/profile', { mobilePhone: '+77010000001' }, { csrf: false });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().error.code, 'CSRF_FAILED');
  const wrong = await c.call('POST', '/api/v1/auth/logout', {}, { headers: { 'x-csrf-token': 'x'.repeat(32) }, csrf: false });
  assert.equal(wrong.statusCode, 403);
  assert.equal((await c.call('GET', '/api/v1/me')).statusCode, 200);
});

test('MB-10: sessions are listed; one can be revoked; logout everywhere ends all', async () => {
  const a = new Client(h.app);
  const b = new Client(h.app);
  await login(a, 'danelya');
  await login(b, 'danelya');
  const list = await a.call('GET', '/api/v1/sessions');
  const sessions = list.json() as { id: string; current: boolean }[];
  assert.ok(sessions.length >= 2);
  const other = sessions.find((s) => !s.current)!;
  assert.equal((await a.call('DELETE', `/api/v1/sessions/${'0'.repeat(64)}`)).statusCode, 404);
  assert.equal((await a.call('DELETE', `/api/v1/sessions/${other.id}`)).statusCode, 200);
  const out = await a.call('POST', '/api/v1/auth/logout', { everywhere: true });
  assert.equal(out.statusCode, 200);
  assert.equal((await a.call('GET', '/api/v1/me')).statusCode, 401);
  assert.equal((await b.call('GET', '/api/v1/me')).statusCode, 401);
});

test('MB-12: directory lookups — a person is refused (403), an official organisation finds the mailbox, unknown numbers are 404, bad numbers 400', async () => {
  const p = new Client(h.app);
  await login(p, 'danelya');
  assert.equal((await p.call('GET', `/api/v1/directory?iin=${IIN}`)).statusCode, 403);

  const head = issuePersonCert(h.pki.ca, { iin: HEAD, bin: BIN, role: 'first_head' });
  const reg = await register(org(), head);
  assert.equal(reg.statusCode, 201, reg.body);
  const o = new Client(h.app);
  assert.equal((await login(o, 'akimat-demo')).statusCode, 200);
  assert.equal((await o.call('GET', `/api/v1/directory?iin=${IIN}`)).statusCode, 403); // not yet official
  const prep = await o.call('POST', '/api/v1/me/confirmation/prepare');
  const conf = await o.call('POST', '/api/v1/me/confirmation', { signature: signDocument(prep.json().document, head.signer) });
  assert.equal(conf.statusCode, 200, conf.body);
  const found = await o.call('GET', `/api/v1/directory?iin=${IIN}`);
  assert.equal(found.statusCode, 200, found.body);
  assert.equal(found.json().address, `danelya@${TEST_DOMAIN}`);
  assert.equal((await o.call('GET', `/api/v1/directory?iin=${makeIin('1999-09-09', 'male', 1)}`)).statusCode, 404);
  assert.equal((await o.call('GET', '/api/v1/directory?iin=123456789011')).statusCode, 400);
  const audited = await h.t.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'directory.lookup'`);
  assert.ok(Number(audited.rows[0].n) >= 4);

  // A token with the directory scope may look up; one without it may not.
  const tok = await o.call('POST', '/api/v1/api-tokens', { name: 'docflow', scopes: ['directory'] });
  assert.equal(tok.statusCode, 201, tok.body);
  const send = await o.call('POST', '/api/v1/api-tokens', { name: 'sender', scopes: ['send'] });
  const byToken = await h.app.inject({ method: 'GET', url: `/api/v1/directory?iin=${IIN}`, headers: { authorization: `Bearer ${tok.json().token}` } });
  assert.equal(byToken.statusCode, 200);
  const noScope = await h.app.inject({ method: 'GET', url: `/api/v1/directory?iin=${IIN}`, headers: { authorization: `Bearer ${send.json().token}` } });
  assert.equal(noScope.statusCode, 403);
  const bogus = await h.app.inject({ method: 'GET', url: `/api/v1/directory?iin=${IIN}`, headers: { authorization: 'Bearer jsk_nope' } });
  assert.equal(bogus.statusCode, 401);
  // A person cannot issue tokens.
  assert.equal((await p.call('POST', '/api/v1/api-tokens', { name: 'x', scopes: ['read'] })).statusCode, 403);
});

test('MB-10: the password login is locked after repeated failures (429) and the owner lifts it with EDS', async () => {
  const c = new Client(h.app, '10.9.9.9');
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await login(c, 'danelya', 'wrong password ' + i)).statusCode);
  assert.deepEqual(codes.slice(0, 3), [401, 401, 401]);
  assert.equal(codes[3], 429); // the growing delay after the third failure
  // Even the right password is refused while blocked.
  assert.equal((await login(c, 'danelya')).statusCode, 429);

  const ch = await c.call('POST', '/api/v1/auth/signature-challenge');
  const auth = issuePersonCert(h.pki.ca, { iin: IIN, surname: 'ӘБІЛҚЫЗЫ', name: 'ДӘНЕЛЯ', patronymic: '', purpose: 'authentication' });
  const eds = await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch.json().document, auth.signer) });
  assert.equal(eds.statusCode, 200, eds.body);
  assert.equal(eds.json().login, 'danelya');
  assert.equal((await login(new Client(h.app, '10.9.9.10'), 'danelya')).statusCode, 200);
});

test('MB-10: EDS login — the nonce is single-use, a signing-only key or a stranger\'s key is refused', async () => {
  const c = new Client(h.app);
  const ch = await c.call('POST', '/api/v1/auth/signature-challenge');
  const auth = issuePersonCert(h.pki.ca, { iin: IIN, purpose: 'authentication' });
  const sig = signDocument(ch.json().document, auth.signer);
  assert.equal((await c.call('POST', '/api/v1/auth/login-signature', { signature: sig })).statusCode, 200);
  const again = await c.call('POST', '/api/v1/auth/login-signature', { signature: sig });
  assert.equal(again.statusCode, 422);
  assert.equal(again.json().error.code, 'NONCE_INVALID');
  const ch2 = await c.call('POST', '/api/v1/auth/signature-challenge');
  const signing = issuePersonCert(h.pki.ca, { iin: IIN });
  const r = await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch2.json().document, signing.signer) });
  assert.equal(r.statusCode, 422);
  assert.equal(r.json().error.fields[0].code, 'key_usage_mismatch');
  const ch3 = await c.call('POST', '/api/v1/auth/signature-challenge');
  const stranger = issuePersonCert(h.pki.ca, { iin: makeIin('1960-01-01', 'male', 2), purpose: 'authentication' });
  assert.equal((await c.call('POST', '/api/v1/auth/login-signature', { signature: signDocument(ch3.json().document, stranger.signer) })).statusCode, 401);
});

test('MB-5.2: counter path — admin bootstrap, post office, clerk, paper application with scan, activation slip PDF, first login sets the password', async () => {
  const boot = await createStaffAccount(h.deps, { login: 'opadmin', role: 'operator_admin', fullName: 'Оператор' }, { actor: 'system' });
  const admin = new Client(h.app);
  const act = await admin.call('POST', '/api/v1/auth/activate', { login: 'opadmin', code: boot.activationCode, password: 'admin password long 2026' });
  assert.equal(act.statusCode, 200, act.body);
  const po = await admin.call('POST', '/api/v1/post-offices', { code: '160000', name: 'Шымкент ПО-1', address: 'Шымкент, Байтурсынова 1' });
  assert.equal(po.statusCode, 201, po.body);
  const po2 = await admin.call('POST', '/api/v1/post-offices', { code: '050000', name: 'Алматы ПО-1', address: 'Алматы' });
  const clerkRes = await admin.call('POST', '/api/v1/staff', { login: 'clerk.shymkent', role: 'clerk', postOfficeId: po.json().id, iin: CLERK_IIN, fullName: 'Кассир' });
  assert.equal(clerkRes.statusCode, 201, clerkRes.body);
  // An operator admin is not a clerk: no counter registration (403).
  assert.equal((await admin.call('POST', '/api/v1/counter/password-resets', { login: 'x', identityDocumentChecked: '1' })).statusCode, 403);

  const clerk = new Client(h.app);
  assert.equal((await clerk.call('POST', '/api/v1/auth/activate', { login: 'clerk.shymkent', code: clerkRes.json().activationCode, password: 'clerk password long 2026' })).statusCode, 200);
  // A clerk is not an admin (403).
  assert.equal((await clerk.call('POST', '/api/v1/post-offices', { code: '1', name: 'x', address: 'y' })).statusCode, 403);

  const agreement = (await clerk.call('GET', '/api/v1/agreement')).json();
  const iin = makeIin('1950-04-04', 'male', 12);
  const form = {
    applicant: { kind: 'individual', fullName: 'Ақсақалов Бекен', iin, identityDocument: { number: '000111222' }, residentialAddress: 'Шымкент', homePhone: '+77252000000', mobilePhone: '+77010001122' },
    login: 'beken',
  };
  const scan = { contentType: 'application/pdf', base64: Buffer.from('%PDF-1.4\n% scan of the signed paper form\n').toString('base64') };
  const body = { postOfficeId: po.json().id, ...form, identityDocumentChecked: '000111222', agreementVersion: agreement.version, scan };
  // Not in the registry yet: refused naming the field.
  const notInRegistry = await clerk.call('POST', '/api/v1/counter/applications', body);
  assert.equal(notInRegistry.statusCode, 422, notInRegistry.body);
  assert.equal(notInRegistry.json().error.fields[0].name, 'applicant.iin');
  (h.deps.registry as unknown as { findPerson: (i: string) => Promise<unknown> }).findPerson = async (i: string) => (i === iin ? { iin, surname: 'АҚСАҚАЛОВ', name: 'БЕКЕН', status: 'active' } : null);
  // Another post office: refused (403), nothing created.
  const other = await clerk.call('POST', '/api/v1/counter/applications', { ...body, postOfficeId: po2.json().id });
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().error.fields[0].name, 'postOfficeId');
  // A scan that is not what it claims to be.
  const badScan = await clerk.call('POST', '/api/v1/counter/applications', { ...body, scan: { contentType: 'image/jpeg', base64: scan.base64 } });
  assert.equal(badScan.statusCode, 400);
  const ok = await clerk.call('POST', '/api/v1/counter/applications', body);
  assert.equal(ok.statusCode, 201, ok.body);
  const { applicationId, activationCode, address } = ok.json();
  assert.equal(address, `beken@${TEST_DOMAIN}`);
  const [mb] = await h.t.database.db.select().from(mailboxes).where(eq(mailboxes.address, address));
  assert.equal(mb.status, 'active'); // MB-6: exists at once
  const refs = await h.t.database.db.execute<{ n: string }>(sql`select count(*) as n from blob_refs where owner_kind = 'application_scan' and owner_id = ${applicationId}`);
  assert.equal(Number(refs.rows[0].n), 1);

  const slip = await clerk.call('POST', `/api/v1/counter/applications/${applicationId}/slip`, { activationCode });
  assert.equal(slip.statusCode, 200, slip.body);
  assert.equal(slip.headers['content-type'], 'application/pdf');
  assert.equal(slip.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await admin.call('POST', `/api/v1/counter/applications/${applicationId}/slip`, { activationCode })).statusCode, 403);

  // A clerk at the counter may look up the directory (MB-12).
  const byClerk = await clerk.call('GET', `/api/v1/directory?iin=${iin}`);
  assert.equal(byClerk.statusCode, 200, byClerk.body);
  assert.equal(byClerk.json().address, address);

  // Before activation the password login does not work.
  assert.equal((await login(new Client(h.app), 'beken', 'anything at all 123')).statusCode, 401);
  const user = new Client(h.app);
  const weak = await user.call('POST', '/api/v1/auth/activate', { login: 'beken', code: activationCode, password: 'qwertyuiop123' });
  assert.equal(weak.statusCode, 400);
  const first = await user.call('POST', '/api/v1/auth/activate', { login: 'beken', code: activationCode.toLowerCase(), password: PASSWORD });
  assert.equal(first.statusCode, 200, first.body);
  const reuse = await new Client(h.app).call('POST', '/api/v1/auth/activate', { login: 'beken', code: activationCode, password: PASSWORD + 'x' });
  assert.equal(reuse.statusCode, 422);
  assert.equal(reuse.json().error.code, 'CODE_INVALID');
  assert.equal((await login(new Client(h.app), 'beken')).statusCode, 200);

  // Password reset at the counter: identity document checked, new code, old sessions end.
  const wrongDoc = await clerk.call('POST', '/api/v1/counter/password-resets', { login: 'beken', identityDocumentChecked: '999' });
  assert.equal(wrongDoc.statusCode, 422);
  const reset = await clerk.call('POST', '/api/v1/counter/password-resets', { login: 'beken', identityDocumentChecked: '000 111 222' });
  assert.equal(reset.statusCode, 201, reset.body);
  const newPass = 'новый пароль очень длинный';
  assert.equal((await new Client(h.app).call('POST', '/api/v1/auth/activate', { login: 'beken', code: reset.json().code, password: newPass })).statusCode, 200);
  assert.equal((await user.call('GET', '/api/v1/me')).statusCode, 401);
  assert.equal((await login(new Client(h.app), 'beken', newPass)).statusCode, 200);
});

test('MB-3: after a new agreement version is published, a user must accept it before anything else', async () => {
  const admin = new Client(h.app);
  assert.equal((await admin.call('POST', '/api/v1/auth/login', { login: 'opadmin', password: 'admin password long 2026' })).statusCode, 200);
  const pub = await admin.call('POST', '/api/v1/agreement/versions', { version: '2026-2', kk: 'жаңа мәтін', ru: 'новый текст', en: 'new text' });
  assert.equal(pub.statusCode, 201, pub.body);
  const u = new Client(h.app);
  const l = await login(u, 'danelya');
  assert.equal(l.json().agreementAcceptanceRequired, true);
  const blocked = await u.call('PATCH', '/api/v1/me/profile', { homePhone: '+77252111111' });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().error.code, 'AGREEMENT_ACCEPTANCE_REQUIRED');
  assert.equal((await u.call('POST', '/api/v1/agreement/accept', { version: '2026-1' })).statusCode, 409);
  assert.equal((await u.call('POST', '/api/v1/agreement/accept', { version: '2026-2' })).statusCode, 200);
  assert.equal((await u.call('PATCH', '/api/v1/me/profile', { homePhone: '+77252111111' })).statusCode, 200);
  assert.equal((await u.call('GET', '/api/v1/agreement')).json().version, '2026-2');
});

test('Conventions: errors come in the request\'s language and name the field', async () => {
  const c = new Client(h.app);
  const form = { ...person(), login: 'admin' };
  for (const [lang, word] of [['ru', 'Имя пользователя'], ['kk', 'пайдаланушы'], ['en', 'user name']] as const) {
    const r = await c.call('POST', '/api/v1/applications/prepare', form, { headers: { 'accept-language': lang } });
    assert.equal(r.statusCode, 400);
    const f = r.json().error.fields.find((x: { name: string }) => x.name === 'login');
    assert.equal(f.code, 'reserved');
    assert.ok(f.message.toLowerCase().includes(word.toLowerCase()), `${lang}: ${f.message}`);
  }
  const ru = await c.call('PATCH', '/api/v1/me/profile', {}, { headers: { 'accept-language': 'ru' } });
  assert.equal(ru.json().error.message, 'Требуется вход в систему');
});

test('MB-9: credential endpoints are rate-limited per IP (429 RATE_LIMITED)', async () => {
  const c = new Client(h.app, '203.0.113.50');
  const codes: number[] = [];
  for (let i = 0; i < 11; i++) codes.push((await c.call('POST', '/api/v1/auth/activate', { login: 'x', code: 'y', password: 'z' })).statusCode);
  assert.equal(codes.filter((s) => s === 429).length >= 1, true, JSON.stringify(codes));
  const last = await c.call('POST', '/api/v1/auth/activate', { login: 'x', code: 'y', password: 'z' });
  assert.equal(last.json().error.code, 'RATE_LIMITED');
});
