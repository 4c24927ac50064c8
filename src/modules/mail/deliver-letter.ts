/**
 * Job `mail.deliver`: places a submitted letter in a local recipient's Inbox. Runs in the job's
 * transaction, so the letter, its ContentConsignment evidence and the done-mark commit together;
 * a repeat finds the delivery no longer pending and does nothing. A mailbox that cannot take
 * the letter (closed, full) gets ContentConsignmentFailure and the sender a notice.
 */
import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { isAppError } from '../../shared/errors.ts';
import { deliverNotice } from './delivery-notice.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { insertLetter } from './store-letter.ts';
import { finishDelivery, loadSubmission, lockPendingDelivery } from './submission-state.ts';
import { queueArrivalNotice } from './notify-address.ts';
import type { EvidenceSigner } from './types.ts';

export interface DeliverDeps {
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
}

export function deliverLetterJob(deps: DeliverDeps): JobHandler {
  return async (job, { tx, log }) => {
    const { submissionId, recipient } = job.payload as { submissionId: string; recipient: string };
    if (!(await lockPendingDelivery(tx, submissionId, recipient))) return;
    const s = await loadSubmission(tx, submissionId);
    if (!s) return;
    const content = evidenceContent(s.messageId, { sha256: s.rawSha256, size: s.size }, s.parsed);
    const ev = { signer: deps.signer, operator: deps.domain };
    const mb = await tx.execute<{ id: string }>(sql`select id from mailboxes where address = ${recipient}`);
    const mailboxId = mb.rows[0]?.id;
    let letterId: string | undefined;
    let failure: { code: string; text: string } | undefined;
    if (!mailboxId) failure = { code: 'MAIL_UNKNOWN_RECIPIENT', text: 'no such mailbox' };
    else {
      try {
        // A savepoint: a refused insert leaves the job's transaction usable for the failure path.
        letterId = await tx.transaction(async (sp) =>
          (await insertLetter(sp, deps.blobs, {
            mailboxId, folder: 'inbox', direction: 'in', parsed: s.parsed, raw: { sha256: s.rawSha256, size: s.size },
            submissionId, registered: s.registered, verifiedSender: s.verifiedSender,
          })).id,
        );
      } catch (err) {
        if (!isAppError(err) || !['MAIL_QUOTA_EXCEEDED', 'MAIL_MAILBOX_CLOSED', 'MAIL_UNKNOWN_RECIPIENT'].includes(err.code)) throw err;
        failure = { code: err.code, text: err.code === 'MAIL_QUOTA_EXCEEDED' ? 'recipient mailbox is full' : 'recipient mailbox is closed' };
      }
    }
    if (letterId) {
      await finishDelivery(tx, s, recipient, 'delivered', { letterId });
      if (s.registered) {
        await issueEvidence(tx, ev, { chain: s.id, event: 'ContentConsignment', content, sender: s.senderAddress, recipient, senderMailboxId: s.senderMailboxId, recipientMailboxId: mailboxId });
        if (s.handoverDeadline) {
          await enqueueJob(tx, { kind: 'mail.handover-expiry', payload: { letterId }, idempotencyKey: `mail.handover-expiry:${letterId}`, runAt: s.handoverDeadline });
        }
      }
      if (s.verifiedSender) await queueArrivalNotice(tx, mailboxId!, s.senderAddress, s.registered, letterId);
      log.debug({ submissionId, letterId }, 'letter delivered');
      return;
    }
    await finishDelivery(tx, s, recipient, 'failed', { response: failure!.text });
    if (s.registered) {
      await issueEvidence(tx, ev, { chain: s.id, event: 'ContentConsignmentFailure', content, sender: s.senderAddress, recipient, senderMailboxId: s.senderMailboxId, recipientMailboxId: mailboxId ?? null, reason: failure! });
    }
    if (s.senderMailboxId) {
      await deliverNotice(tx, deps.blobs, deps.domain, { senderMailboxId: s.senderMailboxId, originalMessageId: s.messageId, originalSubject: s.parsed.subject, recipient, kind: 'bounce', reason: failure!.text });
    }
  };
}
