import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { describeConfig, loadConfig } from '../../config.ts';
import { demoPkiRoutes } from '../../http/routes/demo-pki-routes.ts';
import { operatorKeysRoutes } from '../../http/routes/operator-keys-routes.ts';
import { readDemoRegistry } from '../demo-pki/demo-registry.ts';
import { issueDemoCertificate } from '../demo-pki/issue-demo-certificate.ts';
import { demoEnv, type DemoEnv } from '../demo-pki/test-support.ts';
import { attribute, parseSignedData } from '../pki/cms-parse.ts';
import { OID } from '../pki/oids.ts';
import { pemBlocks } from '../pki/pem.ts';
import { TrustStore } from '../pki/trust.ts';
import { verifyCms } from '../pki/verify.ts';
import { parseCertificate } from '../pki/x509.ts';
import { operatorCommand } from './cli.ts';
import { operatorSigner } from './operator-signer.ts';
import { publishedOperatorCertificates, type PublishedOperatorCertificate } from './published-certificates.ts';

let t: TestDatabase;
let env: DemoEnv;

before(async () => {
  t = await createTestDatabase();
  env = await demoEnv(t.database);
  await env.serve([demoPkiRoutes(env.ctx), operatorKeysRoutes(env.ctx)]);
});
after(async () => {
  await env?.close();
  await t?.drop();
});

async function published(): Promise<PublishedOperatorCertificate[]> {
  const res = await fetch(`${env.base}/.well-known/jashik/operator-certificates`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { certificates: PublishedOperatorCertificate[] }).certificates;
}

/** `openssl cms -verify` of `cms` against a published certificate's chain; returns the content. */
async function opensslVerify(name: string, cms: Uint8Array, chainPem: string): Promise<Buffer> {
  const files = { cms: path.join(env.dataDir, `${name}.p7s`), chain: path.join(env.dataDir, `${name}-chain.pem`) };
  await writeFile(files.cms, cms);
  await writeFile(files.chain, chainPem);
  return execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', files.cms, '-CAfile', files.chain], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const signerFingerprint = (cms: Uint8Array) => {
  const sd = parseSignedData(cms);
  const certs = sd.certificates.map((d) => parseCertificate(d));
  const sid = sd.signers[0].sid as { serialNumber?: string };
  return certs.find((c) => c.serialNumber === sid.serialNumber)!.fingerprint;
};

let firstEvidence: Buffer;
let firstCert: PublishedOperatorCertificate;

test('X-3: demo evidence is an attached CMS with signingTime and a demo TSA timestamp, verified by openssl against the published chain', async () => {
  const bytes = Buffer.from('{"event":"ContentConsignment","letter":"демо"}');
  firstEvidence = await operatorSigner(env.ctx).signEvidence(bytes);
  const sd = parseSignedData(firstEvidence);
  assert.deepEqual(Buffer.from(sd.eContent!), bytes, 'attached');
  assert.ok(attribute(sd.signers[0].signedAttrs, OID.signingTimeAttr), 'signingTime');
  assert.ok(attribute(sd.signers[0].unsignedAttrs, OID.signatureTimeStampToken), 'timestamp');
  const certs = await published();
  assert.equal(certs.length, 1);
  firstCert = certs[0];
  assert.equal(firstCert.current, true);
  assert.equal(firstCert.fingerprints.sha256, signerFingerprint(firstEvidence));
  assert.match(firstCert.subject, /TEST/);
  assert.deepEqual(await opensslVerify('first', firstEvidence, firstCert.chainPem), bytes);
  const trust = new TrustStore(pemBlocks(firstCert.chainPem).map((b) => parseCertificate(b.der)));
  const report = await verifyCms(firstEvidence, { trust, revocation: { mode: 'off' } });
  assert.equal(report.valid, true, JSON.stringify(report.signers[0].errors));
  assert.equal(report.signers[0].trustedTimeSource, 'timestamp');
  assert.deepEqual(report.signers[0].identity?.roles, ['organisation']);
});

