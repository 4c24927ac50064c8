import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { makeBin, makeIin, validateBin, validateIin } from '../../domain/iin-bin.ts';
import { demoPkiRoutes } from '../../http/routes/demo-pki-routes.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import { signCms } from '../pki/cms-sign.ts';
import { buildOcspRequest, parseOcspResponse } from '../pki/ocsp.ts';
import { toPem } from '../pki/pem.ts';
import { loadP12Signer } from '../pki/sign.ts';
import { buildTimestampRequest, tokenFromResponse, verifyTimestampToken } from '../pki/tsp.ts';
import { verifyCms } from '../pki/verify.ts';
import { parseCertificate } from '../pki/x509.ts';
import { caCommand, type CaIo } from './cli.ts';
import { ensureDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { demoPkiDir } from './demo-files.ts';
import { readDemoRegistry } from './demo-registry.ts';
import { demoTrustStore, demoVerifyOptions } from './demo-trust.ts';
import { issueDemoCertificate } from './issue-demo-certificate.ts';
import { revokeDemoCertificate } from './revoke-demo-certificate.ts';
import { demoPkiCertificates } from './schema.ts';
import { demoEnv, type DemoEnv } from './test-support.ts';

let t: TestDatabase;
let env: DemoEnv;
let deps: DemoPkiDeps;
const PASSWORD = 'demo-Passw0rd';

before(async () => {
  t = await createTestDatabase();
  env = await demoEnv(t.database);
  deps = { config: env.config, db: t.database.db };
  await env.serve([demoPkiRoutes(env.ctx)]);
});
after(async () => {
  await env?.close();
  await t?.drop();
});

function io(envVars: Record<string, string> = {}): CaIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), env: envVars };
}

