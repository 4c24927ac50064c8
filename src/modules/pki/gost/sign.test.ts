import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gostAlgorithmByOid,
  gostGenerateKey,
  gostHash,
  gostPublicKey,
  gostPublicKeyFromCertificate,
  gostPublicKeyFromSpki,
  gostSign,
  gostVerify,
} from './index.ts';
import { clearKeyCache } from './sign.ts';
import { spkiOfCertificate } from './spki.ts';
import { ab, certificateParts, fixture, flip, hex, refSigner, signedDataParts } from './test-helpers.ts';

const ROOT_2015 = 'ca/root_test_gost_2022.cer';
const CA_2015 = 'ca/nca_gost2015_test.cer';
const CA_2004 = 'ca/nca_gost_test.crt';
const LEAF_2004 = 'certs/ceo_valid_sign_2004_gost.cer';

/** Verifies `child`'s certificate signature with `issuer`'s key, the way a chain check does. */
function certificateVerifies(child: string, issuer: string, mutate?: (p: ReturnType<typeof certificateParts>) => void): boolean {
  const parts = certificateParts(fixture(child));
  mutate?.(parts);
  const alg = gostAlgorithmByOid(parts.signatureOid);
  assert.ok(alg, `GOST signature OID ${parts.signatureOid}`);
  const key = gostPublicKeyFromCertificate(fixture(issuer));
  assert.equal(key.info.curve, alg.curve);
  return gostVerify(key.info.curve, key.publicKey, gostHash(alg.hash, parts.tbs), parts.signature);
}

test('X-2: GOST 2015-512 signature of the NCA test CA verifies against its root', () => {
  assert.equal(certificateVerifies(CA_2015, ROOT_2015), true);
});

test('X-2: the GOST 2015-512 test root self-signature verifies', () => {
  assert.equal(certificateVerifies(ROOT_2015, ROOT_2015), true);
});

test('X-2: GOST 34.310-2004 leaf certificate verifies against its issuing CA', () => {
  assert.equal(certificateVerifies(LEAF_2004, CA_2004), true);
});

test('X-2: a certificate does not verify against the wrong issuer key', () => {
  assert.equal(certificateVerifies(ROOT_2015, CA_2015), false);
});

test('X-2: one changed byte in the signed TBSCertificate or the signature makes verification fail', () => {
  for (const [child, issuer] of [
    [CA_2015, ROOT_2015],
    [LEAF_2004, CA_2004],
  ]) {
    assert.equal(certificateVerifies(child, issuer, (p) => (p.tbs = flip(p.tbs, 100))), false);
    for (const at of [0, 5, 31, 32, 40, p2(child) - 1]) {
      assert.equal(certificateVerifies(child, issuer, (p) => (p.signature = flip(p.signature, at))), false, `${child} sig byte ${at}`);
    }
  }
  function p2(child: string): number {
    return certificateParts(fixture(child)).signature.length;
  }
});

test('X-3: the NCA timestamp token (GOST 34.310-2004) signature verifies with its embedded signer certificate', () => {
  const token = signedDataParts(fixture('tsp/tsp_token.bin'));
  assert.equal(token.signatureOid, '1.2.398.3.10.1.1.1.2');
  assert.equal(token.certificates.length, 1);
  const key = gostPublicKeyFromCertificate(token.certificates[0]);
  assert.equal(key.info.family, '2004');
  assert.equal(key.info.curve, 'cryptopro-a');
  const digest = gostHash('gost94-test', token.signedAttrs);
  assert.equal(gostVerify('cryptopro-a', key.publicKey, digest, token.signature), true);
  assert.equal(gostVerify('cryptopro-a', key.publicKey, flip(digest, 0), token.signature), false);
  assert.equal(gostVerify('cryptopro-a', key.publicKey, digest, flip(token.signature, 63)), false);
});

test('verification of a key used many times (precomputed table) stays exact, valid and invalid', () => {
  clearKeyCache();
  for (let i = 0; i < 6; i++) {
    assert.equal(certificateVerifies(CA_2015, ROOT_2015), true, `round ${i}`);
    assert.equal(certificateVerifies(CA_2015, ROOT_2015, (p) => (p.signature = flip(p.signature, i))), false, `tampered ${i}`);
  }
});