test('X-3: rotation makes a new key current, keeps the old certificate published and old evidence verifiable', async () => {
  const lines: string[] = [];
  assert.equal(await operatorCommand(['rotate'], env.ctx, { out: (l) => lines.push(l), err: (l) => lines.push(l) }), 0, lines.join('\n'));
  const second = await operatorSigner(env.ctx).signEvidence(Buffer.from('{"after":"rotation"}'));
  const certs = await published();
  assert.equal(certs.length, 2);
  const current = certs.find((c) => c.current)!;
  const old = certs.find((c) => !c.current)!;
  assert.equal(old.fingerprints.sha256, firstCert.fingerprints.sha256);
  assert.ok(old.retiredAt);
  assert.notEqual(current.fingerprints.sha256, old.fingerprints.sha256);
  assert.equal(signerFingerprint(second), current.fingerprints.sha256);
  assert.equal(signerFingerprint(firstEvidence), old.fingerprints.sha256);
  assert.deepEqual(await opensslVerify('old', firstEvidence, old.chainPem), Buffer.from('{"event":"ContentConsignment","letter":"демо"}'));
  await opensslVerify('new', second, current.chainPem);
});

test('X-3: a configured P12 key signs with the password from the named variable, timestamps through the configured TSA, and the password is never shown', async () => {
  const reg = await readDemoRegistry(env.dataDir);
  const org = reg.organisations[1];
  const password = 'op-Secret-123';
  const issued = await issueDemoCertificate({ config: env.config, db: t.database.db }, { kind: 'head', iin: org.headIin!, bin: org.bin, org: org.name, name: `${reg.lookupPerson(org.headIin!)!.surname} ${reg.lookupPerson(org.headIin!)!.name}`, password });
  const p12Path = path.join(env.dataDir, 'operator.p12');
  await writeFile(p12Path, issued.p12, { mode: 0o600 });
  const config = loadConfig({
    JASHIK_DATA_DIR: env.dataDir, JASHIK_HTTP_PORT: String(env.port), JASHIK_DEMO: 'on',
    JASHIK_OPERATOR_KEY_P12: p12Path, JASHIK_OPERATOR_KEY_PASSWORD_ENV: 'OPKEY_PW', JASHIK_TSA_URL: `${env.base}/demo-pki/tsa`,
  });
  assert.ok(!JSON.stringify(describeConfig(config)).includes(password));
  assert.match(String(describeConfig(config).JASHIK_OPERATOR_KEY_PASSWORD_ENV), /OPKEY_PW \(value not shown\)/);
  const ctx = { ...env.ctx, config };
  await assert.rejects(operatorSigner(ctx, { env: {} }).current(), (e: { code: string; message: string }) => e.code === 'OPERATOR_KEY_UNAVAILABLE' && /OPKEY_PW/.test(e.message) && !e.message.includes(password));
  await assert.rejects(operatorSigner(ctx, { env: { OPKEY_PW: 'wrong-password' } }).current(), (e: { code: string; message: string }) => e.code === 'OPERATOR_KEY_UNAVAILABLE' && !e.message.includes('wrong-password'));
  const cms = await operatorSigner(ctx, { env: { OPKEY_PW: password }, fetcher: env.fetcher }).signEvidence(Buffer.from('{"configured":true}'));
  assert.equal(signerFingerprint(cms), issued.certificate.fingerprint);
  assert.ok(attribute(parseSignedData(cms).signers[0].unsignedAttrs, OID.signatureTimeStampToken), 'timestamped by the configured TSA');
  // (Listed directly: the route of this server runs with the demo configuration.)
  const current = (await publishedOperatorCertificates(t.database.db)).find((c) => c.current)!;
  assert.equal(current.fingerprints.sha256, issued.certificate.fingerprint);
  await opensslVerify('configured', cms, current.chainPem);
  const refused: string[] = [];
  assert.equal(await operatorCommand(['rotate'], ctx, { out: () => {}, err: (l) => refused.push(l) }), 2);
  assert.match(refused[0], /JASHIK_OPERATOR_KEY_P12/);
});

test('outside demo mode, without a configured key, evidence signing is refused with OPERATOR_KEY_UNAVAILABLE', async () => {
  const config = loadConfig({ JASHIK_DATA_DIR: env.dataDir, JASHIK_DEMO: 'off' });
  await assert.rejects(operatorSigner({ ...env.ctx, config }).signEvidence(Buffer.from('x')), (e: { code: string }) => e.code === 'OPERATOR_KEY_UNAVAILABLE');
});
