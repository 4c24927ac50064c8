/**
 * Inbound e-mail: the recipient check at RCPT TO, and the message at DATA. The raw
 * message is stored exactly as received, parsed, authenticated (SPF/DKIM/DMARC), and put in
 * each recipient's Inbox (or Junk, when the sender domain's DMARC policy says quarantine) with
 * ReceivedFromNonERDS evidence and an audit row — all in one transaction (shared with the other
 * messages ready at that moment: group commit, whose evidence documents share one operator
 * signature). The SMTP edge answers
 * 250 only after that commit; any failure leaves nothing stored and answers 4xx/5xx.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { isAppError } from '../../shared/errors.ts';
import { checkAuth, type AuthSummary } from './check-auth.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { buildEvidence, withCms, type NewEvidence, type UnsignedEvidence } from './evidence/issue-evidence.ts';
import { signEvidenceBatch } from '../operator-keys/evidence-batch.ts';
import { storeInboundBatch, type InboundItem } from './store-inbound-batch.ts';
import { parseLetter } from './parse-letter.ts';
import { SmtpReply } from './smtp-reply.ts';
import type { DnsResolve, EvidenceSigner, MailLimits } from './types.ts';

const IN_MEMORY_BYTES = 1024 * 1024;

export interface InboundDeps {
  database: Database;
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
  limits: MailLimits;
  resolve: DnsResolve;
  /** SPF/DKIM/DMARC checks; off only for benchmarks that compare with a server doing none. */
  authChecks: boolean;
  /** Issue ReceivedFromNonERDS evidence for plain inbound mail (default on). */
  evidence?: boolean;
}

export interface InboundEnvelope {
  mailFrom: string | null;
  rcptTo: string[];
  remoteAddress: string;
  heloName?: string;
}

export async function checkRecipient(deps: Pick<InboundDeps, 'database' | 'domain'>, address: string): Promise<void> {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 1 || a.slice(at + 1) !== deps.domain) throw new SmtpReply(550, `5.7.1 <${address}>: relaying denied`);
  const mb = await recipientLookupFor(deps.database).lookup(a);
  if (!mb || mb.status !== 'active') throw new SmtpReply(550, `5.1.1 <${address}>: no such mailbox here`);
  if (mb.full) throw new SmtpReply(452, `4.2.2 <${address}>: mailbox full`);
}

type RecipientRow = { address: string; status: string; full: boolean };

/**
 * A named statement: each pooled connection parses and plans it once, not on every RCPT TO
 * (most messages cost one lookup of their own), and the rows come back without Drizzle's
 * query building and result mapping on the way.
 */
const RECIPIENT_STATEMENT = {
  name: 'jashik_smtp_recipients',
  text: 'select address, status, used_bytes >= quota_bytes as full from mailboxes where address = any($1::text[])',
} as const;

/**
 * RCPT TO lookups of all SMTP sessions, coalesced per turn of the event loop: the sessions
 * whose commands arrived in the same turn are answered by one query (one round trip instead of
 * one each). A lookup never waits for another query to finish — that would add a round trip
 * to the session's reply — and every answer comes from a query started after it was asked:
 * nothing is cached.
 *
 * Coalescing only pays when commands of several sessions arrive in one turn. At the
 * smtp-ingest rate (~150 messages a second over 20 sessions, one RCPT every few ms) most
 * turns hold one, so a message costs about one lookup of its own. That is deliberate: a cache of
 * answers would let a mailbox closed, frozen or filled by another process (HTTP, an SMTP worker,
 * a job) still get 250 at RCPT TO until told, and waiting a few ms to gather more would delay
 * every RCPT reply; an A/B with the lookup skipped altogether showed no CPU difference above the
 * noise of the shared bench machine (issue #5).
 */
