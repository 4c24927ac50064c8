/**
 * Job `mail.relay`: hands a letter to an external e-mail server — the recipient domain's
 * MX (looked up through the one injectable resolver) or a configured smarthost — DKIM-signed
 * with the operator domain's key. 2xx: relayed (RelayToNonERDS). 5xx: failed at once, with
 * RelayToNonERDSFailure and a notice to the sender. 4xx or no answer: the job fails and the
 * queue retries it with backoff; on its last attempt it bounces like a 5xx.
 */
import nodemailer from 'nodemailer';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { deliverNotice } from './delivery-notice.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { finishDelivery, loadSubmission, lockPendingDelivery } from './submission-state.ts';
import type { DnsResolve, EvidenceSigner } from './types.ts';

export interface RelayOptions {
  /** All outbound mail through this server instead of MX lookups. */
  smarthost?: { host: string; port: number; secure?: boolean; user?: string; pass?: string };
  resolve: DnsResolve;
  /** Port of MX hosts (25; tests point it at a loopback sink). */
  mxPort?: number;
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  timeoutMs?: number;
}

export interface Target {
  host: string;
  port: number;
  secure?: boolean;
  auth?: { user: string; pass: string };
}

export async function targetsFor(recipient: string, o: RelayOptions): Promise<Target[]> {
  if (o.smarthost) {
    const s = o.smarthost;
    return [{ host: s.host, port: s.port, secure: s.secure, auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined }];
  }
  const domain = recipient.slice(recipient.lastIndexOf('@') + 1);
  let mx: { exchange: string; priority: number }[] = [];
  try {
    mx = ((await o.resolve(domain, 'MX')) as { exchange: string; priority: number }[]) ?? [];
  } catch (err) {
    const code = (err as { code?: string }).code;
    // No MX records: RFC 5321 §5.1 falls back to the domain itself.
    if (code !== 'ENODATA' && code !== 'ENOTFOUND') throw err;
  }
  const hosts = mx.length ? mx.sort((a, b) => a.priority - b.priority).map((m) => m.exchange) : [domain];
  return hosts.filter((h) => h && h !== '.').map((host) => ({ host, port: o.mxPort ?? 25 }));
}

export type Outcome = { ok: true; response: string } | { ok: false; permanent: boolean; response: string };

export async function send(target: Target, o: RelayOptions, heloName: string, from: string, to: string, raw: NodeJS.ReadableStream | Buffer): Promise<Outcome> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure ?? false,
    auth: target.auth,
    name: heloName,
    connectionTimeout: o.timeoutMs ?? 30_000,
    greetingTimeout: o.timeoutMs ?? 30_000,
    socketTimeout: o.timeoutMs ?? 60_000,
    // Opportunistic STARTTLS to MX hosts, whose certificates are often not for their name.
    tls: { rejectUnauthorized: false },
    dkim: o.dkim,
  });
  try {
    const info = await transport.sendMail({ envelope: { from, to: [to] }, raw: raw as never });
    return { ok: true, response: String(info.response ?? '250') };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, permanent: (e.responseCode ?? 0) >= 500, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

export function relayLetterJob(deps: { blobs: BlobStore; signer: EvidenceSigner; domain: string; relay: RelayOptions }): JobHandler {
  return async (job, { tx, log }) => {
    const { submissionId, recipient } = job.payload as { submissionId: string; recipient: string };
    if (!(await lockPendingDelivery(tx, submissionId, recipient))) return;
    const s = await loadSubmission(tx, submissionId);
    if (!s) return;
    const from = s.senderAddress ?? `mailer-daemon@${deps.domain}`;
    let outcome: Outcome = { ok: false, permanent: false, response: 'no mail exchanger' };
    for (const target of await targetsFor(recipient, deps.relay)) {
      outcome = await send(target, deps.relay, deps.domain, from, recipient, await deps.blobs.get(s.rawSha256));
      if (outcome.ok || outcome.permanent) break;
    }
    const content = evidenceContent(s.messageId, { sha256: s.rawSha256, size: s.size }, s.parsed);
    const ev = { signer: deps.signer, operator: deps.domain };
    if (outcome.ok) {
      await finishDelivery(tx, s, recipient, 'relayed', { response: outcome.response });
      if (s.registered) await issueEvidence(tx, ev, { chain: s.id, event: 'RelayToNonERDS', content, sender: from, recipient, senderMailboxId: s.senderMailboxId, reason: { code: 'SMTP', text: outcome.response } });
      log.debug({ submissionId, recipient }, 'letter relayed');
      return;
    }
    if (!outcome.permanent && job.attempts < job.maxAttempts) throw new Error(`temporary failure relaying to ${recipient}: ${outcome.response}`);
    await finishDelivery(tx, s, recipient, 'failed', { response: outcome.response });
    if (s.registered) await issueEvidence(tx, ev, { chain: s.id, event: 'RelayToNonERDSFailure', content, sender: from, recipient, senderMailboxId: s.senderMailboxId, reason: { code: outcome.permanent ? 'SMTP_PERMANENT' : 'SMTP_EXPIRED', text: outcome.response } });
    if (s.senderMailboxId) {
      await deliverNotice(tx, deps.blobs, deps.domain, { senderMailboxId: s.senderMailboxId, originalMessageId: s.messageId, originalSubject: s.parsed.subject, recipient, kind: 'bounce', reason: outcome.response });
    }
  };
}
