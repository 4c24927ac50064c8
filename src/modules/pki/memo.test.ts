/**
 * What is kept beside parsed objects (memo.ts `perObject`, the identity memo of verified
 * signatures, the per-answer OCSP signature check) saves work on recurring certificates and
 * answers, and never a judgement: every verification still checks the document's signature,
 * the issuer actually used, time and validity. SPEC DF-7, DF-8, X-3.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeCertificate } from './certificate.ts';
import { checkIssuedBy } from './chain.ts';
import { parseSignedData } from './cms-parse.ts';
import { signCms } from './cms-sign.ts';
import { BytesMemo } from './memo.ts';
import { makeCa, makeCrl, makeLeaf, YEAR } from './testkit.ts';
import { verifyCms, verifyCmsWithCertificates } from './verify.ts';

const content = Buffer.from('{"type":"receipt","version":1}');
const codes = (r: { signers: { errors: { code: string }[] }[] }) => r.signers.flatMap((s) => s.errors.map((e) => e.code));

test('X-2: a certificate that verified with its CA is refused with another CA of the same name (verified per issuer, not per certificate)', () => {
  const ca = makeCa({ name: 'JASHIK TEST SAME NAME CA' });
  const impostor = makeCa({ name: 'JASHIK TEST SAME NAME CA' });
  const leaf = makeLeaf(ca);
  assert.equal(checkIssuedBy(leaf.cert, ca.cert), null);
  assert.equal(checkIssuedBy(leaf.cert, ca.cert), null, 'the second check is answered from the memo');
  assert.equal(checkIssuedBy(leaf.cert, impostor.cert)?.code, 'CERT_SIGNATURE_INVALID');
});

test('DF-7: the same CMS verified again is judged again: valid now, CERT_EXPIRED at a time after its certificate, untrusted under a same-name impostor CA', async () => {
  const ca = makeCa();
  const impostor = makeCa();
  const leaf = makeLeaf(ca);
  const cms = signCms(content, [leaf.signer]);
  const crls = [makeCrl(ca)];
  assert.equal((await verifyCms(cms, { trust: ca.trust, revocation: { crls } })).valid, true);
  const later = new Date(leaf.cert.notAfter.getTime() + YEAR);
  const expired = await verifyCms(cms, { trust: ca.trust, at: later, revocation: { mode: 'off' } });
  assert.equal(expired.valid, false);
  assert.ok(codes(expired).includes('CERT_EXPIRED'));
  const foreign = await verifyCms(cms, { trust: impostor.trust, revocation: { mode: 'off' } });
  assert.equal(foreign.valid, false);
  assert.ok(codes(foreign).includes('CHAIN_UNTRUSTED'));
});

test('DF-8: after a good CMS from a signer, a CMS with the same certificate and a damaged signature is refused', async () => {
  const ca = makeCa();
  const leaf = makeLeaf(ca);
  const cms = signCms(content, [leaf.signer]);
  const opts = { trust: ca.trust, revocation: { crls: [makeCrl(ca)] } };
  assert.equal((await verifyCms(cms, opts)).valid, true);
  const damaged = Buffer.from(cms);
  const [, sigEnd] = parseSignedData(damaged).signers[0].range.signature;
  damaged[sigEnd - 1] ^= 0x01;
  const r = await verifyCms(damaged, opts);
  assert.equal(r.valid, false);
  assert.ok(codes(r).includes('SIGNATURE_INVALID'));
  assert.equal((await verifyCms(cms, opts)).valid, true, 'the good one still verifies');
});

test('X-3: the summary of a certificate is made once per certificate object, frozen, and leaves the certificate as parsed', () => {
  const ca = makeCa();
  const leaf = makeLeaf(ca);
  const s = summarizeCertificate(leaf.cert);
  assert.equal(summarizeCertificate(leaf.cert), s);
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.identity) && Object.isFrozen(s.keyUsage));
  assert.throws(() => (s.keyUsage as string[]).push('keyCertSign'), TypeError);
  assert.equal(Object.isFrozen(leaf.cert.keyUsage), false, "the certificate's own arrays are not frozen");
  assert.deepEqual(s.keyUsage, leaf.cert.keyUsage);
  assert.equal(s.fingerprintSha256, leaf.cert.fingerprint);
});

test('DF-14: verifyCmsWithCertificates gives each signer\'s certificate from the CMS, in the order of the report\'s signers', async () => {
  const ca = makeCa();
  const first = makeLeaf(ca, { iin: '900101300001' });
  const second = makeLeaf(ca, { iin: '900101300002' });
  const cms = signCms(content, [first.signer, second.signer]);
  const { report, certificates } = await verifyCmsWithCertificates(cms, { trust: ca.trust, revocation: { crls: [makeCrl(ca)] } });
  assert.equal(report.valid, true);
  assert.deepEqual(certificates.map((c) => c?.fingerprint), report.signers.map((s) => s.certificate?.fingerprintSha256));
  assert.deepEqual(certificates.map((c) => c?.fingerprint), [first.cert.fingerprint, second.cert.fingerprint]);
});

test('X-2: certificates are found again by their exact bytes: same length and ending with other bytes before is another entry, never a false hit', () => {
  const memo = new BytesMemo<string>(8);
  const a = Buffer.alloc(100, 1);
  const b = Buffer.from(a);
  b[10] = 2; // same length, same last 32 bytes
  memo.set(a, 'a');
  assert.equal(memo.get(Buffer.from(a)), 'a');
  assert.equal(memo.get(b), undefined);
  memo.set(b, 'b');
  assert.deepEqual([memo.get(Buffer.from(a)), memo.get(Buffer.from(b))], ['a', 'b']);
  for (let i = 0; i < 20; i++) memo.set(Buffer.alloc(50 + i, i), `x${i}`);
  assert.equal(memo.get(a), undefined, 'bounded: the oldest entries went');
  assert.equal(memo.get(Buffer.alloc(69, 19)), 'x19');
});