test('OIDs: Kazakh key, signature and hash OIDs map to their GOST family; others are undefined', () => {
  assert.deepEqual(gostAlgorithmByOid('1.2.398.3.10.1.1.2.3.2'), {
    family: '2015-512',
    curve: 'tc26-512-a',
    hash: 'streebog512',
    keyOid: '1.2.398.3.10.1.1.2.2',
    signatureOid: '1.2.398.3.10.1.1.2.3.2',
    hashOid: '1.2.398.3.10.1.3.3',
  });
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.1.2.2')?.family, '2015-512');
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.3.3')?.hash, 'streebog512');
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.1.1.1')?.curve, 'cryptopro-a');
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.1.1.2')?.hash, 'gost94-test');
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.3.1')?.family, '2004');
  assert.equal(gostAlgorithmByOid('1.2.398.3.10.1.1.2.3.1')?.family, '2015-256');
  assert.equal(gostAlgorithmByOid('1.2.840.113549.1.1.11'), undefined);
  assert.equal(gostAlgorithmByOid(''), undefined);
});

test('SPKI: the raw key comes out of the BIT STRING and its OCTET STRING, with the curve from the parameters', () => {
  for (const [file, family, curve, len] of [
    [ROOT_2015, '2015-512', 'tc26-512-a', 128],
    [CA_2004, '2004', 'cryptopro-a', 64],
    [LEAF_2004, '2004', 'cryptopro-a', 64],
  ] as const) {
    const spki = spkiOfCertificate(fixture(file));
    const k = gostPublicKeyFromSpki(spki);
    assert.equal(k.info.family, family);
    assert.equal(k.info.curve, curve);
    assert.equal(k.publicKey.length, len);
    // the key bytes are the last bytes of the SPKI
    assert.equal(hex(spki.subarray(spki.length - len)), hex(k.publicKey));
  }
});

test('SPKI: a non-GOST key is a coded error naming the OID; garbage is PKI_MALFORMED', () => {
  const rsa = spkiOfCertificate(fixture('certs/individual_valid_sign_2004_rsa.cer'));
  assert.throws(() => gostPublicKeyFromSpki(rsa), (e: { code?: string; message: string }) => e.code === 'PKI_UNSUPPORTED_ALGORITHM' && e.message.includes('1.2.840.113549.1.1.1'));
  assert.throws(() => gostPublicKeyFromSpki(new Uint8Array([0x30, 0x80, 1, 2])), { code: 'PKI_MALFORMED' });
  assert.throws(() => gostPublicKeyFromSpki(new Uint8Array([0x30, 0x05, 0x30])), { code: 'PKI_MALFORMED' });
  const spki = spkiOfCertificate(fixture(ROOT_2015));
  assert.throws(() => gostPublicKeyFromSpki(spki.subarray(0, spki.length - 1)), { code: 'PKI_MALFORMED' });
});

const CURVES = ['cryptopro-a', 'tc26-256-a', 'tc26-512-a', 'cryptopro-b', 'cryptopro-c', 'tc26-512-b'] as const;

test('sign/verify round trip on every supported curve; a changed digest or signature byte fails', () => {
  for (const curve of CURVES) {
    const { privateKey, publicKey } = gostGenerateKey(curve);
    assert.equal(hex(gostPublicKey(curve, privateKey)), hex(publicKey));
    const size = privateKey.length;
    const digest = gostHash(size === 64 ? 'streebog512' : 'streebog256', Buffer.from('letter ' + curve));
    const sig = gostSign(curve, privateKey, digest);
    assert.equal(sig.length, 2 * size);
    assert.equal(gostVerify(curve, publicKey, digest, sig), true, curve);
    assert.equal(gostVerify(curve, publicKey, flip(digest, 3), sig), false, `${curve} digest`);
    assert.equal(gostVerify(curve, publicKey, digest, flip(sig, 0)), false, `${curve} r`);
    assert.equal(gostVerify(curve, publicKey, digest, flip(sig, size + 1)), false, `${curve} s`);
    assert.equal(gostVerify(curve, flip(publicKey, 2), digest, sig), false, `${curve} key`);
  }
});

