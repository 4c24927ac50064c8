/** Signs an end-entity certificate with the demo issuing CA, its CRL and OCSP URLs pointing home. */
import { issueCertificate } from '../pki/x509-build.ts';
import type { Certificate, KeyUsageName } from '../pki/x509.ts';
import type { DemoCa } from './demo-ca.ts';
import { randomSerial } from './demo-files.ts';

export interface DemoLeafSpec {
  subject: [string, string][];
  spki: Uint8Array;
  keyUsage: KeyUsageName[];
  extKeyUsage: string[];
  policies: string[];
  /** Validity in days from now; default one year (never past the issuing CA's end). */
  days?: number;
}

export function issueDemoLeaf(ca: DemoCa, spec: DemoLeafSpec): Certificate {
  const now = Date.now();
  const end = Math.min(now + (spec.days ?? 365) * 24 * 3600_000, ca.issuing.cert.notAfter.getTime());
  return issueCertificate({
    subject: spec.subject, spki: spec.spki, issuer: ca.issuing.cert, signer: ca.issuing.signer, serialNumber: randomSerial(),
    notBefore: new Date(now - 5 * 60_000), notAfter: new Date(end),
    keyUsage: spec.keyUsage, extKeyUsage: spec.extKeyUsage, policies: spec.policies,
    crlUrls: [`${ca.baseUrl}/crl`], ocspUrls: [`${ca.baseUrl}/ocsp`],
  });
}
