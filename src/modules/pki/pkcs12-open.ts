/**
 * Opens a PKCS#12 container with node-forge, with a password that may hold any Unicode
 * characters (Kazakh and Russian passwords are common).
 *
 * PKCS#12 uses two encodings of the one password. Its MAC and the legacy PBE schemes
 * (pbeWithSHA1And3-KeyTripleDES-CBC, …) derive keys from the BMPString (UTF-16BE, RFC 7292
 * B.1), which node-forge builds from the JS string's char codes: a plain string is right there.
 * PBES2/PBKDF2 (OpenSSL 3's default, AES) derives from the UTF-8 bytes (RFC 8018; what OpenSSL
 * and Windows write), but node-forge hands its password to PBKDF2 as a "binary string", one
 * byte per char, which garbles every character above U+007F. node-forge has no option for
 * this, so for the duration of this synchronous call its PBES2 cipher factory (which it looks up
 * through `forge.pki.pbe` at each use) receives the UTF-8 bytes instead; it is restored after.
 */
import type * as Forge from 'node-forge';

type PbeCipherFactory = (oid: string, params: unknown, password: string) => unknown;

export function openPkcs12(forge: typeof Forge, der: Uint8Array, password: string, strict: boolean): Forge.pkcs12.Pkcs12Pfx {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('binary')));
  const pbe = (forge.pki as unknown as { pbe: { getCipherForPBES2: PbeCipherFactory } }).pbe;
  const original = pbe.getCipherForPBES2;
  const utf8 = Buffer.from(password, 'utf8').toString('binary');
  pbe.getCipherForPBES2 = (oid, params, pw) => original(oid, params, pw === password ? utf8 : pw);
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, strict, password);
  } finally {
    pbe.getCipherForPBES2 = original;
  }
}
