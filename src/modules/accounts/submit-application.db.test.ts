import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { isAppError, type ErrorCode } from '../../shared/errors.ts';
import { memoryRegistry } from '../identity/state-registry.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { makeCa } from '../pki/testkit.ts';
import { argon2Hasher } from './password.ts';
import { prepareApplication } from './prepare-application.ts';
import { accounts, agreementAcceptances, applications, directoryEntries } from './schema.ts';
import { submitApplication, type SubmitApplicationDeps } from './submit-application.ts';
import { issuePersonCert, signDocument, testPki, type IssuedCert } from './test-pki.ts';
import { buildDocument, canonicalJson } from './signed-document.ts';
import { issueNonce } from './nonces.ts';
import { currentAgreement } from './agreements.ts';

let t: TestDatabase;
const pki = testPki();
const DOMAIN = 'pochta.test';
const IIN = makeIin('1990-01-01', 'male', 123);
const IIN2 = makeIin('1985-05-05', 'female', 77);
const HEAD_IIN = makeIin('1970-03-03', 'male', 5);
const BIN = makeBin(2020, 1, 4, 0, 1);
const registry = memoryRegistry(
  [
    { iin: IIN, surname: 'ТЕСТОВ', name: 'ТЕСТ', patronymic: 'ТЕСТОВИЧ', status: 'active' },
    { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', status: 'active' },
    { iin: HEAD_IIN, surname: 'БАСШЫ', name: 'БАС', status: 'active' },
  ],
  [{ bin: BIN, name: 'ТОО «Демо Логистика»', registrationNumber: '1234-1910-02-ТОО', registrationDate: '2020-01-15', headIin: HEAD_IIN, status: 'active' }],
);
let deps: SubmitApplicationDeps;
const PASSWORD = 'correct horse staple Ж7';

before(async () => {
  t = await createTestDatabase();
  deps = { db: t.database.db, trust: pki.trust, registry, hasher: argon2Hasher, domain: DOMAIN };
});
after(async () => t?.drop());

const individual = (o: Record<string, unknown> = {}) => ({
  applicant: {
    kind: 'individual', fullName: 'Тестов Тест Тестович', iin: IIN, identityDocument: { number: '012345678', issuedBy: 'МВД РК', issuedOn: '2020-02-02' },
    residentialAddress: 'Астана, ул. Тестовая, 1', homePhone: '+7 7172 000000', mobilePhone: '+77010000000', ...((o.applicant as object) ?? {}),
  },
  login: o.login ?? 'testov',
});
const legal = (o: Record<string, unknown> = {}) => ({
  applicant: {
    kind: 'legal_entity', fullName: 'ТОО "Демо Логистика"', bin: BIN, stateRegistration: { number: '1234-1910-02-ТОО', issuedBy: 'МЮ РК', date: '2020-01-15' },
    legalAddress: 'Алматы, пр. Абая, 1', actualAddress: 'Алматы, пр. Абая, 1', workPhone: '+77270000000', ...((o.applicant as object) ?? {}),
  },
  login: o.login ?? 'demo-logistics',
});

async function apply(form: Record<string, unknown>, cert: IssuedCert, opts: { password?: string; detached?: boolean; tamper?: (d: string) => string } = {}) {
  const { document } = await prepareApplication({ db: t.database.db, domain: DOMAIN }, form);
  const signed = (opts.tamper ?? ((d) => d))(document);
  const signature = signDocument(document, cert.signer, opts.detached);
  return submitApplication(deps, { document: opts.detached || opts.tamper ? signed : undefined, signature, password: opts.password ?? PASSWORD }, { requestId: 'r1' });
}

async function refused(p: Promise<unknown>, code: ErrorCode, fieldName?: string): Promise<void> {
  await assert.rejects(p, (e) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, `${e.code}: ${e.detail ?? ''} ${JSON.stringify(e.fields.map((f) => f.name))}`);
    if (fieldName) assert.ok(e.fields.some((f) => f.name === fieldName), `fields ${JSON.stringify(e.fields.map((f) => `${f.name}:${f.code}`))}`);
    for (const f of e.fields) assert.ok(f.message.kk && f.message.ru && f.message.en);
    return true;
  });
}

