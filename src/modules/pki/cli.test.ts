/**
 * `jashik verify`, `jashik sign`, `jashik cert`: output, exit codes (0 valid, 1 invalid, 2
 * unreadable input or usage) and the password rule (only from the named environment
 * variable, never printed). SPEC DF-7, MB-5, MB-11.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { runCertCommand, runSignCommand, runVerifyCommand, type CliIo } from './cli.ts';
import { signCms } from './cms-sign.ts';
import { loadGost } from './gost-bridge.ts';
import { OID } from './oids.ts';
import { toPem } from './pem.ts';
import type { VerificationReport } from './report.ts';
import { nodeSigner } from './sign.ts';
import { generateKey, makeCa, makeCrl, makeLeaf, nextSerial, spkiOf, YEAR } from './testkit.ts';
import { issueTimestampToken, parseTimestampRequest, timestampResponse } from './tsp.ts';
import { issueCertificate } from './x509-build.ts';
import { testFilesForThisFile } from './test-files.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/nca-test');
const { dir, file } = testFilesForThisFile('cli');

function io(env: Record<string, string> = {}, fetcher?: CliIo['fetcher']) {
  const out: Buffer[] = [];
  const err: string[] = [];
  const x: CliIo = {
    stdout: { write: (c: string | Uint8Array) => out.push(Buffer.from(c)) },
    stderr: { write: (c: string) => err.push(c) },
    readFile: (p) => readFile(p),
    env,
    fetcher,
  };
  return { io: x, out: () => Buffer.concat(out), text: () => Buffer.concat(out).toString('utf8'), err: () => err.join('') };
}

const ca = makeCa();
const trustDir = path.join(dir, 'trust');
mkdirSync(trustDir);
writeFileSync(path.join(trustDir, 'ca.pem'), toPem(ca.cert.der, 'CERTIFICATE'));
const crlFile = file('ca.crl', makeCrl(ca));
const content = Buffer.from('{"type":"application","version":1}');

test('DF-7: jashik verify prints the report (text and JSON, same facts) and exits 0 / 1 / 2', async () => {
  const leaf = makeLeaf(ca);
  const p7s = file('ok.p7s', signCms(content, [leaf.signer]));
  const j = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', trustDir, '--crl', crlFile, '--json'], j.io), 0);
  const report = JSON.parse(j.text()) as VerificationReport;
  assert.equal(report.valid, true);
  assert.equal(report.signers[0].identity?.iin, '900101300123');
  const t = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', trustDir, '--crl', crlFile], t.io), 0);
  assert.match(t.text(), /^Signature: VALID/);
  assert.match(t.text(), /IIN: 900101300123/);
  assert.match(t.text(), /good by CRL/);
  // Revocation unknown without a source: invalid, exit 1.
  const u = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', trustDir], u.io), 1);
  assert.match(u.text(), /REVOCATION_UNKNOWN/);
  // An authentication key signing a document: exit 1.
  const auth = file('auth.p7s', signCms(content, [makeLeaf(ca, { kind: 'auth' }).signer]));
  assert.equal(await runVerifyCommand([auth, '--trust', trustDir, '--crl', crlFile], io().io), 1);
  // Unreadable input and usage errors: exit 2.
  for (const args of [[path.join(dir, 'missing.p7s')], [file('garbage.p7s', 'not a signature')], [p7s, '--at', 'yesterday'], [p7s, '--bogus'], [], [p7s, '--purpose', 'fun']]) {
    const e = io();
    assert.equal(await runVerifyCommand(args, e.io), 2, args.join(' '));
    assert.ok(e.err().length > 0);
  }
  const det = file('det.p7s', signCms(content, [leaf.signer], { detached: true }));
  const d = io();
  assert.equal(await runVerifyCommand([det, '--trust', trustDir, '--crl', crlFile], d.io), 2);
  assert.match(d.err(), /PKI_CONTENT_REQUIRED/);
  assert.equal(await runVerifyCommand([det, '--trust', trustDir, '--crl', crlFile, '--content', file('content.json', content)], io().io), 0);
});

test('DF-7: jashik verify --at judges an old signature as of that time; now it is expired', async () => {
  const oldCa = makeCa({ notBefore: new Date(Date.now() - 4 * YEAR) });
  const old = makeLeaf(oldCa, { notBefore: new Date(Date.now() - 3 * YEAR), notAfter: new Date(Date.now() - 2 * YEAR) });
  const at = new Date(Date.now() - 2.5 * YEAR);
  const tdir = path.join(dir, 'trust-old');
  mkdirSync(tdir);
  writeFileSync(path.join(tdir, 'ca.cer'), oldCa.cert.der);
  const crl = file('old.crl', makeCrl(oldCa, [], new Date(at.getTime() - 3600_000), new Date(at.getTime() + 3600_000)));
  const p7s = file('old.p7s', signCms(content, [old.signer]));
  assert.equal(await runVerifyCommand([p7s, '--trust', tdir, '--crl', crl, '--at', at.toISOString()], io().io), 0);
  const now = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', tdir, '--crl', crl, '--json'], now.io), 1);
  assert.ok((JSON.parse(now.text()) as VerificationReport).signers[0].errors.some((e) => e.code === 'CERT_EXPIRED'));
});

test('DF-7: jashik sign --p12 --password-env writes a DER CMS; the password is never printed', async () => {
  const leaf = makeLeaf(ca);
  const key = file('k.pem', leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string);
  const cert = file('c.pem', toPem(leaf.cert.der, 'CERTIFICATE'));
  const p12 = path.join(dir, 'k.p12');
  const secret = 'Topsecret-Pw-77';
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', 'env:PW'], { env: { ...process.env, PW: secret } });
  const input = file('in.json', content);
  const s = io({ JASHIK_KEY_PASSWORD: secret });
  assert.equal(await runSignCommand(['--p12', p12, '--password-env', 'JASHIK_KEY_PASSWORD', input], s.io), 0);
  assert.equal(s.out()[0], 0x30);
  assert.ok(!s.out().includes(Buffer.from(secret)) && !s.err().includes(secret));
  assert.equal(await runVerifyCommand([file('signed.p7s', s.out()), '--trust', trustDir, '--crl', crlFile], io().io), 0);
  const d = io({ JASHIK_KEY_PASSWORD: secret });
  assert.equal(await runSignCommand(['--p12', p12, '--password-env', 'JASHIK_KEY_PASSWORD', '--detached', input], d.io), 0);
  assert.equal(await runVerifyCommand([file('d.p7s', d.out()), '--content', input, '--trust', trustDir, '--crl', crlFile], io().io), 0);
  const wrong = io({ JASHIK_KEY_PASSWORD: 'Wrong-Pw-12345' });
  assert.equal(await runSignCommand(['--p12', p12, '--password-env', 'JASHIK_KEY_PASSWORD', input], wrong.io), 2);
  assert.match(wrong.err(), /PKI_KEY_UNREADABLE/);
  assert.ok(!wrong.err().includes('Wrong-Pw-12345'));
  const unset = io({});
  assert.equal(await runSignCommand(['--p12', p12, '--password-env', 'JASHIK_KEY_PASSWORD', input], unset.io), 2);
  assert.match(unset.err(), /JASHIK_KEY_PASSWORD/);
  assert.equal(await runSignCommand(['--p12', p12, input], io({}).io), 2, 'no password on the command line');
  const pem = io();
  assert.equal(await runSignCommand(['--key', key, '--cert', cert, '--hash', 'sha384', input], pem.io), 0);
  assert.equal(await runVerifyCommand([file('pem.p7s', pem.out()), '--trust', trustDir, '--crl', crlFile], io().io), 0);
});

test('DF-9: jashik sign --tsa asks the TSA (through the fetcher) and embeds the timestamp', async () => {
  const leaf = makeLeaf(ca);
  const tsaKey = generateKey('rsa');
  const tsaCert = issueCertificate({ subject: [['CN', 'JASHIK TEST TSA']], spki: spkiOf(tsaKey.publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(), notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR), keyUsage: ['digitalSignature'], extKeyUsage: [OID.ekuTimeStamping] });
  const tsa = nodeSigner(tsaKey.privateKey, tsaCert);
  const fetcher: CliIo['fetcher'] = async (url, req) => {
    assert.equal(url, 'http://tsa.test/');
    assert.equal(req.contentType, 'application/timestamp-query');
    const q = parseTimestampRequest(req.body!);
    return timestampResponse(issueTimestampToken({ signer: tsa, hashOid: q.hashOid, hashedMessage: q.hashedMessage, serialNumber: 7n, nonce: q.nonce }));
  };
  const s = io({}, fetcher);
  assert.equal(await runSignCommand(['--key', file('t.key', leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string), '--cert', file('t.pem', toPem(leaf.cert.der, 'CERTIFICATE')), '--tsa', 'http://tsa.test/', file('t.json', content)], s.io), 0);
  const v = io();
  assert.equal(await runVerifyCommand([file('t.p7s', s.out()), '--trust', trustDir, '--crl', crlFile, '--json'], v.io), 0);
  const r = JSON.parse(v.text()) as VerificationReport;
  assert.equal(r.signers[0].trustedTimeSource, 'timestamp');
  assert.equal(r.signers[0].timestamp?.valid, true);
});

test('MB-5: jashik cert prints identity and roles of an NCA certificate (text and JSON)', async () => {
  const t = io();
  assert.equal(await runCertCommand([path.join(FIXTURES, 'certs/ceo_valid_sign_2004_gost.cer')], t.io), 0);
  assert.match(t.text(), /IIN: 123456789011/);
  assert.match(t.text(), /BIN: 123456789021/);
  assert.match(t.text(), /Roles: organisation, first_head/);
  const j = io();
  assert.equal(await runCertCommand([path.join(FIXTURES, 'certs/individual_valid_sign_2004_rsa_auth.cer'), '--json'], j.io), 0);
  assert.equal(JSON.parse(j.text()).identity.keyPurpose, 'authentication');
  assert.equal(await runCertCommand([path.join(FIXTURES, 'crl/nca_rsa_test.crl')], io().io), 2);
});

test('X-3: jashik verify on the NCA fixtures: Kalkan GOST 2015 signature to the 2022 root, and the stale fixture CRL', async (t) => {
  if (!(await loadGost())) return t.skip('src/modules/pki/gost not present yet');
  const tdir = path.join(dir, 'trust-gost');
  mkdirSync(tdir);
  for (const f of ['root_test_gost_2022.cer', 'nca_gost2015_test.cer']) writeFileSync(path.join(tdir, f), readFileSync(path.join(FIXTURES, 'ca', f)));
  const s = io({ P: 'Qwerty12' });
  assert.equal(await runSignCommand(['--p12', path.join(FIXTURES, 'keys/individual_valid.p12'), '--password-env', 'P', file('g.json', content)], s.io), 0);
  const p7s = file('g.p7s', s.out());
  const at = '2026-06-01T00:00:00Z';
  const v = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', tdir, '--at', at, '--no-revocation'], v.io), 0);
  assert.match(v.text(), /GOST 34.10-2015 512/);
  assert.match(v.text(), /НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ \(GOST\) TEST 2022.*\(trust anchor\)/);
  const stale = io();
  assert.equal(await runVerifyCommand([p7s, '--trust', tdir, '--at', at, '--crl', path.join(FIXTURES, 'crl/nca_gost2022_test.crl')], stale.io), 1);
  assert.match(stale.text(), /stale/);
});