async function post(pathname: string, type: string, body: Uint8Array): Promise<Buffer> {
  const res = await fetch(`${env.base}${pathname}`, { method: 'POST', headers: { 'content-type': type }, body: Buffer.from(body) });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

test('MB-5: ca init creates a TEST root and issuing CA once, keys mode 600, and seeds the demo registry with valid numbers', async () => {
  const first = await ensureDemoCa(deps);
  const again = await ensureDemoCa(deps);
  assert.equal(first.created, true);
  assert.equal(again.created, false);
  assert.equal(again.ca.root.cert.fingerprint, first.ca.root.cert.fingerprint);
  for (const c of [first.ca.root.cert, first.ca.issuing.cert, first.ca.tsa.certificate]) assert.match(c.subject.text, /TEST/);
  const dir = demoPkiDir(env.dataDir);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  for (const f of ['root-ca.key', 'issuing-ca.key', 'tsa.key']) assert.equal((await stat(path.join(dir, f))).mode & 0o777, 0o600);
  const reg = await readDemoRegistry(env.dataDir);
  assert.ok(reg.persons.length >= 4 && reg.organisations.length >= 2);
  for (const p of reg.persons) assert.ok(validateIin(p.iin).ok, p.iin);
  for (const o of reg.organisations) assert.ok(validateBin(o.bin).ok, o.bin);
  assert.ok(reg.persons.some((p) => /[ӘҒҚҢӨҰҮҺІәғқңөұүһі]/.test(p.surname + p.name)), 'a Kazakh name');
  const rows = await t.database.db.select().from(demoPkiCertificates);
  assert.deepEqual(rows.map((r) => r.kind).sort(), ['issuing-ca', 'root-ca', 'tsa']);
  const out = io();
  assert.equal(await caCommand(['init'], deps, out), 0);
  assert.match(out.lines[0], /already initialised/);
});

test('MB-13: ca issue refuses an IIN or BIN failing the checksum, naming the field, and issues nothing', async () => {
  const before = (await t.database.db.select().from(demoPkiCertificates)).length;
  const out = io({ PW: PASSWORD });
  const code = await caCommand(['issue', '--kind', 'head', '--iin', '123456789011', '--bin', '123456789021', '--org', 'ТОО Тест', '--name', 'ТЕСТОВ ТЕСТ', '--out', path.join(env.dataDir, 'x.p12'), '--password-env', 'PW'], deps, out);
  assert.equal(code, 2);
  assert.ok(out.errors.some((e) => e.startsWith('jashik ca: --iin:') && /check digit/.test(e)), out.errors.join('\n'));
  assert.ok(out.errors.some((e) => e.startsWith('jashik ca: --bin:')), out.errors.join('\n'));
  assert.equal((await t.database.db.select().from(demoPkiCertificates)).length, before);
  await assert.rejects(stat(path.join(env.dataDir, 'x.p12')));
});

test('MB-13: a registered IIN keeps its registered name', async () => {
  const reg = await readDemoRegistry(env.dataDir);
  const p = reg.persons[0];
  await assert.rejects(
    issueDemoCertificate(deps, { kind: 'individual', iin: p.iin, name: 'Басқа Адам', password: PASSWORD }),
    (e: { code: string; fields: { name: string }[] }) => e.code === 'VALIDATION_FAILED' && e.fields[0].name === 'name',
  );
});

let headP12: Buffer;
let headSerial: string;

test('X-2, MB-5: an issued RSA certificate is a PKCS#12 openssl reads, with the NCA profile, and its holder is in the demo registry', async () => {
  const reg = await readDemoRegistry(env.dataDir);
  const org = reg.organisations[0];
  const head = reg.lookupPerson(org.headIin!)!;
  const file = path.join(env.dataDir, 'head.p12');
  const out = io({ PW: PASSWORD });
  const code = await caCommand(['issue', '--kind', 'head', '--iin', head.iin, '--bin', org.bin, '--org', org.name, '--name', `${head.surname} ${head.name} ${head.patronymic}`, '--out', file, '--password-env', 'PW'], deps, out);
  assert.equal(code, 0, out.errors.join('\n'));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.ok(!out.lines.join('\n').includes(PASSWORD), 'the password is never printed');
  const pem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:PW', '-nokeys', '-clcerts'], { env: { ...process.env, PW: PASSWORD } }).toString();
  const keyPem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:PW', '-nocerts', '-nodes'], { env: { ...process.env, PW: PASSWORD } }).toString();
  assert.match(keyPem, /BEGIN PRIVATE KEY/);
  const cert = parseCertificate(Buffer.from(pem.split('-----BEGIN CERTIFICATE-----')[1].split('-----END')[0].replace(/\s/g, ''), 'base64'));
  const id = ncaIdentity(cert);
  assert.equal(id.iin, head.iin);
  assert.equal(id.bin, org.bin);
  assert.equal(id.organisation, org.name);
  assert.equal(id.surname, head.surname.toLocaleUpperCase('kk'));
  assert.equal(id.patronymic, head.patronymic!.toLocaleUpperCase('kk'));
  assert.deepEqual(id.roles, ['organisation', 'first_head']);
  assert.equal(id.keyPurpose, 'signing');
  assert.match(cert.subject.text, /TEST/);
  assert.deepEqual(cert.crlUrls, [`http://localhost:${env.port}/demo-pki/crl`]);
  assert.deepEqual(cert.ocspUrls, [`http://localhost:${env.port}/demo-pki/ocsp`]);
  headP12 = await readFile(file);
  headSerial = cert.serialNumber;
});

test('MB-13: ca issue adds a new holder and organisation, with the role, to the demo registry', async () => {
  const iin = makeIin('1994-05-17', 'female', 4242);
  const bin = makeBin(2020, 6, 4, 0, 31337);
  const r = await issueDemoCertificate(deps, { kind: 'employee', iin, bin, org: 'ЖШС «Жаңа Демо»', name: 'Әлиева Динара', password: PASSWORD, auth: true });
  assert.equal(r.profile.purpose, 'authentication');
  assert.deepEqual(ncaIdentity(r.certificate).roles, ['organisation', 'employee']);
  assert.equal(ncaIdentity(r.certificate).keyPurpose, 'authentication');
  const reg = await readDemoRegistry(env.dataDir);
  assert.deepEqual(reg.lookupPerson(iin), { iin, surname: 'ӘЛИЕВА', name: 'ДИНАРА', birthDate: '1994-05-17', status: 'active' });
  assert.deepEqual(reg.lookupOrganisation(bin)?.members, [{ iin, role: 'employee' }]);
});

test('X-2: a CMS signed with a demo key verifies against the demo anchors, revocation by OCSP and CRL served over HTTP', async () => {
  const signer = await loadP12Signer(headP12, PASSWORD);
  const cms = signCms(Buffer.from('{"application":"demo"}'), [signer]);
  const trust = await demoTrustStore(deps);
  const viaOcsp = await verifyCms(cms, { trust, revocation: { useCertificateUrls: true, fetcher: env.fetcher } });
  assert.equal(viaOcsp.valid, true, JSON.stringify(viaOcsp.signers[0].errors));
  assert.deepEqual(viaOcsp.signers[0].revocation.map((r) => [r.status, r.source]), [['good', 'ocsp'], ['good', 'ocsp']]);
  const viaCrl = await verifyCms(cms, { trust, revocation: { crlUrls: [`${env.base}/demo-pki/crl?before`, `${env.base}/demo-pki/root-crl?before`], fetcher: env.fetcher } });
  assert.equal(viaCrl.valid, true, JSON.stringify(viaCrl.signers[0].errors));
  assert.deepEqual(viaCrl.signers[0].revocation.map((r) => r.source), ['crl', 'crl']);
  const inProcess = await verifyCms(cms, await demoVerifyOptions(deps));
  assert.equal(inProcess.valid, true);
});

test('X-2: the demo OCSP responder echoes the nonce and answers "unknown" for serials it never issued', async () => {
  const ca = (await ensureDemoCa(deps)).ca;
  const leaf = (await t.database.db.select().from(demoPkiCertificates).where(eq(demoPkiCertificates.serial, headSerial)))[0];
  const req = buildOcspRequest(parseCertificate(leaf.der), ca.issuing.cert);
  const resp = parseOcspResponse(await post('/demo-pki/ocsp', 'application/ocsp-request', req.der));
  assert.equal(resp.responseStatus, 'successful');
  assert.deepEqual(Buffer.from(resp.nonce!), Buffer.from(req.nonce));
  assert.equal(resp.responses[0].status, 'good');
  const fake = { ...parseCertificate(leaf.der), serialNumber: '7FFFFFFF' };
  const unknown = parseOcspResponse(await post('/demo-pki/ocsp', 'application/ocsp-request', buildOcspRequest(fake, ca.issuing.cert).der));
  assert.equal(unknown.responses[0].status, 'unknown');
  assert.equal(parseOcspResponse(await post('/demo-pki/ocsp', 'application/ocsp-request', Buffer.from('garbage'))).responseStatus, 'malformedRequest');
});

test('X-2: after ca revoke the verifier reports the certificate revoked by OCSP and by the CRL', async () => {
  const out = io();
  assert.equal(await caCommand(['revoke', headSerial.match(/../g)!.join(':').toLowerCase(), '--reason', 'keyCompromise'], deps, out), 0, out.errors.join('\n'));
  assert.equal(await caCommand(['revoke', headSerial], deps, io()), 2, 'a second revocation is refused');
  const signer = await loadP12Signer(headP12, PASSWORD);
  const cms = signCms(Buffer.from('{"application":"after"}'), [signer]);
  const trust = await demoTrustStore(deps);
  const receivedAt = new Date(Date.now() + 1000);
  const at = new Date(Date.now() + 2000);
  const viaOcsp = await verifyCms(cms, { trust, receivedAt, at, revocation: { ocspUrls: [`${env.base}/demo-pki/ocsp`], fetcher: env.fetcher } });
  assert.equal(viaOcsp.valid, false);
  assert.equal(viaOcsp.signers[0].revocation[0].status, 'revoked');
  assert.equal(viaOcsp.signers[0].revocation[0].source, 'ocsp');
  assert.equal(viaOcsp.signers[0].revocation[0].reason, 'keyCompromise');
  const viaCrl = await verifyCms(cms, { trust, receivedAt, at, revocation: { crlUrls: [`${env.base}/demo-pki/crl?after`], fetcher: env.fetcher } });
  assert.equal(viaCrl.valid, false);
  assert.deepEqual([viaCrl.signers[0].revocation[0].status, viaCrl.signers[0].revocation[0].source], ['revoked', 'crl']);
  assert.ok(viaCrl.signers[0].errors.some((e) => e.code === 'REVOKED'));
  const inProcess = await verifyCms(cms, { ...(await demoVerifyOptions(deps)), receivedAt, at });
  assert.equal(inProcess.signers[0].revocation[0].status, 'revoked');
  await assert.rejects(revokeDemoCertificate(deps, 'zz'), /hexadecimal/);
});

test('X-3: a demo TSA token verifies with the pki module and with openssl ts -verify', async () => {
  const data = Buffer.from('signature value to timestamp');
  const req = buildTimestampRequest(data);
  const resp = await post('/demo-pki/tsa', 'application/timestamp-query', req.der);
  const token = tokenFromResponse(resp);
  const v = verifyTimestampToken(token, data, await demoTrustStore(deps), new Date(Date.now() + 1000));
  assert.equal(v.valid, true, JSON.stringify(v.errors));
  const ca = (await ensureDemoCa(deps)).ca;
  const files = { data: path.join(env.dataDir, 'ts.data'), resp: path.join(env.dataDir, 'ts.tsr'), ca: path.join(env.dataDir, 'ca.pem') };
  await writeFile(files.data, data);
  await writeFile(files.resp, resp);
  await writeFile(files.ca, toPem(ca.root.cert.der, 'CERTIFICATE'));
  const untrusted = path.join(env.dataDir, 'untrusted.pem');
  await writeFile(untrusted, toPem(ca.issuing.cert.der, 'CERTIFICATE'));
  const outText = execFileSync('openssl', ['ts', '-verify', '-data', files.data, '-in', files.resp, '-CAfile', files.ca, '-untrusted', untrusted], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  assert.match(outText, /Verification: OK/);
  const bad = await post('/demo-pki/tsa', 'application/timestamp-query', Buffer.from('nonsense'));
  assert.throws(() => tokenFromResponse(bad), /not granted/);
});

test('X-2: a GOST 2015 demo key comes in the Kalkan PKCS#12 layout and signs a CMS that verifies', async () => {
  const reg = await readDemoRegistry(env.dataDir);
  const p = reg.persons[1];
  const r = await issueDemoCertificate(deps, { kind: 'individual', iin: p.iin, name: `${p.surname} ${p.name}`, alg: 'gost2015', password: PASSWORD });
  assert.equal(ncaIdentity(r.certificate).keyPurpose, 'both');
  const signer = await loadP12Signer(r.p12, PASSWORD);
  assert.equal(signer.signatureAlgorithm.oid, '1.2.398.3.10.1.1.2.3.2');
  const cms = signCms(Buffer.from('{"gost":true}'), [signer]);
  const report = await verifyCms(cms, { trust: await demoTrustStore(deps), revocation: { useCertificateUrls: true, fetcher: env.fetcher } });
  assert.equal(report.valid, true, JSON.stringify(report.signers[0].errors));
  await assert.rejects(issueDemoCertificate(deps, { kind: 'individual', iin: p.iin, name: `${p.surname} ${p.name}`, alg: 'gost2015', auth: true, password: PASSWORD }), /auth/);
});

test('the signing responders are rate-limited per client address', async () => {
  let last = 0;
  for (let i = 0; i < 310 && last !== 429; i++) {
    const res = await fetch(`${env.base}/demo-pki/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: Buffer.from([0x30, 0x00]) });
    last = res.status;
    await res.arrayBuffer();
  }
  assert.equal(last, 429);
});