async function count(table: 'mailboxes' | 'accounts' | 'applications'): Promise<number> {
  const r = await t.database.db.execute<{ n: string }>(sql.raw(`select count(*) as n from ${table}`));
  return Number(r.rows[0].n);
}

test('MB-5, MB-6, MB-12, MB-3: an individual signs the application with EDS and the mailbox exists at once, in the directory, with the agreement accepted', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN });
  const created = await apply(individual(), cert);
  assert.equal(created.address, `testov@${DOMAIN}`);
  const [mb] = await t.database.db.select().from(mailboxes).where(eq(mailboxes.id, created.mailboxId));
  assert.equal(mb.kind, 'personal');
  assert.equal(mb.iin, IIN);
  assert.equal(mb.official, false);
  const [acc] = await t.database.db.select().from(accounts).where(eq(accounts.id, created.accountId));
  assert.match(acc.passwordHash ?? '', /^\$argon2id\$/);
  assert.equal(acc.status, 'active');
  const [app] = await t.database.db.select().from(applications).where(eq(applications.id, created.applicationId));
  assert.equal(app.channel, 'online');
  assert.ok(app.cms && app.cms.length > 100);
  assert.equal(canonicalJson(JSON.parse(app.canonical ?? '')), app.canonical);
  const [dir] = await t.database.db.select().from(directoryEntries).where(eq(directoryEntries.mailboxId, created.mailboxId));
  assert.equal(dir.iin, IIN);
  const acc2 = await t.database.db.select().from(agreementAcceptances).where(eq(agreementAcceptances.accountId, created.accountId));
  assert.equal(acc2.length, 1);
  assert.equal(acc2[0].sha256, (await currentAgreement(t.database.db, DOMAIN)).sha256);
  const audit = await t.database.db.execute<{ type: string }>(sql`select type from audit_log order by seq`);
  assert.ok(audit.rows.some((r) => r.type === 'application.accepted'));
});

test('MB-10, MB-2: a login already taken is refused naming the field (case-insensitively), and nothing is created', async () => {
  const before = await count('mailboxes');
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  const form = individual({ login: 'TESTOV', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } });
  await refused(apply(form, cert), 'LOGIN_TAKEN', 'login');
  assert.equal(await count('mailboxes'), before);
});

test('MB-10: a login stays taken after its mailbox is closed (never reused)', async () => {
  await t.database.db.update(mailboxes).set({ status: 'closed', closedAt: new Date() }).where(eq(mailboxes.login, 'testov'));
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  await refused(apply(individual({ login: 'testov', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } }), cert), 'LOGIN_TAKEN', 'login');
  await t.database.db.update(mailboxes).set({ status: 'active', closedAt: null }).where(eq(mailboxes.login, 'testov'));
});

test('MB-13: a second application for the same IIN is refused without hinting at the existing address', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN });
  await assert.rejects(apply(individual({ login: 'testov2' }), cert), (e) => {
    assert.ok(isAppError(e) && e.code === 'ALREADY_REGISTERED');
    assert.ok(!JSON.stringify(e.fields).includes('testov@'));
    return true;
  });
});

test('MB-10: reserved and malformed logins are refused naming the field', async () => {
  for (const login of ['postmaster', 'abuse', 'admin', 'root', 'noreply', 'security']) {
    await refused(prepareApplication({ db: t.database.db, domain: DOMAIN }, individual({ login })), 'VALIDATION_FAILED', 'login');
  }
  for (const login of ['ab', '.dot', 'dot.', 'a..b', 'кириллица', 'with space', 'x'.repeat(65), 'a+b']) {
    await refused(prepareApplication({ db: t.database.db, domain: DOMAIN }, individual({ login })), 'VALIDATION_FAILED', 'login');
  }
});