class RecipientLookup {
  private waiting = new Map<string, { resolve: (r: RecipientRow | undefined) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(private readonly database: Database) {}

  lookup(address: string): Promise<RecipientRow | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(address);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(address, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    try {
      const r = await this.database.pool.query<RecipientRow>({ ...RECIPIENT_STATEMENT, values: [[...batch.keys()]] });
      const rows = new Map(r.rows.map((row) => [row.address, row]));
      for (const [address, list] of batch) for (const w of list) w.resolve(rows.get(address));
    } catch (err) {
      for (const list of batch.values()) for (const w of list) w.reject(err);
    }
  }
}

const recipientLookups = new WeakMap<Database, RecipientLookup>();
function recipientLookupFor(database: Database): RecipientLookup {
  let l = recipientLookups.get(database);
  if (!l) recipientLookups.set(database, (l = new RecipientLookup(database)));
  return l;
}

export async function receiveMessage(deps: InboundDeps, stream: Readable, env: InboundEnvelope): Promise<{ letterIds: string[] }> {
  return commitInbound(deps, await prepareInbound(deps, stream, env));
}

/** A message stored as a blob, parsed and checked, with its (unsigned) evidence: ready to commit. */
export interface PendingInbound extends Omit<InboundItem, 'recipients'> {
  recipients: { rcpt: string; letterId: string; ev: NewEvidence; evidence: UnsignedEvidence | null }[];
}

/** Everything before the commit: the blob written, the message parsed and authenticated, the evidence documents built. */
export async function prepareInbound(deps: InboundDeps, stream: Readable, env: InboundEnvelope): Promise<PendingInbound> {
  // Small messages are read whole and stored from memory (one write, no stream machinery), and
  // parsing and the SPF/DKIM/DMARC checks use that copy; larger ones stream to the blob store.
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let whole = false;
  for (;;) {
    const next = await it.next();
    if (next.done) {
      whole = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
    if (headBytes > IN_MEMORY_BYTES) break;
  }
  const inMemory = whole ? Buffer.concat(head, headBytes) : undefined;
  const source = inMemory ?? Readable.from((async function* () {
    yield* head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  })());
  const raw = await deps.blobs.put(source, { maxBytes: deps.limits.messageBytes }).catch((err) => {
    // Let the rest of DATA drain so that the SMTP session can answer.
    stream.resume();
    if (isAppError(err) && err.code === 'PAYLOAD_TOO_LARGE') throw new SmtpReply(552, '5.3.4 message too big');
    throw err;
  });
  const content = async () => (inMemory ? Readable.from([inMemory]) : deps.blobs.get(raw.sha256));
  let parsed;
  try {
    parsed = await parseLetter(inMemory ?? (await deps.blobs.get(raw.sha256)));
  } catch (err) {
    throw new SmtpReply(554, `5.6.0 message refused: ${isAppError(err) ? err.detail ?? err.code : 'unreadable MIME'}`);
  }
  let auth: AuthSummary | null = null;
  if (deps.authChecks) {
    auth = await checkAuth(await content(), { ip: env.remoteAddress, helo: env.heloName, sender: env.mailFrom, mta: deps.domain, resolve: deps.resolve });
    if (auth.action === 'reject') throw new SmtpReply(550, `5.7.1 rejected by the DMARC policy of ${auth.dmarc?.domain ?? 'the sender domain'}`);
  }
  const folder = auth?.action === 'quarantine' ? 'junk' : 'inbox';
  const recipients = [...new Set(env.rcptTo.map((r) => r.toLowerCase()))];
  const digests = evidenceContent(parsed.messageId ?? `<sha256.${raw.sha256}@${deps.domain}>`, raw, parsed);
  const sender = env.mailFrom || parsed.fromAddress || null;
  // Evidence of a new letter is the first of its chain. Its document is built here; the
  // committer signs the documents of a whole batch with one operator signature.
  const items: PendingInbound['recipients'] = [];
  for (const rcpt of recipients) {
    const letterId = randomUUID();
    const ev: NewEvidence = { chain: letterId, event: 'ReceivedFromNonERDS', content: digests, sender, recipient: rcpt };
    items.push({ rcpt, letterId, ev, evidence: deps.evidence === false ? null : buildEvidence(deps.domain, ev, 1, null) });
  }
  return { raw, parsed, auth, folder, recipients: items, env };
}

/** Puts a prepared message in the next group commit; resolves after the commit that holds it. */
export function commitInbound(deps: InboundDeps, item: PendingInbound): Promise<{ letterIds: string[] }> {
  return committerFor(deps).commit(item);
}

type Waiting = { item: PendingInbound; resolve: (r: { letterIds: string[] }) => void; reject: (e: unknown) => void };

/**
 * Group commit across SMTP connections: messages that are ready while a transaction commits
 * wait and go together in the next one, written with a fixed number of statements per batch
 * (store-inbound-batch.ts). Every sender still gets 250 only after the commit holding its
 * message; the serialised parts (audit append, commit) are paid once per batch, not per message.
 *
 * The ReceivedFromNonERDS documents of a batch are signed with ONE operator signature
 * (signEvidenceBatch) before its transaction; a signing failure fails that batch's messages
 * (4xx at the SMTP edge) and nothing of them is stored. Signing the next batch overlaps the
 * current commit: there is still one transaction at a time, in batch order.
 */
class GroupCommitter {
  private queue: Waiting[] = [];
  private running = false;

  constructor(private readonly deps: InboundDeps, private readonly maxBatch = 100) {}

  commit(item: PendingInbound): Promise<{ letterIds: string[] }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    let committing: Promise<void> | null = null;
    try {
      for (;;) {
        if (this.queue.length === 0) {
          if (!committing) break;
          await committing;
          committing = null;
          continue;
        }
        const batch = this.queue.splice(0, this.maxBatch);
        const signed = await this.sign(batch);
        if (committing) await committing;
        committing = signed ? this.store(batch, signed) : null;
      }
    } finally {
      this.running = false;
    }
  }

  /** The batch with each evidence document's CMS, or null (every message rejected) when signing failed. */
  private async sign(batch: Waiting[]): Promise<InboundItem[] | null> {
    const unsigned = batch.flatMap((b) => b.item.recipients.flatMap((r) => (r.evidence ? [r.evidence] : [])));
    let cms: Buffer[] = [];
    try {
      if (unsigned.length) cms = await signEvidenceBatch(this.deps.signer, unsigned.map((u) => u.bytes));
    } catch (err) {
      for (const b of batch) b.reject(err);
      return null;
    }
    let i = 0;
    return batch.map(({ item }) => ({
      ...item,
      recipients: item.recipients.map(({ evidence, ...r }) => ({ ...r, prepared: evidence ? withCms(evidence, cms[i++]) : null })),
    }));
  }

  /** One transaction for the batch; settles every sender's promise, never throws. */
  private async store(batch: Waiting[], items: InboundItem[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await this.deps.database.db.transaction((tx) => storeInboundBatch(tx, this.deps.blobs, items));
    } catch (err) {
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => {
      const o = outcomes[i];
      if (o.ok) b.resolve({ letterIds: o.letterIds });
      else b.reject(o.err);
    });
  }
}

const committers = new WeakMap<InboundDeps, GroupCommitter>();
function committerFor(deps: InboundDeps): GroupCommitter {
  let c = committers.get(deps);
  if (!c) committers.set(deps, (c = new GroupCommitter(deps)));
  return c;
}
