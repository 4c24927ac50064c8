/**
 * What /.well-known/jashik/operator-certificates publishes: every operator certificate ever
 * current, with its validity, fingerprints, PEM and the chain to its root, so anyone can
 * verify old evidence offline, e.g. `openssl cms -verify -CAfile chain.pem`.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../storage/db/database.ts';
import { toPem } from '../pki/pem.ts';
import { listOperatorCertificates } from './operator-certificates.ts';

export interface PublishedOperatorCertificate {
  serialNumber: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  current: boolean;
  activatedAt: string;
  retiredAt: string | null;
  fingerprints: { sha256: string; sha1: string };
  certificatePem: string;
  chainPem: string;
}

export async function publishedOperatorCertificates(tx: Tx): Promise<PublishedOperatorCertificate[]> {
  const rows = await listOperatorCertificates(tx);
  return rows.map((r) => ({
    serialNumber: r.serial,
    subject: r.subject,
    issuer: r.issuer,
    validFrom: r.validFrom.toISOString(),
    validTo: r.validTo.toISOString(),
    current: r.current,
    activatedAt: r.activatedAt.toISOString(),
    retiredAt: r.retiredAt?.toISOString() ?? null,
    fingerprints: { sha256: r.fingerprint, sha1: createHash('sha1').update(r.der).digest('hex').toUpperCase() },
    certificatePem: toPem(r.der, 'CERTIFICATE'),
    chainPem: r.chainPem,
  }));
}
