/**
 * The part of an application that both channels share (MB-5.1 online, MB-5.2 counter): in one
 * transaction, the login checked free (MB-10, MB-2: also against closed mailboxes), one active
 * mailbox per IIN and per BIN, then the mailbox (MB-6: it exists from the moment the
 * application is accepted), the account, the application record, the directory entry (MB-12),
 * the agreement acceptance (MB-3) and the audit entry.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import type { AgreementVersion } from './agreements.ts';
import { recordAcceptance } from './agreements.ts';
import type { Applicant } from './application-form.ts';
import { field, refuse } from './field-errors.ts';
import { accounts, applications, directoryEntries } from './schema.ts';

export interface NewMailboxAccount {
  applicant: Applicant;
  login: string;
  /** null: the owner sets the password at first login with an activation code. */
  passwordHash: string | null;
  /** The person who applied: the individual, or the head who signed for the legal entity. */
  personIin?: string;
  agreement: AgreementVersion;
  application: {
    channel: 'online' | 'counter';
    canonical?: string;
    cms?: Buffer;
    signer?: Record<string, unknown>;
    clerkId?: string;
    postOfficeId?: string;
    identityDocumentChecked?: string;
    scan?: { sha256: string; contentType: string };
  };
}

export interface CreatedMailboxAccount {
  accountId: string;
  mailboxId: string;
  applicationId: string;
  login: string;
  address: string;
  kind: 'personal' | 'organisation';
}

async function lock(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export async function loginTaken(tx: Tx, login: string): Promise<boolean> {
  const a = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, login)).limit(1);
  if (a.length > 0) return true;
  const m = await tx.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.login, login)).limit(1);
  return m.length > 0;
}

export async function createMailboxAccount(tx: Tx, domain: string, n: NewMailboxAccount, ctx: AuditContext): Promise<CreatedMailboxAccount> {
  const a = n.applicant;
  const kind = a.kind === 'individual' ? ('personal' as const) : ('organisation' as const);
  const number = a.kind === 'individual' ? a.iin : a.bin;
  await lock(tx, `login:${n.login}`);
  await lock(tx, `${kind}:${number}`);
  if (await loginTaken(tx, n.login)) throw refuse('LOGIN_TAKEN', [field('login', 'login_taken', 'taken')]);
  const existing = await tx
    .select({ id: directoryEntries.mailboxId })
    .from(directoryEntries)
    .where(and(eq(directoryEntries.active, true), eq(directoryEntries.kind, kind), a.kind === 'individual' ? eq(directoryEntries.iin, number) : eq(directoryEntries.bin, number)))
    .limit(1);
  // The existing address is not hinted at: the applicant may not be its owner (privacy).
  if (existing.length > 0) throw refuse('ALREADY_REGISTERED', [field(a.kind === 'individual' ? 'applicant.iin' : 'applicant.bin', 'already_registered', 'exists')]);

  const address = `${n.login}@${domain}`;
  const [mailbox] = await tx
    .insert(mailboxes)
    .values({ login: n.login, address, kind, iin: a.kind === 'individual' ? a.iin : (n.personIin ?? null), bin: a.kind === 'legal_entity' ? a.bin : null, displayName: a.fullName })
    .returning({ id: mailboxes.id });
  const [account] = await tx
    .insert(accounts)
    .values({
      login: n.login,
      kind,
      mailboxId: mailbox.id,
      iin: a.kind === 'individual' ? a.iin : (n.personIin ?? null),
      bin: a.kind === 'legal_entity' ? a.bin : null,
      passwordHash: n.passwordHash,
      status: n.passwordHash ? 'active' : 'pending_activation',
      profile: a,
    })
    .returning({ id: accounts.id });
  const app = n.application;
  const [application] = await tx
    .insert(applications)
    .values({
      applicantKind: a.kind,
      channel: app.channel,
      form: { applicant: a, login: n.login },
      canonical: app.canonical ?? null,
      cms: app.cms ?? null,
      signer: app.signer ?? null,
      accountId: account.id,
      mailboxId: mailbox.id,
      clerkId: app.clerkId ?? null,
      postOfficeId: app.postOfficeId ?? null,
      identityDocumentChecked: app.identityDocumentChecked ?? null,
      scanSha256: app.scan?.sha256 ?? null,
      scanContentType: app.scan?.contentType ?? null,
    })
    .returning({ id: applications.id });
  await tx.insert(directoryEntries).values({ mailboxId: mailbox.id, kind, iin: a.kind === 'individual' ? a.iin : null, bin: a.kind === 'legal_entity' ? a.bin : null, address, displayName: a.fullName });
  const actx = { ...ctx, actor: ctx.actor ?? `user:${account.id}` };
  await recordAcceptance(tx, account.id, n.agreement, app.channel, actx);
  await appendAudit(
    tx,
    {
      type: 'application.accepted',
      payload: {
        applicationId: application.id,
        channel: app.channel,
        applicantKind: a.kind,
        mailboxId: mailbox.id,
        address,
        ...(app.signer?.serialNumber ? { signerCertificate: String(app.signer.serialNumber) } : {}),
        ...(app.postOfficeId ? { postOfficeId: app.postOfficeId } : {}),
      },
    },
    actx,
  );
  return { accountId: account.id, mailboxId: mailbox.id, applicationId: application.id, login: n.login, address, kind };
}
