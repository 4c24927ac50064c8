/**
 * What evidence is checked against on the verification page: the operator certificates as
 * published (/.well-known/jashik/operator-certificates), their chains' roots as trust anchors.
 */
import type { Tx } from '../../../storage/db/database.ts';
import { listOperatorCertificates } from '../../operator-keys/operator-certificates.ts';
import { toDerAll } from '../../pki/pem.ts';
import { TrustStore } from '../../pki/trust.ts';
import { parseCertificate, type Certificate } from '../../pki/x509.ts';

export async function operatorTrust(tx: Tx): Promise<{ trust: TrustStore; operatorFingerprints: string[] }> {
  const rows = await listOperatorCertificates(tx);
  const certs: Certificate[] = [];
  for (const r of rows) {
    certs.push(parseCertificate(r.der));
    if (r.chainPem) for (const der of toDerAll(Buffer.from(r.chainPem), ['CERTIFICATE'], 'operator chain')) certs.push(parseCertificate(der));
  }
  return { trust: new TrustStore(certs), operatorFingerprints: rows.map((r) => r.fingerprint) };
}