test('MB-13: an IIN failing the checksum is refused naming applicant.iin (the NCA test PKI numbers fail by design)', async () => {
  await refused(prepareApplication({ db: t.database.db, domain: DOMAIN }, individual({ applicant: { iin: '123456789011' } })), 'VALIDATION_FAILED', 'applicant.iin');
  await refused(prepareApplication({ db: t.database.db, domain: DOMAIN }, legal({ applicant: { bin: '123456789021' } })), 'VALIDATION_FAILED', 'applicant.bin');
});

test('MB-10: a weak password is refused naming the field, nothing created', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  const form = individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } });
  for (const password of ['short', 'qwertyuiop123', 'aaaaaaaaaaaaaaa', 'aigerim-password-2026', '123456789012']) {
    await refused(apply(form, cert, { password }), 'VALIDATION_FAILED', 'password');
  }
});

test('MB-13: a certificate of another IIN is refused (IIN mismatch), nothing created', async () => {
  const before = await count('accounts');
  const cert = issuePersonCert(pki.ca, { iin: IIN }); // Testov's certificate
  await refused(apply(individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } }), cert), 'IDENTITY_MISMATCH', 'applicant.iin');
  assert.equal(await count('accounts'), before);
});

test('MB-5: a signature over a different document is refused', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  const form = individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } });
  // Detached signature over the prepared document; the document sent is another one (login changed).
  await refused(apply(form, cert, { detached: true, tamper: (d) => d.replace('"login":"aigerim"', '"login":"aigerim2"') }), 'PKI_SIGNATURE_INVALID', 'signature');
  // Attached signature with a different document beside it.
  await refused(apply(form, cert, { tamper: (d) => d.replace('"login":"aigerim"', '"login":"aigerim3"') }), 'PKI_SIGNATURE_INVALID', 'document');
});

test('MB-5: expired, not yet valid, untrusted and authentication-only certificates are refused naming the signature', async () => {
  const form = individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } });
  const h = { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' };
  const day = 86400_000;
  const cases: [IssuedCert, string][] = [
    [issuePersonCert(pki.ca, { ...h, notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - day) }), 'cert_expired'],
    [issuePersonCert(pki.ca, { ...h, notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 400 * day) }), 'cert_not_yet_valid'],
    [issuePersonCert(makeCa({ alg: 'p256', name: 'ROGUE CA' }), h), 'chain_untrusted'],
    [issuePersonCert(pki.ca, { ...h, purpose: 'authentication' }), 'key_usage_mismatch'],
  ];
  for (const [cert, code] of cases) {
    await assert.rejects(apply(form, cert), (e) => isAppError(e) && e.code === 'PKI_SIGNATURE_INVALID' && e.fields.some((f) => f.name === 'signature' && f.code === code));
  }
  assert.equal((await t.database.db.select().from(accounts).where(eq(accounts.login, 'aigerim'))).length, 0);
});

test('MB-5: a revoked certificate is refused; revocation status unknown is refused with "try later" (503)', async () => {
  const form = individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } });
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  pki.setRevocation('none');
  try {
    await assert.rejects(apply(form, cert), (e) => isAppError(e) && e.code === 'PKI_REVOCATION_UNKNOWN' && e.status === 503);
  } finally {
    pki.setRevocation('crl');
  }
  pki.revoke(cert.cert);
  await assert.rejects(apply(form, cert), (e) => isAppError(e) && e.code === 'PKI_SIGNATURE_INVALID' && e.fields.some((f) => f.code === 'revoked'));
});

