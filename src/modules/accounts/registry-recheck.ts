/**
 * Liquidated organisations (issue 4, item 10; MB-13): a periodic durable job asks the state
 * registry about every active organisation account, a batch per run. One the registry reports
 * liquidated is frozen (organisation-lifecycle.ts: account `frozen`, out of the directory,
 * audited) and gets a notice letter in its own Inbox (kk/ru/en), so the owner, who can still sign
 * in and export, learns why. An unavailable registry changes nothing (the next run asks again).
 *
 * Interval: every 24 hours by default — an OPERATOR DECISION (SPEC names none); set
 * JASHIK_REGISTRY_RECHECK_HOURS (accounts-settings.ts). The run chain restarts itself if ever lost (see accounts-jobs.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { ensurePeriodicJobScheduled, schedulePeriodicJob } from '../../storage/jobs/periodic-job.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import { composeLetter } from '../mail/compose-letter.ts';
import { parseLetter } from '../mail/parse-letter.ts';
import { insertLetter } from '../mail/store-letter.ts';
import { checkOrganisationStatus } from './organisation-lifecycle.ts';
import { accounts } from './schema.ts';

export const RECHECK_JOB = 'accounts.registry_recheck';

export interface RecheckDeps {
  registry: StateRegistry;
  blobs: BlobStore;
  domain: string;
  everyMs: number;
  batch?: number;
}

/** The next periodic run (see periodic-job.ts). */
export const scheduleRecheck = (tx: Tx, everyMs: number, now = Date.now()) => schedulePeriodicJob(tx, RECHECK_JOB, everyMs, now);

/** Starts the chain of runs unless one is pending already. */
export const ensureRecheckScheduled = (tx: Tx, everyMs: number) => ensurePeriodicJobScheduled(tx, RECHECK_JOB, everyMs);

const NOTICE = {
  subject: 'Пошта жәшігі тоқтатылды / Почтовый ящик заморожен / Mailbox frozen',
  text: (bin: string) =>
    `Мемлекеттік тізілім БСН ${bin} ұйымын таратылған деп көрсетеді. Пошта жәшігі тоқтатылды: хаттарды оқуға және экспорттауға болады, анықтамалықта көрсетілмейді.\n\n` +
    `Государственный реестр сообщает, что организация с БИН ${bin} ликвидирована. Почтовый ящик заморожен: письма можно читать и выгрузить, в справочнике он больше не показывается.\n\n` +
    `The state registry reports the organisation with BIN ${bin} as liquidated. The mailbox is frozen: its letters can still be read and exported; it no longer appears in the directory.\n`,
};

async function deliverFreezeNotice(tx: Tx, deps: RecheckDeps, mailboxId: string, bin: string): Promise<void> {
  const mb = await tx.execute<{ address: string }>(sql`select address from mailboxes where id = ${mailboxId}`);
  if (!mb.rows[0]) return;
  const stream = composeLetter(
    { messageId: `<${randomUUID()}@${deps.domain}>`, from: { address: `no-reply@${deps.domain}`, name: 'Jashik' }, to: [mb.rows[0].address], cc: [], subject: NOTICE.subject, text: NOTICE.text(bin), attachments: [], date: new Date(), headers: { 'Auto-Submitted': 'auto-generated' } },
    1024 * 1024,
  );
  const raw = await deps.blobs.put(stream);
  const parsed = await parseLetter(await deps.blobs.get(raw.sha256));
  await insertLetter(tx, deps.blobs, { mailboxId, folder: 'inbox', direction: 'in', parsed, raw, verifiedSender: true, ignoreQuota: true });
}

/** One run: a batch of active organisations after `after` (by id); the first run of a period also schedules the next period. */
export function registryRecheckJob(deps: RecheckDeps): JobHandler {
  const batch = deps.batch ?? 200;
  return async (job, { tx, log }) => {
    const { after } = job.payload as { after?: string };
    if (!after) await scheduleRecheck(tx, deps.everyMs);
    const rows = await tx
      .select()
      .from(accounts)
      .where(and(eq(accounts.kind, 'organisation'), eq(accounts.status, 'active'), isNotNull(accounts.bin), isNotNull(accounts.mailboxId), after ? gt(accounts.id, after) : undefined))
      .orderBy(asc(accounts.id))
      .limit(batch);
    let frozen = 0;
    for (const account of rows) {
      try {
        // A savepoint per organisation in the job's transaction: the freeze and its notice commit together, with the run.
        const r = await tx.transaction(async (sp) => {
          const status = await checkOrganisationStatus({ db: sp as unknown as Db, registry: deps.registry }, account, { actor: 'system' });
          if (status === 'frozen') await deliverFreezeNotice(sp, deps, account.mailboxId!, account.bin!);
          return status;
        });
        if (r === 'frozen') frozen++;
      } catch (err) {
        log.warn({ accountId: account.id, err: (err as Error).message }, 'registry re-check of an organisation failed; next run asks again');
      }
    }
    if (rows.length === batch) {
      const last = rows[rows.length - 1].id;
      await enqueueJob(tx, { kind: RECHECK_JOB, payload: { after: last }, idempotencyKey: `${RECHECK_JOB}:${job.id}:${last}` });
    }
    await tx.execute(sql`delete from jobs where kind = ${RECHECK_JOB} and status = 'done' and completed_at < now() - interval '7 days'`);
    log.info({ checked: rows.length, frozen }, 'organisations re-checked against the state registry');
  };
}
