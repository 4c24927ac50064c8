/**
 * The hybrid job kinds: print batches per print centre, print-if-unread deadlines, and tracking
 * webhooks (payload signed with HMAC-SHA256 in `X-Jashik-Signature: sha256=<hex>`; a non-2xx
 * answer or no answer fails the job, which the job table retries with backoff).
 */
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import type { HybridConfig } from './hybrid-config.ts';
import { printBatchJob } from './print-batch-job.ts';
import type { PrintDrop } from './print-drop.ts';
import { printIfUnreadJob } from './print-if-unread-job.ts';
import type { EvidenceSigner, MailDelivery } from './ports.ts';

export interface HybridJobDeps {
  blobs: BlobStore;
  drop: PrintDrop;
  config: HybridConfig;
  signer: EvidenceSigner;
  operator: string;
  mail: MailDelivery;
}

export function webhookJob(fetchImpl: typeof fetch = fetch): JobHandler {
  return async (job, { tx }) => {
    const p = job.payload as { webhookId: string; itemId: string; event: string; evidenceId: string };
    const h = await tx.execute<{ url: string; secret: string; revoked_at: string | null }>(sql`select url, secret, revoked_at from hybrid_webhooks where id = ${p.webhookId}`);
    const hook = h.rows[0];
    if (!hook || hook.revoked_at) return;
    const i = await tx.execute<{ s10: string | null; status: string }>(sql`select s10, status from hybrid_items where id = ${p.itemId}`);
    const body = JSON.stringify({ type: 'hybrid.status', itemId: p.itemId, s10: i.rows[0]?.s10 ?? null, event: p.event, status: i.rows[0]?.status, evidenceId: p.evidenceId, deliveryId: job.id });
    const signature = createHmac('sha256', hook.secret).update(body).digest('hex');
    const res = await fetchImpl(hook.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-jashik-signature': `sha256=${signature}`, 'idempotency-key': `hybrid-webhook-${job.id}` }, signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    if (res.status < 200 || res.status > 299) throw new Error(`webhook answered ${res.status}`);
  };
}

export function hybridJobHandlers(deps: HybridJobDeps): Record<string, JobHandler> {
  return {
    'hybrid.print_batch': printBatchJob(deps),
    'hybrid.print_if_unread': printIfUnreadJob(deps),
    'hybrid.webhook': webhookJob(),
  };
}
