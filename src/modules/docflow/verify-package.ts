/**
 * Re-verifies an archive package offline (DF-14): every entry against the manifest's digest,
 * every signature with the package's own trust anchors and validation data, and the operator's
 * evidence (batch-signed evidence against the document kept beside it) — no network
 * (any attempt to fetch fails), as of `at` (for example years later, after the certificates and
 * CRLs expired), judging validity and revocation at the time each signature was received.
 */
import { evidenceDocumentOf, type EvidenceContentResult } from '../operator-keys/evidence-batch.ts';
import { parseCertificate } from '../pki/certificate.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
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
  /** The operator's evidence: its signature, and that it vouches for the document beside it (one of a batch's). */
  evidence: { content: string; valid: boolean; signers: { subject: string; serialNumber: string; trustedTime: string }[]; batch: { count: number } | null; errors: string[] }[];
}

/**
 * Whether an evidence CMS vouches for the evidence document kept beside it: its signed
 * content is the document itself, or a batch manifest listing the document's SHA-256. The
 * signature itself is checked by `verifyCms`.
 */
export function docflowEvidenceDocument(cms: Uint8Array, document: Uint8Array): EvidenceContentResult {
  let content: Uint8Array | undefined;
  try {
    content = parseSignedData(cms).eContent;
  } catch {
    return { ok: false, problem: 'MALFORMED: the evidence signature is not a CMS SignedData' };
  }
  if (!content) return { ok: false, problem: 'DETACHED: the evidence signature carries no signed content' };
  return evidenceDocumentOf(content, document);
}

/** The document an evidence document names (its `documentId`), if it is JSON that names one. */
function evidenceAbout(document: Uint8Array): string | undefined {
  try {
    const id = (JSON.parse(Buffer.from(document).toString('utf8')) as { documentId?: unknown }).documentId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

const signersOf = (report: Awaited<ReturnType<typeof verifyCms>>) =>
  report.signers.map((x) => ({ subject: x.certificate?.subject ?? '', serialNumber: x.certificate?.serialNumber ?? '', trustedTime: x.trustedTime }));
const errorsOf = (report: Awaited<ReturnType<typeof verifyCms>>) =>
  [...report.errors, ...report.signers.flatMap((x) => x.errors)].map((e) => `${e.code}: ${e.message}`);

export async function verifyArchivePackage(zip: Uint8Array, opts: { at?: Date } = {}): Promise<PackageVerdict> {
  const problems: string[] = [];
  const names = zipEntries(zip)?.map((e) => e.name);
  if (!names) return { valid: false, problems: ['not a ZIP archive'], signatures: [], evidence: [] };
  const read = (n: string) => zipPart(zip, n, 256 * 1024 * 1024);
  const manifestBytes = read('manifest.json');
  let manifest: Manifest | undefined;
  try {
    manifest = manifestBytes ? (JSON.parse(manifestBytes.toString('utf8')) as Manifest) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.type !== PACKAGE_TYPE) return { valid: false, problems: ['manifest.json missing or not an archive package manifest'], signatures: [], evidence: [] };
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
    signatures.push({ content: s.content, valid: report.valid, signers: signersOf(report), errors: errorsOf(report) });
  }
  // The operator's evidence: the CMS checked like the other signatures (chain to the package's
  // anchors, at its timestamp or the time it was stored), except revocation of the operator's own
  // key, which the package keeps no data for (as verifyEvidence for mail); then the document
  // beside it must be what it signs or one its batch manifest lists.
  const evidence: PackageVerdict['evidence'] = [];
  // A package made before the manifest listed its evidence (and when it was stored) is checked
  // as it was then: its evidence entries against their digests only.
  for (const e of manifest.evidence ?? []) {
    const content = read(e.content);
    const cms = read(e.signature);
    if (!content || !cms) {
      evidence.push({ content: e.content, valid: false, signers: [], batch: null, errors: ['missing'] });
      continue;
    }
    const vouches = docflowEvidenceDocument(cms, content);
    const report = vouches.ok
      ? await verifyCms(cms, { trust, certificates: certs, receivedAt: new Date(e.receivedAt), at: opts.at ?? new Date(), revocation: { mode: 'off' } })
      : undefined;
    // A batch signature also vouches for its siblings (other documents' evidence): the one kept
    // here must be about this package's document.
    const about = vouches.ok && evidenceAbout(content) !== manifest.documentId ? 'OTHER_DOCUMENT: the evidence is about another document than the package\'s' : undefined;
    const errors = [...(vouches.ok ? [] : [vouches.problem]), ...(about ? [about] : []), ...(report ? errorsOf(report) : [])];
    evidence.push({ content: e.content, valid: errors.length === 0 && report!.valid, signers: report ? signersOf(report) : [], batch: vouches.ok && vouches.batch ? { count: vouches.batch.count } : null, errors });
  }
  const valid = problems.length === 0 && signatures.length > 0 && signatures.every((s) => s.valid) && evidence.every((x) => x.valid);
  return { valid, documentId: manifest.documentId, problems, signatures, evidence };
}
