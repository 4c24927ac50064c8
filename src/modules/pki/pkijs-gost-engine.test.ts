/**
 * GOST plugged into pkijs through its crypto-engine hook. Plain pkijs calls
 * (SignedData.verify, Certificate.verify, SignedData.sign) on the NCA test material, with the
 * engine given explicitly or installed process-wide; everything else delegated to WebCrypto.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signCms, type CmsSigner } from './cms-sign.ts';
import { parseSignedData } from './cms-parse.ts';
import { GOST_OID, gostHash, gostPublicKeyFromCertificate, gostVerify, readKalkanP12 } from './gost/index.ts';
import { GostCryptoEngine, gostPrivateKey, installGostEngine } from './pkijs-gost-engine.ts';
import { loadP12Signer } from './sign.ts';
import { makeCa, makeLeaf } from './testkit.ts';
import { parseCertificate } from './x509.ts';

const FIX = path.resolve(import.meta.dirname, '../../../../shared/fixtures/nca-test');
const file = (p: string) => new Uint8Array(readFileSync(path.join(FIX, p)));
/** DER of a fixture certificate (some are PEM). */
const certFile = (p: string) => new Uint8Array(parseCertificate(file(p)).der);
const cert = (der: Uint8Array) => pkijs.Certificate.fromBER(new Uint8Array(der));
const signedData = (cms: Uint8Array) => new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(new Uint8Array(cms)).content });
const content = new TextEncoder().encode('Хат мазмұны — X-2 pkijs GOST engine test');

const engine = new GostCryptoEngine();
let kalkan: CmsSigner;
let restore: () => void;

before(async () => {
  kalkan = await loadP12Signer(file('keys/individual_valid.p12'), 'Qwerty12');
  restore = installGostEngine(engine);
});
after(() => restore());

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] ^= 0x01;
  return copy;
}

test('X-2: plain pkijs SignedData.verify accepts a GOST 2015-512 CMS signed with the Kalkan fixture key (attached and detached)', async () => {
  assert.equal(kalkan.signatureAlgorithm.oid, GOST_OID.gost2015_512Signature);
  const attached = signCms(content, [kalkan]);
  assert.equal(await signedData(attached).verify({ signer: 0, checkChain: false }), true);
  const detached = signCms(content, [kalkan], { detached: true });
  assert.equal(await signedData(detached).verify({ signer: 0, checkChain: false, data: content.slice().buffer }), true);
  // extendedMode reports the signer certificate pkijs found
  const r = await signedData(attached).verify({ signer: 0, checkChain: false, extendedMode: true }, engine);
  assert.equal(r.signatureVerified, true);
  assert.equal(Buffer.from(r.signerCertificate!.toSchema().toBER()).equals(Buffer.from(kalkan.certificate.der)), true);
});

test('X-2: plain pkijs Certificate.verify checks the NCA GOST 2015 chain: root self-signed, issuing CA by root, Kalkan leaf by issuing CA', async () => {
  const root = cert(certFile('ca/root_test_gost_2022.cer'));
  const ca = cert(certFile('ca/nca_gost2015_test.cer'));
  const leaf = cert(kalkan.certificate.der);
  assert.equal(await root.verify(), true);
  assert.equal(await ca.verify(root), true);
  assert.equal(await leaf.verify(ca), true);
  // wrong issuer: the leaf is not signed by the root
  assert.equal(await leaf.verify(root), false);
});

test('X-2: GOST 34.310-2004 certificates verify through the engine (ceo_valid_sign_2004_gost by nca_gost_test)', async () => {
  const ca = cert(certFile('ca/nca_gost_test.crt'));
  assert.equal(await cert(certFile('certs/ceo_valid_sign_2004_gost.cer')).verify(ca), true);
});

