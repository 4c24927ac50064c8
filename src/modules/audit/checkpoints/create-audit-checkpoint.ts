/**
 * Takes an audit checkpoint when one is due: every `entries` entries, or when the oldest entry
 * not yet under a checkpoint is `minutes` old. The chain head (seq, hash) is signed with the
 * operator's evidence key and stored in audit_checkpoints.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../storage/db/database.ts';
import { parseSignedData } from '../../pki/cms-parse.ts';
import { parseCertificate } from '../../pki/x509.ts';
import { checkpointBytes } from './checkpoint-document.ts';
import { auditCheckpoints } from './schema.ts';

export interface CheckpointPolicy {
  entries: number;
  minutes: number;
}

export interface EvidenceSigning {
  signEvidence(bytes: Uint8Array): Promise<Uint8Array>;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export async function auditHead(tx: Tx): Promise<AuditHead | undefined> {
  const r = await tx.execute<{ seq: string; hash: string }>(sql`select seq, hash from audit_log order by seq desc limit 1`);
  return r.rows[0] ? { seq: Number(r.rows[0].seq), hash: r.rows[0].hash } : undefined;
}

export async function lastCheckpointSeq(tx: Tx): Promise<number> {
  const r = await tx.execute<{ seq: string | null }>(sql`select max(seq) as seq from audit_checkpoints`);
  return Number(r.rows[0]?.seq ?? 0);
}

/** Whether a checkpoint is due now; `head` undefined = an empty log (never due). */
export async function checkpointDue(tx: Tx, head: AuditHead | undefined, policy: CheckpointPolicy, now = new Date()): Promise<boolean> {
  if (!head) return false;
  const last = await lastCheckpointSeq(tx);
  if (head.seq <= last) return false;
  if (head.seq - last >= policy.entries) return true;
  const r = await tx.execute<{ at: Date }>(sql`select at from audit_log where seq > ${last} order by seq limit 1`);
  const oldest = r.rows[0] ? new Date(r.rows[0].at).getTime() : now.getTime();
  return now.getTime() - oldest >= policy.minutes * 60_000;
}

function signerFingerprint(cms: Uint8Array): string {
  const sd = parseSignedData(cms);
  const sid = sd.signers[0].sid;
  const certs = sd.certificates.map((d) => parseCertificate(d));
  const cert = 'serialNumber' in sid ? certs.find((c) => c.serialNumber === sid.serialNumber && Buffer.compare(c.issuer.der, sid.issuer) === 0) : certs.find((c) => c.subjectKeyId === sid.subjectKeyId);
  return cert?.fingerprint ?? '';
}

/** Signs and stores a checkpoint of the current head (unless one exists at it); the new row's seq or undefined. */
export async function createAuditCheckpoint(tx: Tx, signer: EvidenceSigning, now = new Date()): Promise<number | undefined> {
  const head = await auditHead(tx);
  if (!head || head.seq <= (await lastCheckpointSeq(tx))) return undefined;
  const cms = Buffer.from(await signer.signEvidence(checkpointBytes(head, now)));
  const rows = await tx
    .insert(auditCheckpoints)
    .values({ seq: head.seq, hash: head.hash, createdAt: now, cms, certificateFingerprint: signerFingerprint(cms) })
    .onConflictDoNothing()
    .returning({ seq: auditCheckpoints.seq });
  return rows[0]?.seq;
}

/** Takes a checkpoint if the policy says one is due. */
export async function checkpointIfDue(tx: Tx, signer: EvidenceSigning, policy: CheckpointPolicy, now = new Date()): Promise<number | undefined> {
  if (!(await checkpointDue(tx, await auditHead(tx), policy, now))) return undefined;
  return createAuditCheckpoint(tx, signer, now);
}
