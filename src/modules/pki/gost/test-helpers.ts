/**
 * Test-only helpers: the NCA fixtures and an independent parse of them (asn1js, not this
 * module's DER walker), and the pure-JS reference GOST library for cross-checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../../../shared/fixtures/nca-test');

/** A fixture file as DER (PEM is unwrapped). */
export function fixture(rel: string): Uint8Array {
  const buf = fs.readFileSync(path.join(FIXTURES, rel));
  if (buf.subarray(0, 5).toString() === '-----') {
    return new Uint8Array(Buffer.from(buf.toString('latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  }
  return new Uint8Array(buf);
}

function raw(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

function parse(der: Uint8Array): asn1js.AsnType {
  const r = asn1js.fromBER(der);
  if (r.offset === -1) throw new Error('fixture is not BER: ' + r.result.error);
  return r.result;
}

function kids(block: asn1js.AsnType): asn1js.AsnType[] {
  return (block as asn1js.Constructed).valueBlock.value;
}

function oidOf(block: asn1js.AsnType): string {
  return (block as asn1js.ObjectIdentifier).valueBlock.toString();
}

/** TBSCertificate bytes, signature algorithm OID and signature value of a certificate. */
export function certificateParts(der: Uint8Array): { tbs: Uint8Array; signatureOid: string; signature: Uint8Array } {
  const [tbs, alg, sig] = kids(parse(der));
  return {
    tbs: raw(tbs),
    signatureOid: oidOf(kids(alg)[0]),
    signature: new Uint8Array((sig as asn1js.BitString).valueBlock.valueHexView),
  };
}

/** The parts of a CMS SignedData (one signer) needed to check a GOST signature. */
export function signedDataParts(der: Uint8Array): {
  eContent: Uint8Array;
  digestOid: string;
  signatureOid: string;
  messageDigest: Uint8Array;
  /** DER of the signed attributes as signed: the [0] IMPLICIT re-tagged as SET OF. */
  signedAttrs: Uint8Array;
  signature: Uint8Array;
  certificates: Uint8Array[];
} {
  const contentInfo = kids(parse(der));
  const signedData = kids(kids(contentInfo[1])[0]);
  const encap = kids(signedData[2]);
  const eContentOctets = kids(encap[1])[0] as asn1js.OctetString;
  const certificates = signedData
    .filter((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0)
    .flatMap((b) => kids(b).map(raw));
  const signerInfos = signedData[signedData.length - 1];
  const si = kids(kids(signerInfos)[0]);
  const attrsBlock = si.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0)!;
  const attrs = raw(attrsBlock).slice();
  attrs[0] = 0x31;
  let messageDigest = new Uint8Array();
  for (const attr of kids(attrsBlock)) {
    const [type, values] = kids(attr);
    if (oidOf(type) === '1.2.840.113549.1.9.4') messageDigest = new Uint8Array((kids(values)[0] as asn1js.OctetString).valueBlock.valueHexView);
  }
  const idx = si.indexOf(attrsBlock);
  return {
    eContent: new Uint8Array(eContentOctets.valueBlock.valueHexView),
    digestOid: oidOf(kids(si[2])[0]),
    signatureOid: oidOf(kids(si[idx + 1])[0]),
    messageDigest,
    signedAttrs: attrs,
    signature: new Uint8Array((si[idx + 2] as asn1js.OctetString).valueBlock.valueHexView),
    certificates,
  };
}

/** @wavesenterprise/crypto-gost-js's engine (CommonJS bundle). */
interface RefSign {
  sign(privateKey: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
  verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
  generateKey(): { privateKey: ArrayBuffer; publicKey: ArrayBuffer };
}
interface RefDigest {
  digest(data: ArrayBuffer): ArrayBuffer;
}
const require = createRequire(import.meta.url);
const ref = require('@wavesenterprise/crypto-gost-js') as {
  GostEngine: { getGostSign(alg: object): RefSign; getGostDigest(alg: object): RefDigest };
};

/** Reference curve names for ours. */
export const REF_CURVE: Record<string, { version: 2001 | 2012; length: 256 | 512; namedCurve: string }> = {
  'cryptopro-a': { version: 2001, length: 256, namedCurve: 'S-256-A' },
  'cryptopro-b': { version: 2001, length: 256, namedCurve: 'S-256-B' },
  'cryptopro-c': { version: 2001, length: 256, namedCurve: 'S-256-C' },
  'tc26-512-a': { version: 2012, length: 512, namedCurve: 'T-512-A' },
  'tc26-512-b': { version: 2012, length: 512, namedCurve: 'T-512-B' },
};

export function ab(u: Uint8Array): ArrayBuffer {
  return new Uint8Array(u).buffer;
}

/**
 * The reference signer for a curve, without hashing (data = the digest, read little-endian)
 * and without a "procreator" byte swap: its r‖s and x‖y are then little-endian, the NCA layout.
 */
export function refSigner(curve: string): RefSign {
  const c = REF_CURVE[curve];
  return ref.GostEngine.getGostSign({ name: 'GOST R 34.10', mode: 'SIGN', ...c });
}

export function refDigest(alg: 'gost94-test' | 'streebog256' | 'streebog512', data: Uint8Array): Uint8Array {
  const spec =
    alg === 'gost94-test'
      ? { name: 'GOST R 34.11', version: 1994, sBox: 'D-TEST' }
      : { name: 'GOST R 34.11', version: 2012, length: alg === 'streebog256' ? 256 : 512 };
  return new Uint8Array(ref.GostEngine.getGostDigest(spec).digest(ab(data)));
}

export function hex(u: Uint8Array): string {
  return Buffer.from(u).toString('hex');
}

/** A copy with one byte changed. */
export function flip(u: Uint8Array, at: number): Uint8Array {
  const c = u.slice();
  c[at] ^= 0x01;
  return c;
}
