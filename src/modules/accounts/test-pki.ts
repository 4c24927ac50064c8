/**
 * Test support (not shipped behaviour): a throw-away CA issuing NCA-shaped certificates for any
 * IIN/BIN and role, CMS signing of documents, and a SignatureTrust over that CA.
 */
import type { KeyObject } from 'node:crypto';
import { signCms } from '../pki/cms-sign.ts';
import { OID } from '../pki/oids.ts';
import type { RevocationOptions } from '../pki/revocation.ts';
import { nodeSigner } from '../pki/sign.ts';
import { generateKey, makeCa, makeCrl, nextSerial, spkiOf, YEAR, type TestCa } from '../pki/testkit.ts';
import { issueCertificate, ncaSubject } from '../pki/x509-build.ts';
import type { Certificate } from '../pki/x509.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import type { SignatureTrust } from './signature-check.ts';

export interface Holder {
  iin: string;
  surname?: string;
  name?: string;
  patronymic?: string;
  bin?: string;
  org?: string;
  role?: 'individual' | 'first_head' | 'right_to_sign' | 'employee';
  purpose?: 'signing' | 'authentication';
  notBefore?: Date;
  notAfter?: Date;
}

export interface IssuedCert {
  cert: Certificate;
  key: KeyObject;
  signer: CmsSigner;
}

export function issuePersonCert(ca: TestCa, h: Holder): IssuedCert {
  const { privateKey, publicKey } = generateKey('p256');
  const auth = h.purpose === 'authentication';
  const org = h.bin !== undefined;
  const roleOid = { individual: OID.ncaIndividual, first_head: OID.ncaFirstHead, right_to_sign: OID.ncaRightToSign, employee: OID.ncaEmployee }[h.role ?? (org ? 'first_head' : 'individual')];
  const eku = [auth ? OID.ekuClientAuth : OID.ekuEmailProtection, ...(org ? [OID.ncaOrganisation] : []), roleOid];
  const now = Date.now();
  const cert = issueCertificate({
    subject: ncaSubject({ surname: h.surname ?? 'ТЕСТОВ', name: h.name ?? 'ТЕСТ', patronymic: h.patronymic ?? 'ТЕСТОВИЧ', iin: h.iin, ...(org ? { bin: h.bin, org: h.org ?? 'ТОО ТЕСТ' } : {}) }),
    spki: spkiOf(publicKey),
    issuer: ca.cert,
    signer: ca.signer,
    serialNumber: nextSerial(),
    notBefore: h.notBefore ?? new Date(now - YEAR / 2),
    notAfter: h.notAfter ?? new Date(now + YEAR),
    keyUsage: auth ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature', 'nonRepudiation'],
    extKeyUsage: eku,
    policies: [auth ? (org ? OID.ncaPolicyAuthLegal : OID.ncaPolicyAuthIndividual) : org ? OID.ncaPolicySignLegal : OID.ncaPolicySignIndividual],
  });
  return { cert, key: privateKey, signer: nodeSigner(privateKey, cert) };
}

export function signDocument(text: string, signer: CmsSigner, detached = false): string {
  return signCms(Buffer.from(text, 'utf8'), [signer], { detached }).toString('base64');
}

/** A test PKI: the CA, its trust, and a CRL listing `revoked` (mutable); `revocation: 'none'` gives no source (status unknown). */
export function testPki(): { ca: TestCa; trust: SignatureTrust; revoke(c: Certificate): void; setRevocation(mode: 'crl' | 'none'): void } {
  const ca = makeCa({ alg: 'p256', name: 'JASHIK ACCOUNTS TEST CA' });
  const revoked: Certificate[] = [];
  let mode: 'crl' | 'none' = 'crl';
  return {
    ca,
    trust: {
      trustStore: async () => ca.trust,
      revocation: async (): Promise<RevocationOptions> =>
        mode === 'none' ? {} : { crls: [makeCrl(ca, revoked.map((c) => ({ serialNumber: BigInt(`0x${c.serialNumber}`), revokedAt: new Date(Date.now() - 60_000) })))] },
    },
    revoke: (c) => void revoked.push(c),
    setRevocation: (m) => void (mode = m),
  };
}
