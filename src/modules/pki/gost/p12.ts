/**
 * Kalkan PKCS#12 reader for GOST keys.
 *
 * node-forge opens the container (SHA-1 MAC, pbeWithSHA1And3-KeyTripleDES-CBC key bag,
 * pbeWithSHA1And40BitRC2-CBC certificate bag) but cannot interpret GOST keys or certificates,
 * so it hands back their ASN.1 and this module reads them: PrivateKeyInfo.privateKey holds
 * OCTET STRING(OCTET STRING(d, little-endian)); the key's curve comes from the
 * AlgorithmIdentifier parameters. The key is accepted only if d·G equals the public key of
 * one of the container's certificates.
 */
import { createRequire } from 'node:module';
import type * as Forge from 'node-forge';
import { AppError } from '../../../shared/errors.ts';
import { openPkcs12 } from '../pkcs12-open.ts';
import { CURVE_BY_OID, algorithmByOid } from './oids.ts';
import type { KnownCurveName } from './curves.ts';
import { publicKeyFromCertificate } from './spki.ts';
import { bigIntToLe, curveOrThrow, publicKeyOf } from './sign.ts';

export interface KalkanKey {
  /** d, little-endian, 32 or 64 bytes. */
  privateKey: Uint8Array;
  curve: KnownCurveName;
  /** DER certificates of the container, the one whose key matches d first. */
  certificates: Uint8Array[];
}

// node-forge takes ~150 ms to load: only PKCS#12 reading needs it, so it loads on first use.
const require = createRequire(import.meta.url);
let forgeModule: typeof Forge | undefined;
function loadForge(): typeof Forge {
  return (forgeModule ??= require('node-forge') as typeof Forge);
}

const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';

function unreadable(detail: string, cause?: unknown): AppError {
  return new AppError('PKI_KEY_UNREADABLE', { detail, cause });
}

function bytesOf(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'binary'));
}

function derOf(node: Forge.asn1.Asn1): Uint8Array {
  const forge = loadForge();
  return bytesOf(forge.asn1.toDer(node).getBytes());
}

function children(node: Forge.asn1.Asn1): Forge.asn1.Asn1[] {
  return Array.isArray(node.value) ? node.value : [];
}

function bigEndianToLe(be: Uint8Array, size: number): Uint8Array {
  let x = 0n;
  for (const b of be) x = (x << 8n) | BigInt(b);
  return bigIntToLe(x, size);
}

/** d (little-endian) and curve out of a GOST PrivateKeyInfo. */
function readPrivateKeyInfo(pki: Forge.asn1.Asn1): { d: Uint8Array; curve: KnownCurveName } {
  const forge = loadForge();
  const [, alg, keyNode] = children(pki);
  const [oidNode, params] = alg ? children(alg) : [];
  if (!oidNode || oidNode.type !== forge.asn1.Type.OID || !keyNode || keyNode.type !== forge.asn1.Type.OCTETSTRING) {
    throw unreadable('PKCS#12 key bag is not a PrivateKeyInfo');
  }
  const keyOid = forge.asn1.derToOid(oidNode.value as string);
  const info = algorithmByOid(keyOid);
  if (!info || info.keyOid !== keyOid) {
    throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `PKCS#12 key algorithm ${keyOid} is not GOST` });
  }
  let curve: KnownCurveName = info.curve;
  const curveOidNode = params ? children(params)[0] : undefined;
  if (curveOidNode && curveOidNode.type === forge.asn1.Type.OID) {
    const curveOid = forge.asn1.derToOid(curveOidNode.value as string);
    const c = CURVE_BY_OID[curveOid];
    if (!c) throw new AppError('PKI_UNSUPPORTED_ALGORITHM', { detail: `unknown GOST curve parameter set ${curveOid}` });
    curve = c;
  }
  const size = curveOrThrow(curve).size;
  // privateKey OCTET STRING: forge may already have decoded the nested DER (an inner OCTET
  // STRING or INTEGER) into child nodes; otherwise the value is the raw octets.
  let inner: Forge.asn1.Asn1 | undefined;
  let raw: Uint8Array;
  if (Array.isArray(keyNode.value)) inner = keyNode.value[0];
  else {
    raw = bytesOf(keyNode.value);
    if (raw.length !== size) {
      try {
        inner = forge.asn1.fromDer(forge.util.createBuffer(keyNode.value), true);
      } catch (e) {
        throw unreadable('GOST private key: unexpected encoding', e);
      }
    }
  }
  if (inner) {
    if (inner.type === forge.asn1.Type.OCTETSTRING && typeof inner.value === 'string') raw = bytesOf(inner.value);
    else if (inner.type === forge.asn1.Type.INTEGER && typeof inner.value === 'string') raw = bigEndianToLe(bytesOf(inner.value), size);
    else throw unreadable('GOST private key: unexpected encoding');
  }
  if (raw!.length !== size) throw unreadable(`GOST ${curve} private key must be ${size} bytes, got ${raw!.length}`);
  return { d: raw!, curve };
}

export function readKalkanP12(der: Uint8Array, password: string): KalkanKey {
  const forge = loadForge();
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = openPkcs12(forge, der, password, true);
  } catch (e) {
    // Wrong password (MAC mismatch) or a damaged file: the message names no secret.
    throw unreadable(`PKCS#12 cannot be opened: ${(e as Error).message}`, e);
  }
  const keys: { d: Uint8Array; curve: KnownCurveName }[] = [];
  const certificates: Uint8Array[] = [];
  for (const sc of p12.safeContents) {
    for (const bag of sc.safeBags) {
      const asn1 = (bag as { asn1?: Forge.asn1.Asn1 }).asn1;
      if (bag.type === OID_KEY_BAG || bag.type === OID_SHROUDED_KEY_BAG) {
        if (!asn1) continue; // an RSA key forge understood: not ours
        keys.push(readPrivateKeyInfo(asn1));
      } else if (bag.type === OID_CERT_BAG) {
        if (asn1) certificates.push(derOf(asn1));
        else if (bag.cert) certificates.push(derOf(forge.pki.certificateToAsn1(bag.cert)));
      }
    }
  }
  if (keys.length === 0) throw unreadable('PKCS#12 holds no GOST private key');
  for (const key of keys) {
    const pub = publicKeyOf(key.curve, key.d);
    const match = certificates.findIndex((c) => {
      try {
        const k = publicKeyFromCertificate(c);
        return k.info.curve === key.curve && Buffer.from(k.publicKey).equals(Buffer.from(pub));
      } catch {
        return false;
      }
    });
    if (match >= 0) {
      const ordered = [certificates[match], ...certificates.filter((_, i) => i !== match)];
      return { privateKey: key.d, curve: key.curve, certificates: ordered };
    }
  }
  throw new AppError('PKI_KEY_MISMATCH', { detail: 'no certificate in the PKCS#12 matches its GOST private key (d·G)' });
}
