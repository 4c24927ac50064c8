/**
 * Transfer to an archive (DF-1, DF-14, DF-15): one e-document as a self-contained ZIP that can be
 * verified years later with no network and no jashik database — the content files as they were
 * sent, their CMS signatures, the RCC and its signature, the receipts, the operator's evidence
 * (batch-signed evidence with its own document beside the shared CMS), the signers' certificates
 * (with their validity periods), the trust anchors, the validation data kept at receipt (OCSP
 * answers, CRLs) and a manifest with the SHA-256 of every entry and the time each signature was
 * received (the trusted time when it bears no timestamp).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { requireDocumentReader } from './queries.ts';
import { canonicalBytes, sha256Hex, SOFTWARE } from './rcc.ts';
import { docflowCertificates, docflowDocumentKeys, docflowEvidence, docflowReceipts, docflowValidationData } from './schema.ts';
import type { DocflowActor, DocflowTrust, MembershipPolicy } from './types.ts';
import { zipStore } from './zip-write.ts';

export const PACKAGE_TYPE = 'jashik.docflow.archive-package';

export interface ManifestSignature {
  /** The signed data (path) and its CMS (path). */
  content: string;
  signature: string;
  receivedAt: string;
}

export interface Manifest {
  type: typeof PACKAGE_TYPE;
  version: 1;
  createdAt: string;
  software: { name: string; version: string };
  documentId: string;
  signatures: ManifestSignature[];
  /**
   * The operator's evidence (X-3): each evidence document and its CMS, which signs the document
   * itself or — batch evidence — a manifest listing the document's SHA-256 among others'.
   * `receivedAt`: when it was stored (the trusted time when the CMS bears no timestamp). Packages
   * made before this list existed hold the same entries, checked against their digests only.
   */
  evidence?: ManifestSignature[];
  keys: { path: string; serial: string; subject: string; notBefore: string; notAfter: string; usage: string }[];
  entries: { path: string; sha256: string; size: number }[];
}

export async function exportArchivePackage(
  deps: { database: Database; blobs: BlobStore; membership: MembershipPolicy; trust: DocflowTrust; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
): Promise<Buffer> {
  const { doc, files, deliveries } = await requireDocumentReader(deps, actor, documentId, 'exportArchivePackage');
  const db = deps.database.db;
  const entries: { name: string; data: Uint8Array }[] = [];
  const signatures: ManifestSignature[] = [];
  const receivedAt = (deliveries[0]?.receivedAt ?? doc.sentAt ?? doc.firstSignedAt ?? deps.now()).toISOString();
  for (const f of files) {
    const base = `document/files/${f.position}-${f.filename.replace(/[^\p{L}\p{N}._-]/gu, '_')}`;
    entries.push({ name: base, data: await deps.blobs.getBytes(f.sha256) });
    if (f.cms) {
      entries.push({ name: `${base}.p7s`, data: f.cms });
      signatures.push({ content: base, signature: `${base}.p7s`, receivedAt: doc.firstSignedAt ? receivedAt : receivedAt });
    }
  }
  if (doc.rccCanonical && doc.rccCms) {
    entries.push({ name: 'document/rcc.json', data: doc.rccCanonical }, { name: 'document/rcc.json.p7s', data: doc.rccCms });
    signatures.push({ content: 'document/rcc.json', signature: 'document/rcc.json.p7s', receivedAt });
  }
  for (const r of await db.select().from(docflowReceipts).where(eq(docflowReceipts.documentId, documentId))) {
    entries.push({ name: `receipts/${r.id}.json`, data: r.canonical }, { name: `receipts/${r.id}.json.p7s`, data: r.cms });
    signatures.push({ content: `receipts/${r.id}.json`, signature: `receipts/${r.id}.json.p7s`, receivedAt: r.createdAt.toISOString() });
  }
  const evidence: ManifestSignature[] = [];
  for (const e of await db.select().from(docflowEvidence).where(eq(docflowEvidence.documentId, documentId))) {
    entries.push({ name: `evidence/${e.id}.json`, data: e.canonical }, { name: `evidence/${e.id}.json.p7s`, data: e.cms });
    evidence.push({ content: `evidence/${e.id}.json`, signature: `evidence/${e.id}.json.p7s`, receivedAt: e.createdAt.toISOString() });
  }
  for (const [i, v] of (await db.select().from(docflowValidationData).where(eq(docflowValidationData.documentId, documentId))).entries()) {
    entries.push({ name: `validation/${i}.${v.kind}`, data: v.der });
  }
  const keys: Manifest['keys'] = [];
  const linked = await db.select({ c: docflowCertificates, usage: docflowDocumentKeys.usage }).from(docflowDocumentKeys).innerJoin(docflowCertificates, eq(docflowCertificates.fingerprint, docflowDocumentKeys.fingerprint)).where(eq(docflowDocumentKeys.documentId, documentId));
  for (const { c, usage } of linked) {
    const path = `certificates/${c.fingerprint}.cer`;
    if (!entries.some((e) => e.name === path)) entries.push({ name: path, data: c.der });
    keys.push({ path, serial: c.serial, subject: c.subject, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), usage });
  }
  const trust = await deps.trust.trustStore();
  trust.certificates.forEach((c, i) => entries.push({ name: `trust/${i}-${c.fingerprint.slice(0, 16)}.cer`, data: c.der }));
  const manifest: Manifest = {
    type: PACKAGE_TYPE, version: 1, createdAt: deps.now().toISOString(), software: SOFTWARE, documentId, signatures, evidence, keys,
    entries: entries.map((e) => ({ path: e.name, sha256: sha256Hex(e.data), size: e.data.length })),
  };
  return zipStore([{ name: 'manifest.json', data: canonicalBytes(manifest) }, ...entries]);
}
