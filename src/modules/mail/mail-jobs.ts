/** The mail module's durable job kinds and their handlers (registered in src/app/job-handlers.ts). */
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { deliverLetterJob } from './deliver-letter.ts';
import { handoverExpiryJob } from './handover-expiry.ts';
import { relayLetterJob, type RelayOptions } from './relay-letter.ts';
import { notifyJob } from './notify-address.ts';
import type { EvidenceSigner } from './types.ts';

export interface MailJobDeps {
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
  relay: RelayOptions;
}

export function mailJobHandlers(deps: MailJobDeps): Record<string, JobHandler> {
  return {
    'mail.deliver': deliverLetterJob(deps),
    'mail.relay': relayLetterJob(deps),
    'mail.handover-expiry': handoverExpiryJob(deps),
    'mail.notify': notifyJob(deps),
  };
}
