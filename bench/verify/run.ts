/**
 * Verification benchmark (issue 3): full verification of a 1 KB attached CMS per second on
 * one core — CMS parse, signed attributes, signature, chain of two (leaf → CA anchor, the
 * leaf's certificate signature verified every time), CRL lookup (a 1,000-entry CRL, parsed
 * once as a service keeps it) — for RSA-2048 and GOST 34.10-2015 512-bit, side by side with
 * (a) the bare signature verification of the same algorithm (Node crypto.verify for RSA; the
 * pure-JS @wavesenterprise/crypto-gost-js for GOST) and (b) plain pkijs SignedData.verify of
 * the same CMS, as a user of the ecosystem would write it (for GOST with the pkijs engine of
 * src/modules/pki/pkijs-gost-engine.ts, pkijs itself having no GOST). Bounded: about 25 s.
 *
 *   node --import tsx bench/verify/run.ts [--seconds=N]   (per measurement, default 3)
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseSignedData } from '../../src/modules/pki/cms-parse.ts';
import { signCms, type CmsSigner } from '../../src/modules/pki/cms-sign.ts';
import { parseCrl } from '../../src/modules/pki/crl.ts';
import { Cursor, rootTlv, whole } from '../../src/modules/pki/der.ts';
import { bitString, octets, seq } from '../../src/modules/pki/der-write.ts';
import { loadGost } from '../../src/modules/pki/gost-bridge.ts';
import { GostCryptoEngine } from '../../src/modules/pki/pkijs-gost-engine.ts';
import { gostSigner } from '../../src/modules/pki/sign.ts';
import { makeCa, makeCrl, makeLeaf, nextSerial, YEAR } from '../../src/modules/pki/testkit.ts';
import { TrustStore } from '../../src/modules/pki/trust.ts';
import { verifyCms } from '../../src/modules/pki/verify.ts';
import { issueCertificate, issueCrl, type RawSigner } from '../../src/modules/pki/x509-build.ts';
import { parseCertificate, type Certificate } from '../../src/modules/pki/x509.ts';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 3);
const content = Buffer.alloc(1024, 'Сәлем! ');

async function rate(name: string, fn: () => boolean | Promise<boolean>, secs = seconds): Promise<number> {
  for (let i = 0; i < 20; i++) if (!(await fn())) throw new Error(`${name}: wrong result`);
  let n = 0;
  const t0 = performance.now();
  const end = t0 + secs * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) if (!(await fn())) throw new Error(`${name}: wrong result`);
    n += 10;
  }
  const r = n / ((performance.now() - t0) / 1000);
  console.log(`  ${name.padEnd(58)} ${r.toFixed(0).padStart(8)} /s`);
  return r;
}

function pkijsVerify(cms: Uint8Array, engine?: pkijs.ICryptoEngine): Promise<boolean> {
  const ci = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  const sd = new pkijs.SignedData({ schema: ci.content });
  return sd.verify({ signer: 0, checkChain: false }, engine);
}

const entries = Array.from({ length: 1000 }, (_, i) => ({ serialNumber: BigInt(1_000_000 + i), revokedAt: new Date(Date.now() - 86_400_000), reason: 'superseded' }));

async function rsa(): Promise<void> {
  console.log('RSA-2048, SHA-256, 1 KB attached CMS, one signer');
  const ca = makeCa();
  const leaf = makeLeaf(ca);
  const cms = signCms(content, [leaf.signer]);
  const crl = parseCrl(makeCrl(ca, entries));
  const opts = { trust: ca.trust, revocation: { crls: [crl] } };
  const report = await verifyCms(cms, opts);
  if (!report.valid) throw new Error(`RSA CMS does not verify: ${JSON.stringify(report.signers[0].errors)}`);
  const full = await rate('jashik verifyCms (full)', async () => (await verifyCms(cms, opts)).valid);
  const si = parseSignedData(cms).signers[0];
  const key = createPublicKey({ key: Buffer.from(leaf.cert.spki), format: 'der', type: 'spki' });
  const bare = await rate('(a) bare crypto.verify of the signature', () => nodeVerify('sha256', si.signedAttrsDer!, key, si.signature));
  const plain = await rate('(b) plain pkijs SignedData.verify (signature only)', () => pkijsVerify(cms));
  console.log(`  ratios: full/pkijs ${(full / plain).toFixed(1)}× (target ≥ 10×), full/bare ${(full / bare).toFixed(2)}× (target ≥ 0.1×)`);
}

async function gost(): Promise<void> {
  const g = await loadGost();
  if (!g) {
    console.log('GOST 34.10-2015 512: skipped (src/modules/pki/gost not present)');
    return;
  }
  console.log('GOST 34.10-2015 512-bit (tc26-512-A), Streebog-512, 1 KB attached CMS, one signer');
  const ext = g as unknown as { gostGenerateKey(c: string): { privateKey: Uint8Array; publicKey: Uint8Array } };
  // The SPKI algorithm identifier (key OID, curve, hash) as the NCA 2022 root carries it.
  const root = parseCertificate(readFileSync(path.resolve(import.meta.dirname, '../../../shared/fixtures/nca-test/ca/root_test_gost_2022.cer')));
  const algDer = whole(root.spki, new Cursor(root.spki, rootTlv(root.spki, 0x30, 'spki'), 'spki').next(0x30));
  const { info } = g.gostPublicKeyFromSpki(root.spki);
  const keyPair = () => {
    const k = ext.gostGenerateKey(info.curve);
    return { ...k, spki: seq(algDer, bitString(octets(k.publicKey))) };
  };
  const raw = (d: Uint8Array): RawSigner => ({ signatureAlgorithm: { oid: info.signatureOid, params: null }, sign: (x) => g.gostSign(info.curve, d, g.gostHash(info.hash, x)) });
  const caKey = keyPair();
  const t = { notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR) };
  const caCert: Certificate = issueCertificate({ subject: [['CN', 'JASHIK TEST GOST CA'], ['C', 'KZ']], spki: caKey.spki, signer: raw(caKey.privateKey), serialNumber: nextSerial(), ca: true, ...t });
  const leafKey = keyPair();
  const leafCert = issueCertificate({ subject: [['CN', 'TESTOV TEST'], ['SERIALNUMBER', 'IIN123456789011']], spki: leafKey.spki, issuer: caCert, signer: raw(caKey.privateKey), serialNumber: nextSerial(), keyUsage: ['digitalSignature', 'nonRepudiation'], ...t });
  const signer: CmsSigner = await gostSigner(leafKey.privateKey, leafCert);
  const cms = signCms(content, [signer]);
  const crl = parseCrl(issueCrl({ issuer: caCert, signer: raw(caKey.privateKey), thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + 86_400_000), entries }));
  const opts = { trust: new TrustStore([caCert]), revocation: { crls: [crl] } };
  const report = await verifyCms(cms, opts);
  if (!report.valid) throw new Error(`GOST CMS does not verify: ${JSON.stringify(report.signers[0].errors)}`);
  const full = await rate('jashik verifyCms (full)', async () => (await verifyCms(cms, opts)).valid);
  const si = parseSignedData(cms).signers[0];
  const digest = g.gostHash(info.hash, si.signedAttrsDer!);
  const require = createRequire(import.meta.url);
  const { GostEngine } = require('@wavesenterprise/crypto-gost-js') as { GostEngine: { getGostSign(a: object): { verify(k: ArrayBuffer, s: ArrayBuffer, d: ArrayBuffer): boolean } } };
  const ref = GostEngine.getGostSign({ name: 'GOST R 34.10', version: 2012, length: 512, namedCurve: 'T-512-A' });
  const ab = (u: Uint8Array) => new Uint8Array(u).buffer;
  const bare = await rate('(a) bare crypto-gost-js verify (pure JS, digest given)', () => ref.verify(ab(leafKey.publicKey), ab(si.signature), ab(digest)), Math.max(2, seconds / 2));
  const ours = await rate('    bare ./gost gostVerify (same inputs, for reference)', () => g.gostVerify(info.curve, leafKey.publicKey, digest, si.signature), Math.max(1, seconds / 2));
  const gostEngine = new GostCryptoEngine();
  const plain = await rate('(b) plain pkijs SignedData.verify with the GOST engine', () => pkijsVerify(cms, gostEngine));
  console.log(`  ratios: full/crypto-gost-js ${(full / bare).toFixed(1)}× (target ≥ 10×), full/bare-ours ${(full / ours).toFixed(2)}×, full/pkijs ${(full / plain).toFixed(1)}×`);
}

const t0 = performance.now();
await rsa();
await gost();
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s (one core: the loop is sequential)`);
