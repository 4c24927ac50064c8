/**
 * Checks every audit checkpoint: its signature (CMS, by a published operator certificate,
 * chained to that certificate's published CAs, judged at its timestamp or its creation time),
 * that the signed content is this checkpoint, and that the audit chain still has the signed
 * hash at the signed seq. A chain rewritten from some entry on (all hashes recomputed) keeps
 * `verifyAuditLog` happy but not the checkpoints after that entry; a log cut short below the
 * last checkpoint is reported as truncated.
 */
import { asc, gt, sql } from 'drizzle-orm';
import type { Tx } from '../../../storage/db/database.ts';
import { listOperatorCertificates } from '../../operator-keys/operator-certificates.ts';
import { parseSignedData } from '../../pki/cms-parse.ts';
import { pemBlocks } from '../../pki/pem.ts';
import { TrustStore } from '../../pki/trust.ts';
import { verifyCms } from '../../pki/verify.ts';
import { parseCertificate, type Certificate } from '../../pki/x509.ts';
import { readCheckpointDocument } from './checkpoint-document.ts';
import { auditCheckpoints } from './schema.ts';

export type CheckpointProblemKind = 'signature_invalid' | 'unknown_signer' | 'content_mismatch' | 'chain_mismatch' | 'truncated';

export interface CheckpointProblem {
  seq: number;
  problem: CheckpointProblemKind;
  message: string;
}

export interface CheckpointVerdict {
  ok: boolean;
  checkpoints: number;
  /** The highest checkpointed seq (0 when there is none). */
  lastSeq: number;
  problems: CheckpointProblem[];
}

const PAGE = 500;

async function operatorTrust(tx: Tx): Promise<{ trust: TrustStore; known: Set<string>; chainCerts: Certificate[] }> {
  const rows = await listOperatorCertificates(tx);
  const chainCerts = rows.flatMap((r) => pemBlocks(r.chainPem).map((b) => parseCertificate(b.der)));
  const leaves = rows.map((r) => parseCertificate(r.der));
  // Anchors: the top of each published chain; a certificate published without a chain anchors itself.
  const selfAnchored = rows.filter((r) => !r.chainPem).map((r) => parseCertificate(r.der));
  return { trust: new TrustStore([...chainCerts, ...selfAnchored]), known: new Set(leaves.map((c) => c.fingerprint)), chainCerts };
}

export async function verifyAuditCheckpoints(tx: Tx, now = new Date()): Promise<CheckpointVerdict> {
  const { trust, known, chainCerts } = await operatorTrust(tx);
  const head = await tx.execute<{ seq: string | null }>(sql`select max(seq) as seq from audit_log`);
  const logEnd = Number(head.rows[0]?.seq ?? 0);
  const problems: CheckpointProblem[] = [];
  let count = 0;
  let lastSeq = 0;
  for (;;) {
    const page = await tx.select().from(auditCheckpoints).where(gt(auditCheckpoints.seq, lastSeq)).orderBy(asc(auditCheckpoints.seq)).limit(PAGE);
    for (const cp of page) {
      count++;
      lastSeq = cp.seq;
      const bad = (problem: CheckpointProblemKind, message: string) => problems.push({ seq: cp.seq, problem, message });
      let report;
      try {
        report = await verifyCms(cp.cms, { trust, at: now, receivedAt: cp.createdAt, revocation: { mode: 'off' }, certificates: chainCerts });
      } catch (err) {
        bad('signature_invalid', `checkpoint ${cp.seq}: its signature cannot be read (${(err as Error).message})`);
        continue;
      }
      const signer = report.signers[0];
      // A timestamp whose TSA is not among the operator's CAs only costs the trusted time (then
      // the checkpoint's creation time); what a checkpoint proves rests on the operator's signature.
      const errors = [...report.errors, ...(signer?.errors ?? [])].filter((e) => e.code !== 'TIMESTAMP_INVALID');
      if (!signer || errors.length) bad('signature_invalid', `checkpoint ${cp.seq}: the signature does not verify (${errors.map((e) => e.code).join(', ') || 'no signer'})`);
      if (signer?.certificate && !known.has(signer.certificate.fingerprintSha256)) bad('unknown_signer', `checkpoint ${cp.seq}: signed by ${signer.certificate.subject}, not a published operator certificate`);
      const doc = readCheckpointDocument(parseSignedData(cp.cms).eContent ?? new Uint8Array());
      if (!doc || doc.seq !== cp.seq || doc.hash !== cp.hash) {
        bad('content_mismatch', `checkpoint ${cp.seq}: the signed content (${doc ? `seq ${doc.seq}, hash ${doc.hash}` : 'unreadable'}) differs from the stored row`);
      }
      const signedSeq = doc?.seq ?? cp.seq;
      const signedHash = doc?.hash ?? cp.hash;
      const entry = await tx.execute<{ hash: string }>(sql`select hash from audit_log where seq = ${signedSeq}`);
      if (!entry.rows[0]) {
        bad('truncated', `checkpoint ${cp.seq}: the audit log ends at entry ${logEnd}, but entry ${signedSeq} was signed: entries were removed from the log's tail`);
      } else if (entry.rows[0].hash !== signedHash) {
        bad('chain_mismatch', `checkpoint ${cp.seq}: entry ${signedSeq} has hash ${entry.rows[0].hash}, but ${signedHash} was signed: the log was rewritten at or before entry ${signedSeq}`);
      }
    }
    if (page.length < PAGE) break;
  }
  return { ok: problems.length === 0, checkpoints: count, lastSeq, problems };
}

/** For `jashik audit verify`: prints the checkpoint verdict line by line; true when all are good. */
export async function reportAuditCheckpoints(tx: Tx, print: (line: string) => void): Promise<boolean> {
  const v = await verifyAuditCheckpoints(tx);
  if (v.ok) {
    print(v.checkpoints ? `audit checkpoints intact: ${v.checkpoints} signed checkpoints, the last at entry ${v.lastSeq}` : 'audit checkpoints: none yet');
    return true;
  }
  print(`audit checkpoints BROKEN: ${v.problems.length} problem(s) in ${v.checkpoints} checkpoints`);
  for (const p of v.problems) print(`  ${p.problem}: ${p.message}`);
  return false;
}
