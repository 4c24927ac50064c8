/**
 * What an audit checkpoint signs: the chain head as canonical JSON (RFC 8785), so that anyone
 * holding the log can recompute it. `at` is when the checkpoint was taken (the signature's
 * timestamp, when there is one, is the trusted time).
 */
import { canonicalJson } from '../../../shared/canonical-json.ts';

export const CHECKPOINT_TYPE = 'jashik.audit-checkpoint';

export interface CheckpointDocument {
  type: typeof CHECKPOINT_TYPE;
  version: 1;
  seq: number;
  hash: string;
  at: string;
}

export function checkpointBytes(head: { seq: number; hash: string }, at: Date): Buffer {
  const doc: CheckpointDocument = { type: CHECKPOINT_TYPE, version: 1, seq: head.seq, hash: head.hash, at: at.toISOString() };
  return Buffer.from(canonicalJson(doc) ?? '', 'utf8');
}

/** The document inside a checkpoint's signed content; undefined when it is not one. */
export function readCheckpointDocument(content: Uint8Array): CheckpointDocument | undefined {
  try {
    const d = JSON.parse(Buffer.from(content).toString('utf8')) as Partial<CheckpointDocument>;
    if (d.type !== CHECKPOINT_TYPE || typeof d.seq !== 'number' || typeof d.hash !== 'string' || typeof d.at !== 'string') return undefined;
    return d as CheckpointDocument;
  } catch {
    return undefined;
  }
}
