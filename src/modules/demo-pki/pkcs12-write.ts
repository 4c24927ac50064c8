/**
 * Writing PKCS#12 files (RFC 7292) for the demo CA's keys, in two layouts:
 * - `standard` (RSA): key in a PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) shrouded key bag, the
 *   certificates in a plain bag, HMAC-SHA-256 integrity: what OpenSSL 3 writes and reads.
 * - `kalkan` (GOST): the layout of the NCA's Kalkan tools (see the fixtures README) — key bag
 *   pbeWithSHAAnd3-KeyTripleDES-CBC, certificates in a pbeWithSHAAnd40BitRC2-CBC bag, SHA-1
 *   MAC, 1024 iterations; the key is PrivateKeyInfo with OCTET STRING(OCTET STRING(d LE)).
 * Written with the pki module's DER writer; node-forge only supplies RC2 (absent from Node).
 */
import { createCipheriv, createHash, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { algId, ctx, ctxPrim, int, octets, oid, seq, setOf, tlv } from '../pki/der-write.ts';

const bmpString = (s: string) => tlv(0x1e, Buffer.from(s, 'utf16le').swap16());

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  friendlyName: '1.2.840.113549.1.9.20',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/** RFC 7292 appendix B key derivation (ID 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(password: string, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, size: number, hash: 'sha1' | 'sha256'): Buffer {
  const u = hash === 'sha1' ? 20 : 32;
  const v = 64;
  const pw = password === '' ? Buffer.alloc(0) : Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (b: Uint8Array) => {
    const len = b.length === 0 ? 0 : v * Math.ceil(b.length / v);
    const out = Buffer.alloc(len);
    for (let i = 0; i < len; i++) out[i] = b[i % b.length];
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(pw)]);
  const D = Buffer.alloc(v, id);
  const out: Buffer[] = [];
  for (let done = 0; done < size; done += u) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.push(A);
    const B = fill(A).subarray(0, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k] + B[k] + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, size);
}

function safeBag(bagOid: string, value: Uint8Array, attrs: Uint8Array[]): Uint8Array {
  return seq(oid(bagOid), ctx(0, value), ...(attrs.length ? [setOf(...attrs)] : []));
}

const certBag = (der: Uint8Array, attrs: Uint8Array[]) => safeBag(OIDS.certBag, seq(oid(OIDS.x509Certificate), ctx(0, octets(der))), attrs);
const dataInfo = (content: Uint8Array) => seq(oid(OIDS.data), ctx(0, octets(content)));

function pfx(authSafe: Uint8Array, password: string, hash: 'sha1' | 'sha256', iterations: number): Buffer {
  const salt = randomBytes(hash === 'sha1' ? 20 : 32);
  const key = pkcs12Kdf(password, salt, 3, iterations, hash === 'sha1' ? 20 : 32, hash);
  const mac = createHmac(hash, key).update(authSafe).digest();
  const macData = seq(seq(algId(hash === 'sha1' ? OIDS.sha1 : OIDS.sha256, null), octets(mac)), octets(salt), int(iterations));
  return Buffer.from(seq(int(3), dataInfo(authSafe), macData));
}

function bagAttributes(cert: Uint8Array, friendlyName?: string): Uint8Array[] {
  const keyId = createHash('sha1').update(cert).digest();
  const attrs = [seq(oid(OIDS.localKeyId), setOf(octets(keyId)))];
  if (friendlyName) attrs.push(seq(oid(OIDS.friendlyName), setOf(bmpString(friendlyName))));
  return attrs;
}

/** RSA/EC key and certificates (the key's own first, then its CAs) as an OpenSSL-readable PKCS#12. */
export function writeStandardPkcs12(key: KeyObject, certificates: Uint8Array[], password: string, friendlyName?: string): Buffer {
  const attrs = bagAttributes(certificates[0], friendlyName);
  const encryptedKey = key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password });
  const keyBags = seq(safeBag(OIDS.shroudedKeyBag, encryptedKey, attrs));
  const certBags = seq(...certificates.map((c, i) => certBag(c, i === 0 ? attrs : [])));
  const authSafe = seq(dataInfo(certBags), dataInfo(keyBags));
  return pfx(authSafe, password, 'sha256', 2048);
}

function rc2Encrypt40(key: Buffer, iv: Buffer, data: Uint8Array): Buffer {
  const cipher = forge.rc2.createEncryptionCipher(forge.util.createBuffer(key.toString('binary')), 40);
  cipher.start(forge.util.createBuffer(iv.toString('binary')));
  cipher.update(forge.util.createBuffer(Buffer.from(data).toString('binary')));
  cipher.finish();
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

/** A GOST PrivateKeyInfo as Kalkan writes it: d little-endian in OCTET STRING(OCTET STRING). */
export function gostPrivateKeyInfo(d: Uint8Array, keyOid: string, curveOid: string, hashOid: string): Uint8Array {
  return seq(int(0), seq(oid(keyOid), seq(oid(curveOid), oid(hashOid))), octets(octets(d)));
}

/** A PKCS#12 in the Kalkan layout around a PrivateKeyInfo (GOST keys). */
export function writeKalkanPkcs12(privateKeyInfo: Uint8Array, certificates: Uint8Array[], password: string): Buffer {
  const iterations = 1024;
  const attrs = bagAttributes(certificates[0]);
  const keySalt = randomBytes(8);
  const k = pkcs12Kdf(password, keySalt, 1, iterations, 24, 'sha1');
  const iv = pkcs12Kdf(password, keySalt, 2, iterations, 8, 'sha1');
  const c = createCipheriv('des-ede3-cbc', k, iv);
  const encrypted = Buffer.concat([c.update(privateKeyInfo), c.final()]);
  const epki = seq(algId(OIDS.pbeSha1TripleDes, seq(octets(keySalt), int(iterations))), octets(encrypted));
  const keyBags = seq(safeBag(OIDS.shroudedKeyBag, epki, attrs));

  const certSalt = randomBytes(8);
  const certKey = pkcs12Kdf(password, certSalt, 1, iterations, 5, 'sha1');
  const certIv = pkcs12Kdf(password, certSalt, 2, iterations, 8, 'sha1');
  const certBags = seq(...certificates.map((cert, i) => certBag(cert, i === 0 ? attrs : [])));
  const encCerts = rc2Encrypt40(certKey, certIv, certBags);
  const encryptedData = seq(int(0), seq(oid(OIDS.data), algId(OIDS.pbeSha1Rc2_40, seq(octets(certSalt), int(iterations))), ctxPrim(0, encCerts)));
  const authSafe = seq(seq(oid(OIDS.encryptedData), ctx(0, encryptedData)), dataInfo(keyBags));
  return pfx(authSafe, password, 'sha1', iterations);
}
