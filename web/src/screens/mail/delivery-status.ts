/**
 * Where a registered letter is now, for each recipient, read from its evidence chain: the
 * latest record naming the recipient decides. The evidence is what the operator signed, so the
 * status line can never say more (or less) than the records below it.
 */
import type { Answer } from '../../api/answers.ts';

/** What the status needs of an evidence record. */
export type StatusRecord = Pick<Answer<'listEvidence'>[number], 'event' | 'recipient' | 'position' | 'createdAt'>;

export const STATUS_EVENTS = [
  'SubmissionAcceptance',
  'SubmissionRejection',
  'ContentConsignment',
  'ContentConsignmentFailure',
  'ContentHandover',
  'RelayToNonERDS',
  'RelayToNonERDSFailure',
  'ReceivedFromNonERDS',
  'AcceptanceRejectionExpiry',
] as const;

/** After these nothing more will be recorded for the recipient: no need to look again. */
const SETTLED = new Set<string>(['SubmissionRejection', 'ContentConsignmentFailure', 'ContentHandover', 'RelayToNonERDS', 'RelayToNonERDSFailure', 'ReceivedFromNonERDS', 'AcceptanceRejectionExpiry']);

export interface RecipientStatus {
  recipient: string;
  /** The latest event naming this recipient; null while there is none. */
  event: string | null;
  at: string | null;
}

const lower = (s: string) => s.trim().toLowerCase();

/** A record names its recipient, or several joined by commas (the acceptance of the whole letter). */
function names(e: StatusRecord, recipient: string): boolean {
  if (!e.recipient) return true;
  return e.recipient.split(',').map(lower).includes(lower(recipient));
}

/** The status of each recipient, from evidence in chain order (by position). */
export function deliveryStatus(evidence: StatusRecord[], recipients: string[]): RecipientStatus[] {
  const chain = [...evidence].sort((a, b) => a.position - b.position);
  return recipients.map((recipient) => {
    let latest: StatusRecord | undefined;
    for (const e of chain) if (names(e, recipient)) latest = e;
    return { recipient, event: latest?.event ?? null, at: latest?.createdAt ?? null };
  });
}

/** True when no recipient's status can change any more. */
export function statusSettled(statuses: RecipientStatus[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s.event !== null && SETTLED.has(s.event));
}