test('X-2: a one-byte change fails — signature value, signed attributes, content, certificate body', async () => {
  const cms = signCms(content, [kalkan]);
  const si = parseSignedData(cms).signers[0];
  const sigAt = Buffer.from(cms).indexOf(Buffer.from(si.signature));
  const signingTimeAt = Buffer.from(cms).indexOf(Buffer.from('2a864886f70d010905', 'hex'));
  const contentAt = Buffer.from(cms).indexOf(Buffer.from(content));
  assert.ok(sigAt > 0 && signingTimeAt > 0 && contentAt > 0);

  assert.equal(await signedData(flip(cms, sigAt + 10)).verify({ signer: 0, checkChain: false }), false);
  // a digit of the signingTime value (OID 9 bytes, SET and UTCTime headers 4, then YYMMDD…): the signed attributes change
  assert.equal(await signedData(flip(cms, signingTimeAt + 9 + 4 + 5)).verify({ signer: 0, checkChain: false }), false);
  await assert.rejects(signedData(flip(cms, contentAt + 3)).verify({ signer: 0, checkChain: false }), (e: unknown) => e instanceof pkijs.SignedDataVerifyError && /Message digest/.test(e.message));

  const caDer = certFile('ca/nca_gost2015_test.cer');
  const root = cert(certFile('ca/root_test_gost_2022.cer'));
  assert.equal(await cert(flip(caDer, 200)).verify(root), false);
});

test('X-2: without the engine pkijs rejects the same GOST CMS, so the engine is what makes it verify', async () => {
  const plain = new pkijs.CryptoEngine({ crypto: globalThis.crypto });
  await assert.rejects(signedData(signCms(content, [kalkan])).verify({ signer: 0, checkChain: false }, plain), pkijs.SignedDataVerifyError);
});

test('X-2: RSA still verifies through the engine (delegation to WebCrypto): test-CA CMS and the NCA RSA fixture certificate', async () => {
  const ca = makeCa();
  const leaf = makeLeaf(ca);
  const cms = signCms(content, [leaf.signer]);
  assert.equal(await signedData(cms).verify({ signer: 0, checkChain: false }, engine), true);
  const bad = flip(cms, Buffer.from(cms).indexOf(Buffer.from(parseSignedData(cms).signers[0].signature)) + 5);
  assert.equal(await signedData(bad).verify({ signer: 0, checkChain: false }, engine), false);
  assert.equal(await cert(certFile('certs/individual_valid_sign_2004_rsa.cer')).verify(cert(certFile('ca/nca_rsa_test.crt'))), true);
  assert.equal(engine.getOIDByAlgorithm({ name: 'SHA-256' }), '2.16.840.1.101.3.4.2.1');
  assert.equal(new Uint8Array(await engine.digest('SHA-256', new Uint8Array(0)))[0], 0xe3);
});

test('X-2: plain pkijs SignedData.sign makes a GOST 2015-512 CMS with the Kalkan key (detached) that the jashik DER reader and ./gost verify independently', async () => {
  const { privateKey, certificates } = readKalkanP12(file('keys/individual_valid.p12'), 'Qwerty12');
  const key = gostPrivateKey(privateKey, GOST_OID.gost2015_512Key);
  const leaf = cert(certificates[0]);
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }), // detached
    signerInfos: [new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.issuer, serialNumber: leaf.serialNumber }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: [
        new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
        new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: gostHash('streebog512', content) })] }),
      ] }),
    })],
    certificates: [leaf],
  });
  await sd.sign(key, 0, 'STREEBOG-512');
  const der = new Uint8Array(new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) }).toSchema().toBER());
  const parsed = parseSignedData(der).signers[0];
  assert.equal(parsed.signatureAlgorithm.oid, GOST_OID.gost2015_512Signature);
  assert.equal(parsed.digestAlgorithm.oid, GOST_OID.streebog512);
  const { publicKey, info } = gostPublicKeyFromCertificate(certificates[0]);
  assert.equal(gostVerify(info.curve, publicKey, gostHash(info.hash, parsed.signedAttrsDer!), parsed.signature), true);
  assert.equal(await signedData(der).verify({ signer: 0, checkChain: false, data: content.slice().buffer }), true);
  await assert.rejects(sd.sign(key, 0, 'SHA-256'), /GOST/);
});