test('malformed signatures and keys give false, never a throw; an unknown curve is a coded error', () => {
  const { privateKey, publicKey } = gostGenerateKey('tc26-512-a');
  const digest = gostHash('streebog512', new Uint8Array([1, 2, 3]));
  const sig = gostSign('tc26-512-a', privateKey, digest);
  assert.equal(gostVerify('tc26-512-a', publicKey, digest, sig.subarray(1)), false);
  assert.equal(gostVerify('tc26-512-a', publicKey, digest, new Uint8Array(128)), false); // r = s = 0
  assert.equal(gostVerify('tc26-512-a', publicKey, digest, new Uint8Array(128).fill(0xff)), false); // r, s ≥ q
  assert.equal(gostVerify('tc26-512-a', publicKey.subarray(0, 64), digest, sig), false);
  assert.equal(gostVerify('tc26-512-a', new Uint8Array(128), digest, sig), false);
  assert.throws(() => gostVerify('secp256k1', publicKey, digest, sig), { code: 'PKI_UNSUPPORTED_ALGORITHM' });
  assert.throws(() => gostSign('tc26-512-a', new Uint8Array(64), digest), { code: 'PKI_KEY_UNREADABLE' });
  assert.throws(() => gostSign('tc26-512-a', new Uint8Array(32).fill(1), digest), { code: 'PKI_KEY_UNREADABLE' });
});

test('a zero digest is signed and verified as e = 1, as GOST R 34.10 says', () => {
  const { privateKey, publicKey } = gostGenerateKey('cryptopro-a');
  const zero = new Uint8Array(32);
  const sig = gostSign('cryptopro-a', privateKey, zero);
  assert.equal(gostVerify('cryptopro-a', publicKey, zero, sig), true);
  const one = new Uint8Array(32);
  one[0] = 1;
  assert.equal(gostVerify('cryptopro-a', publicKey, one, sig), true);
});

test('cross-check: our signatures verify with @wavesenterprise/crypto-gost-js and its signatures verify with ours', () => {
  for (const curve of ['tc26-512-a', 'cryptopro-a', 'cryptopro-b', 'tc26-512-b'] as const) {
    const ref = refSigner(curve);
    const size = curve.includes('512') ? 64 : 32;
    const digest = gostHash(size === 64 ? 'streebog512' : 'gost94-test', Buffer.from('cross-check ' + curve));
    // ours → reference
    const mine = gostGenerateKey(curve);
    const sig = gostSign(curve, mine.privateKey, digest);
    assert.equal(ref.verify(ab(mine.publicKey), ab(sig), ab(digest)), true, `${curve}: reference verifies ours`);
    assert.equal(ref.verify(ab(mine.publicKey), ab(flip(sig, 1)), ab(digest)), false, `${curve}: reference rejects tampered`);
    // reference → ours
    const theirs = ref.generateKey();
    const theirPub = new Uint8Array(theirs.publicKey);
    assert.equal(hex(gostPublicKey(curve, new Uint8Array(theirs.privateKey))), hex(theirPub), `${curve}: same public key from d`);
    const refSig = new Uint8Array(ref.sign(theirs.privateKey, ab(digest)));
    assert.equal(gostVerify(curve, theirPub, digest, refSig), true, `${curve}: ours verifies reference`);
    assert.equal(gostVerify(curve, theirPub, digest, flip(refSig, 2 * size - 1)), false);
  }
});

test('cross-check: the reference library also verifies the NCA root self-signature, so the byte layout is shared', () => {
  const parts = certificateParts(fixture(ROOT_2015));
  const key = gostPublicKeyFromCertificate(fixture(ROOT_2015));
  const ok = refSigner('tc26-512-a').verify(ab(key.publicKey), ab(parts.signature), ab(gostHash('streebog512', parts.tbs)));
  assert.equal(ok, true);
});

test('many random signatures verify and their one-bit changes fail (fast verification paths)', () => {
  clearKeyCache();
  for (const curve of ['tc26-512-a', 'cryptopro-a'] as const) {
    const size = curve === 'tc26-512-a' ? 64 : 32;
    const keys = [gostGenerateKey(curve), gostGenerateKey(curve)];
    for (let i = 0; i < 12; i++) {
      const k = keys[i % 2]; // each key goes cold → hot (fixed-window table) along the way
      const digest = new Uint8Array(size).map(() => Math.floor(Math.random() * 256));
      const sig = gostSign(curve, k.privateKey, digest);
      assert.equal(gostVerify(curve, k.publicKey, digest, sig), true, `${curve} #${i}`);
      assert.equal(gostVerify(curve, k.publicKey, digest, flip(sig, i % (2 * size))), false, `${curve} #${i} tampered`);
    }
  }
});
