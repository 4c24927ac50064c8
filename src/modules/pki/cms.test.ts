/**
 * CMS signing and verification round trips and interoperability with OpenSSL: RSA PKCS#1
 * v1.5 and PSS (SHA-256/384/512), ECDSA P-256/P-384, attached and detached, several
 * signers, co-signing, signature timestamps, keys from PKCS#12 and PEM. SPEC DF-7, DF-8, X-2.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSignedData } from './cms-parse.ts';
import { addCmsSigner, addSignatureTimestamp, signCms } from './cms-sign.ts';
import { digest } from './algorithms.ts';
import { OID } from './oids.ts';
import { toPem } from './pem.ts';
import { loadP12Signer, loadPemSigner } from './sign.ts';
import { makeCa, makeCrl, makeLeaf, type KeyAlg } from './testkit.ts';
import { issueTimestampToken } from './tsp.ts';
import { TrustStore } from './trust.ts';
import { parseCertificate } from './x509.ts';
import { verifyCms } from './verify.ts';
import { issueCertificate } from './x509-build.ts';
import { spkiOf, generateKey, nextSerial, YEAR } from './testkit.ts';
import { openssl, testFilesForThisFile } from './test-files.ts';

const { dir, file } = testFilesForThisFile('cms');

const ca = makeCa();
const caEc = makeCa({ alg: 'p384', name: 'JASHIK TEST EC CA' });
const crl = makeCrl(ca);
const content = Buffer.from('{"type":"letter","version":1,"body":"Сәлем, әлем"}');
const opts = (trust = ca.trust, crls = [crl]) => ({ trust, revocation: { crls } });

for (const [alg, hash] of [['rsa', 'sha256'], ['rsa', 'sha384'], ['rsa', 'sha512'], ['rsa-pss', 'sha256'], ['rsa-pss', 'sha512'], ['p256', 'sha256'], ['p384', 'sha384']] as const) {
  test(`DF-7: ${alg} ${hash} attached CMS made by jashik verifies with jashik and with openssl cms -verify`, async () => {
    const theCa = alg.startsWith('p') ? caEc : ca;
    const leaf = makeLeaf(theCa, { alg: alg as KeyAlg });
    const { nodeSigner } = await import('./sign.ts');
    const signer = nodeSigner(leaf.key, leaf.cert, [], { hash, pss: alg === 'rsa-pss' });
    const cms = signCms(content, [signer]);
    const r = await verifyCms(cms, opts(theCa.trust, [makeCrl(theCa)]));
    assert.deepEqual(r.signers[0].errors, []);
    assert.equal(r.valid, true);
    const out = openssl('cms', '-verify', '-inform', 'DER', '-in', file(`${alg}-${hash}.p7s`, cms), '-CAfile', file(`ca-${alg}.pem`, toPem(theCa.cert.der, 'CERTIFICATE')), '-purpose', 'any');
    assert.deepEqual(out, content);
  });
}

test('DF-7: detached CMS verifies with the content, with openssl, and fails with other content', async () => {
  const leaf = makeLeaf(ca);
  const cms = signCms(content, [leaf.signer], { detached: true });
  assert.equal(parseSignedData(cms).eContent, undefined);
  const r = await verifyCms(cms, { ...opts(), content });
  assert.equal(r.valid, true);
  assert.equal(r.detached, true);
  openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', file('det.p7s', cms), '-content', file('det.txt', content), '-CAfile', file('ca.pem', toPem(ca.cert.der, 'CERTIFICATE')), '-purpose', 'any', '-out', path.join(dir, 'det.out'));
  const other = await verifyCms(cms, { ...opts(), content: Buffer.from('другой текст') });
  assert.equal(other.valid, false);
  assert.ok(other.signers[0].errors.some((e) => e.code === 'MESSAGE_DIGEST_MISMATCH'));
  await assert.rejects(verifyCms(cms, opts()), { code: 'PKI_CONTENT_REQUIRED' });
});

test('DF-8: several signers, and a co-signer added later, all verify; the first signature is untouched', async () => {
  const a = makeLeaf(ca);
  const b = makeLeaf(caEc, { alg: 'p256' });
  const trust = new TrustStore([ca.cert, caEc.cert], 'all');
  const crls = [crl, makeCrl(caEc)];
  const two = signCms(content, [a.signer, b.signer]);
  const r = await verifyCms(two, { trust, revocation: { crls } });
  assert.equal(r.valid, true);
  assert.equal(r.signers.length, 2);
  const c = makeLeaf(ca, { kind: 'head' });
  const three = addCmsSigner(two, c.signer);
  const sd2 = parseSignedData(two);
  const sd3 = parseSignedData(three);
  assert.deepEqual(Buffer.from(sd3.signers[0].der), Buffer.from(sd2.signers[0].der));
  const r3 = await verifyCms(three, { trust, revocation: { crls } });
  assert.equal(r3.valid, true);
  assert.deepEqual(r3.signers.map((s) => s.identity?.roles), [['individual'], ['individual'], ['organisation', 'first_head']]);
  openssl('cms', '-verify', '-inform', 'DER', '-in', file('three.p7s', three), '-CAfile', file('both.pem', toPem(ca.cert.der, 'CERTIFICATE') + toPem(caEc.cert.der, 'CERTIFICATE')), '-purpose', 'any', '-out', path.join(dir, 'three.out'));
  // Co-signing a detached signature needs the content.
  const det = signCms(content, [a.signer], { detached: true });
  assert.throws(() => addCmsSigner(det, c.signer), { code: 'PKI_CONTENT_REQUIRED' });
  assert.equal((await verifyCms(addCmsSigner(det, c.signer, { content }), { trust, content, revocation: { crls } })).valid, true);
});

test('DF-7: a CMS made by openssl cms -sign (RSA and ECDSA, openssl-made certificates) verifies with jashik', async () => {
  for (const alg of ['rsa', 'ec']) {
    const keyArgs = alg === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    const caKey = path.join(dir, `o-${alg}-ca.key`);
    const caPem = path.join(dir, `o-${alg}-ca.pem`);
    openssl('req', '-x509', ...keyArgs, '-nodes', '-keyout', caKey, '-out', caPem, '-days', '30', '-subj', '/CN=OpenSSL Test CA/C=KZ', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const leafKey = path.join(dir, `o-${alg}-leaf.key`);
    const csr = path.join(dir, `o-${alg}-leaf.csr`);
    openssl('req', '-new', ...keyArgs, '-nodes', '-keyout', leafKey, '-out', csr, '-subj', '/CN=ТЕСТОВ ТЕСТ/serialNumber=IIN123456789011/C=KZ', '-utf8');
    const ext = file(`o-${alg}.ext`, 'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection,1.2.398.3.3.4.1.1\n');
    const leafPem = path.join(dir, `o-${alg}-leaf.pem`);
    openssl('x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', caKey, '-CAcreateserial', '-out', leafPem, '-days', '10', '-extfile', ext);
    const data = file(`o-${alg}.txt`, content);
    const p7s = path.join(dir, `o-${alg}.p7s`);
    openssl('cms', '-sign', '-binary', '-nodetach', '-in', data, '-signer', leafPem, '-inkey', leafKey, '-outform', 'DER', '-out', p7s);
    const trust = new TrustStore([parseCertificate(readFileSync(caPem))]);
    const r = await verifyCms(readFileSync(p7s), { trust, revocation: { mode: 'off' } });
    assert.deepEqual(r.signers[0].errors, [], alg);
    assert.equal(r.valid, true);
    assert.equal(r.signers[0].identity?.iin, '123456789011');
    // …and jashik signs with the openssl-made PEM key, which openssl verifies.
    const signer = await loadPemSigner(readFileSync(leafKey), readFileSync(leafPem));
    openssl('cms', '-verify', '-inform', 'DER', '-in', file(`j-${alg}.p7s`, signCms(content, [signer])), '-CAfile', caPem, '-purpose', 'any', '-out', path.join(dir, 'j.out'));
    // Detached, openssl-made.
    const det = path.join(dir, `o-${alg}-det.p7s`);
    openssl('cms', '-sign', '-binary', '-in', data, '-signer', leafPem, '-inkey', leafKey, '-outform', 'DER', '-out', det);
    assert.equal((await verifyCms(readFileSync(det), { trust, content, revocation: { mode: 'off' } })).valid, true);
  }
});

test('DF-7: keys from an openssl PKCS#12 (RSA and ECDSA) sign; a key that is not the certificate\'s is refused', async () => {
  for (const alg of ['rsa', 'p256'] as const) {
    const leaf = makeLeaf(alg === 'rsa' ? ca : caEc, { alg });
    const keyPem = file(`p12-${alg}.key`, leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string);
    const certPem = file(`p12-${alg}.pem`, toPem(leaf.cert.der, 'CERTIFICATE'));
    const p12 = path.join(dir, `${alg}.p12`);
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', keyPem, '-in', certPem, '-out', p12, '-passout', 'env:P12PW'], { env: { ...process.env, P12PW: 'Secret-1' } });
    const signer = await loadP12Signer(readFileSync(p12), 'Secret-1');
    assert.equal(signer.certificate.fingerprint, leaf.cert.fingerprint);
    const trust = alg === 'rsa' ? ca.trust : caEc.trust;
    assert.equal((await verifyCms(signCms(content, [signer]), { trust, revocation: { mode: 'off' } })).valid, true);
    await assert.rejects(loadP12Signer(readFileSync(p12), 'wrong'), { code: 'PKI_KEY_UNREADABLE' });
  }
  const other = makeLeaf(ca);
  const mine = makeLeaf(ca);
  await assert.rejects(loadPemSigner(other.key.export({ type: 'pkcs8', format: 'pem' }) as string, toPem(mine.cert.der, 'CERTIFICATE')), { code: 'PKI_KEY_MISMATCH' });
});

test('DF-7: a PKCS#12 with a Kazakh password opens, PBES2/AES (openssl default) and legacy 3DES/RC2 alike; a wrong one is PKI_KEY_UNREADABLE', async () => {
  const password = 'Құпия-сөз-2026';
  const leaf = makeLeaf(ca);
  const keyPem = file('kk-p12.key', leaf.key.export({ type: 'pkcs8', format: 'pem' }) as string);
  const certPem = file('kk-p12.pem', toPem(leaf.cert.der, 'CERTIFICATE'));
  const variants: Record<string, string[]> = {
    'pbes2-aes': [],
    'pbe-sha1-3des': ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    legacy: ['-legacy'],
  };
  for (const [name, extra] of Object.entries(variants)) {
    const p12 = path.join(dir, `kk-${name}.p12`);
    execFileSync('openssl', ['pkcs12', '-export', ...extra, '-inkey', keyPem, '-in', certPem, '-out', p12, '-passout', 'env:P12PW'], { env: { ...process.env, P12PW: password } });
    // What the file really uses (openssl prints it on stderr), so each variant tests its scheme.
    const info = spawnSync('openssl', ['pkcs12', '-info', '-noout', ...(name === 'legacy' ? ['-legacy'] : []), '-in', p12, '-passin', 'env:P12PW'], { env: { ...process.env, P12PW: password }, encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stderr, { 'pbes2-aes': /Shrouded Keybag: PBES2, PBKDF2, AES/, 'pbe-sha1-3des': /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/, legacy: /Encrypted data: pbeWithSHA1And40BitRC2-CBC/ }[name]!, name);
    const signer = await loadP12Signer(readFileSync(p12), password);
    assert.equal(signer.certificate.fingerprint, leaf.cert.fingerprint, name);
    assert.equal((await verifyCms(signCms(content, [signer]), { trust: ca.trust, revocation: { mode: 'off' } })).valid, true, name);
    await assert.rejects(loadP12Signer(readFileSync(p12), 'Купия-сөз-2026'), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'PKI_KEY_UNREADABLE', name);
      assert.ok(!err.message.includes('сөз'), 'the message names no password');
      return true;
    });
  }
});

test('DF-9: a signature timestamp sets the trusted time; signingTime is reported, never trusted', async () => {
  const tsaKey = generateKey('rsa');
  const tsaCert = issueCertificate({
    subject: [['CN', 'JASHIK TEST TSA'], ['C', 'KZ']], spki: spkiOf(tsaKey.publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(),
    notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR), keyUsage: ['digitalSignature', 'nonRepudiation'], extKeyUsage: [OID.ekuTimeStamping],
  });
  const { nodeSigner } = await import('./sign.ts');
  const tsa = nodeSigner(tsaKey.privateKey, tsaCert);
  const leaf = makeLeaf(ca);
  const backdated = new Date('2001-01-01T00:00:00Z');
  const cms = signCms(content, [leaf.signer], { signingTime: backdated });
  const sig = parseSignedData(cms).signers[0].signature;
  const genTime = new Date(Date.now() - 24 * 3600_000);
  const token = issueTimestampToken({ signer: tsa, hashOid: OID.sha256, hashedMessage: digest(OID.sha256, sig), serialNumber: 1n, genTime });
  const stamped = addSignatureTimestamp(cms, 0, token);
  // Revoked after the timestamp: still valid, since validity is judged at genTime.
  const laterCrl = makeCrl(ca, [{ serialNumber: leaf.cert.serialNumber, revokedAt: new Date(Date.now() - 3600_000), reason: 'keyCompromise' }]);
  const r = await verifyCms(stamped, { trust: ca.trust, revocation: { crls: [laterCrl] } });
  assert.deepEqual(r.signers[0].errors, []);
  assert.equal(r.signers[0].trustedTimeSource, 'timestamp');
  assert.equal(r.signers[0].trustedTime, genTime.toISOString());
  assert.equal(r.signers[0].signingTime, backdated.toISOString());
  assert.equal(r.signers[0].timestamp?.valid, true);
  // Without the timestamp the same revocation counts (trusted time = receive time = now).
  const r2 = await verifyCms(cms, { trust: ca.trust, revocation: { crls: [laterCrl] } });
  assert.ok(r2.signers[0].errors.some((e) => e.code === 'REVOKED'));
  // The backdated signingTime does not rescue it either: it is never the trusted time.
  assert.equal(r2.signers[0].trustedTimeSource, 'verification-time');
  // A stored token (offline validation data) works like an embedded one.
  const r3 = await verifyCms(cms, { trust: ca.trust, timestampTokens: [token], revocation: { crls: [laterCrl] } });
  assert.equal(r3.valid, true);
  // A token over another signature is refused.
  const foreign = issueTimestampToken({ signer: tsa, hashOid: OID.sha256, hashedMessage: digest(OID.sha256, Buffer.from('x')), serialNumber: 2n, genTime });
  const r4 = await verifyCms(addSignatureTimestamp(cms, 0, foreign), { trust: ca.trust, revocation: { crls: [laterCrl] } });
  assert.ok(r4.signers[0].errors.some((e) => e.code === 'TIMESTAMP_INVALID'));
  assert.equal(r4.valid, false);
});
