/**
 * The test signer (demo mode only): signs inside the browser with a PKCS#12 file issued by the
 * demo CA (`jashik ca issue`), using WebCrypto through pkijs. The file and its password never
 * leave the page. RSA and ECDSA keys (PBES2-protected, as the demo CA and OpenSSL 3 write them);
 * GOST keys need NCALayer. It is labelled as a test signer wherever it is offered.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SignerError, toBase64, type SignRequest, type Signer } from './signer.ts';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  localKeyId: '1.2.840.113549.1.9.21',
  rsa: '1.2.840.113549.1.1.1',
  ec: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
};

export interface TestKey {
  privateKey: CryptoKey;
  certificate: pkijs.Certificate;
  chain: pkijs.Certificate[];
  hash: 'SHA-256' | 'SHA-384';
  /** The certificate's subject CN, to show which key was loaded. */
  subject: string;
}

function buf(u8: Uint8Array): ArrayBuffer {
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;
}

function localKeyId(bag: pkijs.SafeBag): string | undefined {
  const attr = bag.bagAttributes?.find((a) => a.type === OID.localKeyId);
  const v = attr?.values[0] as asn1js.OctetString | undefined;
  return v ? toBase64(new Uint8Array(v.valueBlock.valueHexView)) : undefined;
}

/** Reads a PKCS#12 file; a wrong password or an unreadable file is a SignerError. */
export async function loadTestKey(p12: ArrayBuffer, password: string): Promise<TestKey> {
  const pw = buf(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(p12);
  } catch {
    throw new SignerError('bad_file', 'not a PKCS#12 file');
  }
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
  } catch (err) {
    const msg = String((err as Error).message ?? err);
    throw new SignerError(/integrity|mac|password/i.test(msg) ? 'bad_password' : 'bad_file', msg);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SignerError('bad_file', 'no authenticated safe');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
  } catch (err) {
    throw new SignerError('bad_password', String((err as Error).message ?? err));
  }
  const certs: { cert: pkijs.Certificate; keyId?: string }[] = [];
  let keyInfo: { info: pkijs.PrivateKeyInfo; keyId?: string } | undefined;
  for (const content of safe.parsedValue?.safeContents ?? []) {
    for (const bag of content.value.safeBags) {
      if (bag.bagId === OID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        try {
          await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pw });
        } catch (err) {
          throw new SignerError('bad_password', String((err as Error).message ?? err));
        }
        if (shrouded.parsedValue) keyInfo = { info: shrouded.parsedValue, keyId: localKeyId(bag) };
      } else if (bag.bagId === OID.keyBag) {
        keyInfo = { info: bag.bagValue as unknown as pkijs.PrivateKeyInfo, keyId: localKeyId(bag) };
      } else if (bag.bagId === OID.certBag) {
        const parsed = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (parsed instanceof pkijs.Certificate) certs.push({ cert: parsed, keyId: localKeyId(bag) });
      }
    }
  }
  if (!keyInfo || certs.length === 0) throw new SignerError('bad_file', 'the file holds no key or no certificate');
  const leaf = certs.find((c) => c.keyId && c.keyId === keyInfo!.keyId) ?? certs[0];
  const chain = certs.filter((c) => c !== leaf).map((c) => c.cert);

  const algOid = keyInfo.info.privateKeyAlgorithm.algorithmId;
  const pkcs8 = keyInfo.info.toSchema().toBER(false);
  let privateKey: CryptoKey;
  let hash: TestKey['hash'] = 'SHA-256';
  if (algOid === OID.rsa) {
    privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  } else if (algOid === OID.ec) {
    const params = keyInfo.info.privateKeyAlgorithm.algorithmParams as asn1js.ObjectIdentifier | undefined;
    const curveOid = params?.valueBlock.toString();
    const namedCurve = curveOid === OID.p256 ? 'P-256' : curveOid === OID.p384 ? 'P-384' : undefined;
    if (!namedCurve) throw new SignerError('unsupported_key', `curve ${curveOid}`);
    hash = namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256';
    privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve }, false, ['sign']);
  } else {
    throw new SignerError('unsupported_key', `key algorithm ${algOid}`);
  }
  const cn = leaf.cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return { privateKey, certificate: leaf.cert, chain, hash, subject: cn ? String(cn.value.valueBlock.value) : '' };
}

/** CMS SignedData with signed attributes (contentType, signingTime, messageDigest). */
export async function signWithTestKey(key: TestKey, data: Uint8Array, detached = false): Promise<string> {
  const content = buf(data);
  const digest = await crypto.subtle.digest(key.hash, content);
  const encap = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data });
  // Set after construction: pkijs's constructor would split it into a constructed (BER)
  // OCTET STRING, and signed documents are DER.
  if (!detached) encap.eContent = new asn1js.OctetString({ valueHex: content });
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: encap,
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: key.certificate.issuer, serialNumber: key.certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: new Date() })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [key.certificate, ...key.chain],
  });
  await signed.sign(key.privateKey, 0, key.hash, content);
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return toBase64(info.toSchema().toBER(false));
}

export function testSigner(key: TestKey): Signer {
  return {
    kind: 'test',
    sign: (req: SignRequest) => signWithTestKey(key, req.data, req.detached),
  };
}