test('MB-13: data not matching the state registry is refused naming the field', async () => {
  const h = { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' };
  const cert = issuePersonCert(pki.ca, h);
  await refused(apply(individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Айгерим' } }), cert), 'REGISTRY_MISMATCH', 'applicant.fullName');
  const unknownIin = makeIin('2000-12-12', 'male', 9);
  await refused(apply(individual({ login: 'unknown-person', applicant: { iin: unknownIin } }), issuePersonCert(pki.ca, { iin: unknownIin })), 'REGISTRY_MISMATCH', 'applicant.iin');
});

test('MB-3: an agreement version that is not current is refused', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  const { nonce } = await issueNonce(t.database.db, 'application');
  const doc = buildDocument('jashik.mailbox-application', nonce, { ...individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } }), agreement: { version: '2020-1', sha256: 'x' } });
  await refused(submitApplication(deps, { signature: signDocument(doc, cert.signer), password: PASSWORD }), 'AGREEMENT_NOT_CURRENT', 'agreement.version');
});

test('Conventions: a nonce is single-use; an unknown nonce is refused', async () => {
  const cert = issuePersonCert(pki.ca, { iin: IIN2, surname: 'СЕРІКОВА', name: 'ӘЙГЕРІМ', patronymic: '' });
  const agreement = await currentAgreement(t.database.db, DOMAIN);
  const doc = buildDocument('jashik.mailbox-application', 'made-up-nonce', { ...individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } }), agreement: { version: agreement.version, sha256: agreement.sha256 } });
  await refused(submitApplication(deps, { signature: signDocument(doc, cert.signer), password: PASSWORD }), 'NONCE_INVALID', 'document.nonce');
  const { document } = await prepareApplication({ db: t.database.db, domain: DOMAIN }, individual({ login: 'aigerim', applicant: { iin: IIN2, fullName: 'Серікова Әйгерім' } }));
  const signature = signDocument(document, cert.signer);
  const created = await submitApplication(deps, { signature, password: PASSWORD });
  assert.equal(created.address, `aigerim@${DOMAIN}`);
  await refused(submitApplication(deps, { signature, password: PASSWORD }), 'NONCE_INVALID');
});

test('MB-4, MB-13: a legal entity registers with its head\'s certificate carrying its BIN; an employee certificate or another BIN is refused', async () => {
  const employee = issuePersonCert(pki.ca, { iin: HEAD_IIN, bin: BIN, role: 'employee' });
  await refused(apply(legal(), employee), 'IDENTITY_MISMATCH', 'signature');
  const otherBin = issuePersonCert(pki.ca, { iin: HEAD_IIN, bin: makeBin(2021, 2, 4, 0, 3), role: 'first_head' });
  await refused(apply(legal(), otherBin), 'IDENTITY_MISMATCH', 'applicant.bin');
  await refused(apply(legal({ applicant: { stateRegistration: { number: '999', issuedBy: 'МЮ РК', date: '2020-01-15' } } }), issuePersonCert(pki.ca, { iin: HEAD_IIN, bin: BIN })), 'REGISTRY_MISMATCH', 'applicant.stateRegistration.number');
  const head = issuePersonCert(pki.ca, { iin: HEAD_IIN, bin: BIN, role: 'first_head' });
  const created = await apply(legal(), head);
  assert.equal(created.kind, 'organisation');
  const [mb] = await t.database.db.select().from(mailboxes).where(eq(mailboxes.id, created.mailboxId));
  assert.equal(mb.bin, BIN);
  const signatory = issuePersonCert(pki.ca, { iin: HEAD_IIN, bin: BIN, role: 'right_to_sign' });
  await refused(apply(legal({ login: 'demo-logistics-2' }), signatory), 'ALREADY_REGISTERED', 'applicant.bin');
});

test('X-4: every refusal is audited without personal data', async () => {
  const r = await t.database.db.execute<{ payload: { code: string } }>(sql`select payload from audit_log where type = 'application.refused'`);
  assert.ok(r.rows.length >= 5);
  assert.ok(!JSON.stringify(r.rows).includes(IIN2));
});
