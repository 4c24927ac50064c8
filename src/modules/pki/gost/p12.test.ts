import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gostHash, gostPublicKey, gostPublicKeyFromCertificate, gostSign, gostVerify, readKalkanP12 } from './index.ts';
import { ab, certificateParts, fixture, flip, hex, refSigner } from './test-helpers.ts';

const P12 = 'keys/individual_valid.p12';
const PASSWORD = 'Qwerty12';

test('MB-5: the Kalkan PKCS#12 opens with its password and its GOST 2015-512 key d·G equals the certificate key', () => {
  const key = readKalkanP12(fixture(P12), PASSWORD);
  assert.equal(key.curve, 'tc26-512-a');
  assert.equal(key.privateKey.length, 64);
  assert.equal(key.certificates.length, 1);
  const cert = gostPublicKeyFromCertificate(key.certificates[0]);
  assert.equal(cert.info.family, '2015-512');
  assert.equal(hex(gostPublicKey('tc26-512-a', key.privateKey)), hex(cert.publicKey));
  // the certificate is the README's (serial 6C425659…8451)
  assert.match(hex(key.certificates[0]), /6c425659[0-9a-f]*8451/);
});

test('X-2: the certificate from the Kalkan PKCS#12 verifies against the NCA GOST 2015 test CA', () => {
  const { certificates } = readKalkanP12(fixture(P12), PASSWORD);
  const parts = certificateParts(certificates[0]);
  assert.equal(parts.signatureOid, '1.2.398.3.10.1.1.2.3.2');
  const ca = gostPublicKeyFromCertificate(fixture('ca/nca_gost2015_test.cer'));
  assert.equal(gostVerify('tc26-512-a', ca.publicKey, gostHash('streebog512', parts.tbs), parts.signature), true);
});

test('X-2: a signature by the Kalkan key verifies with ours and, independently, with @wavesenterprise/crypto-gost-js', () => {
  const { privateKey, certificates } = readKalkanP12(fixture(P12), PASSWORD);
  const { publicKey } = gostPublicKeyFromCertificate(certificates[0]);
  const digest = gostHash('streebog512', Buffer.from('Электрондық хат / e-letter'));
  const sig = gostSign('tc26-512-a', privateKey, digest);
  assert.equal(gostVerify('tc26-512-a', publicKey, digest, sig), true);
  assert.equal(refSigner('tc26-512-a').verify(ab(publicKey), ab(sig), ab(digest)), true);
  assert.equal(gostVerify('tc26-512-a', publicKey, digest, flip(sig, 70)), false);
  assert.equal(refSigner('tc26-512-a').verify(ab(publicKey), ab(flip(sig, 70)), ab(digest)), false);
});

test('a wrong password is PKI_KEY_UNREADABLE and the message does not echo the password', () => {
  assert.throws(
    () => readKalkanP12(fixture(P12), 'Wrong-Secret-1'),
    (e: { code?: string; message: string; detail?: string }) =>
      e.code === 'PKI_KEY_UNREADABLE' && !e.message.includes('Wrong-Secret-1') && !(e.detail ?? '').includes('Wrong-Secret-1'),
  );
});

test('a damaged or non-PKCS#12 file is PKI_KEY_UNREADABLE, not a crash', () => {
  const der = fixture(P12);
  assert.throws(() => readKalkanP12(der.subarray(0, 200), PASSWORD), { code: 'PKI_KEY_UNREADABLE' });
  assert.throws(() => readKalkanP12(new Uint8Array([1, 2, 3]), PASSWORD), { code: 'PKI_KEY_UNREADABLE' });
  assert.throws(() => readKalkanP12(flip(der, der.length - 10), PASSWORD), { code: 'PKI_KEY_UNREADABLE' });
});
