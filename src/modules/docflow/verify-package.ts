/**
 * Re-verifies an archive package offline (DF-14): every entry against the manifest's digest,
 * and every signature with the package's own trust anchors and validation data — no network
 * (any attempt to fetch fails), as of `at` (for example years later, after the certificates and
 * CRLs expired), judging validity and revocation at the time each signature was received.
 */
import { parseCertificate } from '../pki/certificate.ts';
import { verifyCms } from '../pki/verify.ts';
import { TrustStore } from '../pki/trust.ts';
import type { Manifest } from './archive-package.ts';
import { PACKAGE_TYPE } from './archive-package.ts';
import { sha256Hex } from './rcc.ts';
import { zipEntries, zipPart } from './zip-read.ts';

export interface PackageVerdict {
  valid: boolean;
  documentId?: string;
  problems: string[];
  signatures: { content: string; valid: boolean; signers: { subject: string; serialNumber: string; trustedTime: string }[]; errors: string[] }[];
}

export async function verifyArchivePackage(zip: Uint8Array, opts: { at?: Date } = {}): Promise<PackageVerdict> {
  const problems: string[] = [];
  const names = zipEntries(zip)?.map((e) => e.name);
  if (!names) return { valid: false, problems: ['not a ZIP archive'], signatures: [] };
  const read = (n: string) => zipPart(zip, n, 256 * 1024 * 1024);
  const manifestBytes = read('manifest.json');
  let manifest: Manifest | undefined;
  try {
    manifest = manifestBytes ? (JSON.parse(manifestBytes.toString('utf8')) as Manifest) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.type !== PACKAGE_TYPE) return { valid: false, problems: ['manifest.json missing or not an archive package manifest'], signatures: [] };
  for (const e of manifest.entries) {
    const b = read(e.path);
    if (!b) problems.push(`${e.path}: missing`);
    else if (sha256Hex(b) !== e.sha256 || b.length !== e.size) problems.push(`${e.path}: digest differs from the manifest`);
  }
  for (const n of names) if (n !== 'manifest.json' && !manifest.entries.some((e) => e.path === n)) problems.push(`${n}: not in the manifest`);
  const anchors = names.filter((n) => n.startsWith('trust/')).map((n) => parseCertificate(read(n)!));
  const certs = names.filter((n) => n.startsWith('certificates/')).map((n) => parseCertificate(read(n)!));
  const crls = names.filter((n) => n.startsWith('validation/') && n.endsWith('.crl')).map((n) => read(n)!);
  const ocsp = names.filter((n) => n.startsWith('validation/') && n.endsWith('.ocsp')).map((n) => read(n)!);
  const trust = new TrustStore(anchors);
  const noNetwork = async (url: string): Promise<Uint8Array> => {
    throw new Error(`offline verification: no network (${url})`);
  };
  const signatures: PackageVerdict['signatures'] = [];
  for (const s of manifest.signatures) {
    const content = read(s.content);
    const cms = read(s.signature);
    if (!content || !cms) {
      signatures.push({ content: s.content, valid: false, signers: [], errors: ['missing'] });
      continue;
    }
    const report = await verifyCms(cms, {
      trust, content, certificates: certs, receivedAt: new Date(s.receivedAt), at: opts.at ?? new Date(),
      revocation: { crls, ocspResponses: ocsp, fetcher: noNetwork },
    });
    signatures.push({
      content: s.content, valid: report.valid,
      signers: report.signers.map((x) => ({ subject: x.certificate?.subject ?? '', serialNumber: x.certificate?.serialNumber ?? '', trustedTime: x.trustedTime })),
      errors: [...report.errors, ...report.signers.flatMap((x) => x.errors)].map((e) => `${e.code}: ${e.message}`),
    });
  }
  return { valid: problems.length === 0 && signatures.length > 0 && signatures.every((s) => s.valid), documentId: manifest.documentId, problems, signatures };
}
