/**
 * Job `mail.handover-expiry`: at the deadline the sender chose, a registered letter its
 * recipient has not opened gets AcceptanceRejectionExpiry evidence and the sender a notice.
 */
import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { deliverNotice } from './delivery-notice.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { loadSubmission } from './submission-state.ts';
import type { EvidenceSigner } from './types.ts';

export function handoverExpiryJob(deps: { blobs: BlobStore; signer: EvidenceSigner; domain: string }): JobHandler {
  return async (job, { tx }) => {
    const { letterId } = job.payload as { letterId: string };
    const r = await tx.execute<{ submission_id: string; handed_over_at: string | null; mailbox_id: string; address: string }>(sql`
      select l.submission_id, l.handed_over_at, l.mailbox_id, m.address from letters l join mailboxes m on m.id = l.mailbox_id
      where l.id = ${letterId} for update of l`);
    const l = r.rows[0];
    if (!l || l.handed_over_at) return;
    const s = await loadSubmission(tx, l.submission_id);
    if (!s) return;
    await issueEvidence(tx, { signer: deps.signer, operator: deps.domain }, {
      chain: s.id, event: 'AcceptanceRejectionExpiry', content: evidenceContent(s.messageId, { sha256: s.rawSha256, size: s.size }, s.parsed),
      sender: s.senderAddress, recipient: l.address, senderMailboxId: s.senderMailboxId, recipientMailboxId: l.mailbox_id,
      reason: { code: 'HANDOVER_DEADLINE_PASSED', text: `not opened by ${s.handoverDeadline?.toISOString() ?? 'the deadline'}` },
    });
    if (s.senderMailboxId) {
      await deliverNotice(tx, deps.blobs, deps.domain, { senderMailboxId: s.senderMailboxId, originalMessageId: s.messageId, originalSubject: s.parsed.subject, recipient: l.address, kind: 'expiry', reason: '' });
    }
  };
}
