/**
 * Raw GOST public keys out of SubjectPublicKeyInfo / certificates.
 *
 * A GOST SPKI is SEQUENCE { SEQUENCE { keyOid, SEQUENCE { curveOid, hashOid } },
 * BIT STRING { OCTET STRING { x‖y little-endian } } }: the key sits in an OCTET STRING inside
 * the BIT STRING, which generic X.509 code hands over still wrapped. A tiny bounds-checked DER
 * walker keeps this module free of the other pki files.
 */
import { AppError } from '../../../shared/errors.ts';
import { CURVE_BY_OID, HASH_BY_OID, algorithmByOid, type GostAlgorithmInfo } from './oids.ts';
import { findCurve } from './curves.ts';

interface Tlv {
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

function bad(detail: string): AppError {
  return new AppError('PKI_MALFORMED', { detail });
}

function tlv(buf: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw bad(`truncated DER at offset ${pos}`);
  const tag = buf[pos];
  let len = buf[pos + 1];
  let valueStart = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw bad(`unsupported DER length form at offset ${pos}`);
    if (valueStart + n > limit) throw bad(`truncated DER length at offset ${pos}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[valueStart + i];
    valueStart += n;
  }
  const end = valueStart + len;
  if (end > limit) throw bad(`DER length at offset ${pos} runs past its container`);
  return { tag, start: pos, valueStart, end };
}

function expect(buf: Uint8Array, pos: number, limit: number, tag: number, what: string): Tlv {
  const t = tlv(buf, pos, limit);
  if (t.tag !== tag) throw bad(`${what}: expected tag 0x${tag.toString(16)}, got 0x${t.tag.toString(16)}`);
  return t;
}

/** Dotted form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(buf: Uint8Array, start: number, end: number): string {
  if (end <= start) throw bad('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let v = 0;
  for (let i = start; i < end; i++) {
    if (v > 2 ** 45) throw bad('OBJECT IDENTIFIER arc too large');
    v = v * 128 + (buf[i] & 0x7f);
    if ((buf[i] & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    } else if (i === end - 1) {
      throw bad('truncated OBJECT IDENTIFIER');
    }
  }
  return parts.join('.');
}

export interface GostSpki {
  /** x‖y, each little-endian, as gostVerify takes it. */
  publicKey: Uint8Array;
  /** Algorithm of the key, its curve taken from the SPKI parameters when present. */
  info: GostAlgorithmInfo;
  /** The curve parameter-set OID as found (undefined when the parameters are absent). */
  curveOid?: string;
  /** The digest parameter OID as found (undefined when absent). */
  hashParamsOid?: string;
}

/** The raw GOST public key and algorithm of a DER SubjectPublicKeyInfo. */
export function publicKeyFromSpki(spki: Uint8Array): GostSpki {
  const outer = expect(spki, 0, spki.length, 0x30, 'SubjectPublicKeyInfo');
  const alg = expect(spki, outer.valueStart, outer.end, 0x30, 'AlgorithmIdentifier');
  const oidTlv = expect(spki, alg.valueStart, alg.end, 0x06, 'algorithm');
  const keyOid = decodeOid(spki, oidTlv.valueStart, oidTlv.end);
  const base = algorithmByOid(keyOid);
  if (!base || base.keyOid !== keyOid) {
    throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `not a GOST public key algorithm: ${keyOid}` });
  }
  const info: GostAlgorithmInfo = { ...base };
  let curveOid: string | undefined;
  let hashParamsOid: string | undefined;
  if (oidTlv.end < alg.end) {
    const params = tlv(spki, oidTlv.end, alg.end);
    if (params.tag === 0x30) {
      let pos = params.valueStart;
      const ids: string[] = [];
      while (pos < params.end) {
        const t = tlv(spki, pos, params.end);
        if (t.tag === 0x06) ids.push(decodeOid(spki, t.valueStart, t.end));
        pos = t.end;
      }
      [curveOid, hashParamsOid] = ids;
      if (curveOid !== undefined) {
        const curve = CURVE_BY_OID[curveOid];
        if (!curve) throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unknown GOST curve parameter set ${curveOid}` });
        info.curve = curve;
      }
      if (hashParamsOid !== undefined && HASH_BY_OID[hashParamsOid]) info.hash = HASH_BY_OID[hashParamsOid];
    } else if (params.tag !== 0x05) {
      throw bad('GOST key parameters: expected SEQUENCE or NULL');
    }
  }
  const bits = expect(spki, alg.end, outer.end, 0x03, 'subjectPublicKey');
  if (bits.end - bits.valueStart < 1 || spki[bits.valueStart] !== 0) throw bad('subjectPublicKey: unused bits');
  let key = spki.subarray(bits.valueStart + 1, bits.end);
  const size = findCurve(info.curve)?.size ?? 0;
  if (key.length !== 2 * size && key.length > 2 && key[0] === 0x04) {
    const inner = tlv(key, 0, key.length);
    if (inner.end !== key.length) throw bad('subjectPublicKey: trailing bytes after OCTET STRING');
    key = key.subarray(inner.valueStart, inner.end);
  }
  if (key.length !== 2 * size) throw bad(`GOST ${info.curve} public key must be ${2 * size} bytes, got ${key.length}`);
  return { publicKey: key.slice(), info, curveOid, hashParamsOid };
}

/** The DER SubjectPublicKeyInfo of a DER X.509 certificate (a subarray, not a copy). */
export function spkiOfCertificate(cert: Uint8Array): Uint8Array {
  const outer = expect(cert, 0, cert.length, 0x30, 'Certificate');
  const tbs = expect(cert, outer.valueStart, outer.end, 0x30, 'TBSCertificate');
  let t = tlv(cert, tbs.valueStart, tbs.end);
  if (t.tag === 0xa0) t = tlv(cert, t.end, tbs.end); // [0] version
  // serialNumber → signature, issuer, validity, subject, subjectPublicKeyInfo
  for (let i = 0; i < 5; i++) t = tlv(cert, t.end, tbs.end);
  if (t.tag !== 0x30) throw bad('TBSCertificate: subjectPublicKeyInfo is not a SEQUENCE');
  return cert.subarray(t.start, t.end);
}

/** The raw GOST public key and algorithm of a DER X.509 certificate. */
export function publicKeyFromCertificate(cert: Uint8Array): GostSpki {
  return publicKeyFromSpki(spkiOfCertificate(cert));
}
