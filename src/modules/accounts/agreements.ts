/**
 * The user agreement (MB-3): versions with texts in kk, ru and en, the current one published
 * at a public URL, each acceptance recorded with the version's hash, the time and the account.
 * The first start publishes the bundled version; an operator admin publishes later ones, and
 * existing users accept the new one at their next sign-in.
 */
import { createHash } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { agreementAcceptances, agreementVersions } from './schema.ts';
import { canonicalJson } from './signed-document.ts';
import { field, refuse } from './field-errors.ts';
import { sessionsChanged } from './session-cache.ts';

export type AgreementVersion = typeof agreementVersions.$inferSelect;

export function agreementHash(a: { version: string; textKk: string; textRu: string; textEn: string }): string {
  return createHash('sha256').update(canonicalJson({ version: a.version, kk: a.textKk, ru: a.textRu, en: a.textEn })).digest('hex');
}

/** The bundled first version; the domain of the addresses is stated in it (MB-2). */
export function defaultAgreementTexts(domain: string): { version: string; textKk: string; textRu: string; textEn: string } {
  return {
    version: '2026-1',
    textKk:
      `Электрондық абоненттік пошта жәшігіне қызмет көрсету туралы пайдаланушы келісімі. Ұлттық пошта операторы пайдаланушыға ${domain} доменінде ` +
      'тегін жеке электрондық абоненттік пошта жәшігін ашады, оның жұмысын және хат алмасу құпиясын қамтамасыз етеді. Мекенжай бірегей және қайталанбайды. ' +
      'Пайдаланушы логин мен құпиясөзін сақтайды, ресми хаттар үшін жеке кабинет деректерін ЭЦҚ-мен растайды. Өтінішке қол қою арқылы пайдаланушы ' +
      'Қазақстан Республикасы Азаматтық кодексінің 389-бабына сәйкес осы келісімге қосылады.',
    textRu:
      `Пользовательское соглашение на обслуживание электронного абонентского почтового ящика. Национальный оператор почты создаёт пользователю ` +
      `бесплатно личный электронный абонентский почтовый ящик в домене ${domain}, обеспечивает его функционирование и тайну переписки. Адрес уникален и ` +
      'не повторяется. Пользователь хранит логин и пароль, для официальной переписки подтверждает данные личного кабинета ЭЦП. Подписывая заявление, ' +
      'пользователь присоединяется к настоящему соглашению в соответствии со статьёй 389 Гражданского кодекса Республики Казахстан.',
    textEn:
      `User agreement for the service of an electronic subscriber mailbox. The National Postal Operator creates for the user, free of charge, a personal ` +
      `electronic subscriber mailbox in the domain ${domain}, keeps it working and keeps the correspondence secret. The address is unique and never reused. ` +
      'The user keeps the login and password safe and, for official correspondence, confirms the cabinet data with EDS. By signing the application the user ' +
      'accedes to this agreement under article 389 of the Civil Code of the Republic of Kazakhstan.',
  };
}

/** The current version (the latest published); publishes the bundled one on first use. */
export async function currentAgreement(tx: Tx, domain: string): Promise<AgreementVersion> {
  const [row] = await tx.select().from(agreementVersions).orderBy(desc(agreementVersions.id)).limit(1);
  if (row) return row;
  const texts = defaultAgreementTexts(domain);
  const inserted = await tx
    .insert(agreementVersions)
    .values({ ...texts, sha256: agreementHash(texts), publishedBy: 'system' })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) {
    sessionsChanged('*');
    await appendAudit(tx, { type: 'agreement.published', payload: { version: texts.version, sha256: inserted[0].sha256 } }, { actor: 'system' });
    return inserted[0];
  }
  const [again] = await tx.select().from(agreementVersions).orderBy(desc(agreementVersions.id)).limit(1);
  return again;
}

export async function publishAgreement(tx: Tx, texts: { version: string; textKk: string; textRu: string; textEn: string }, ctx: AuditContext): Promise<AgreementVersion> {
  const exists = await tx.select({ id: agreementVersions.id }).from(agreementVersions).where(eq(agreementVersions.version, texts.version));
  if (exists.length > 0) throw refuse('CONFLICT', [field('version', 'agreement_not_current', 'exists')]);
  const [row] = await tx.insert(agreementVersions).values({ ...texts, sha256: agreementHash(texts), publishedBy: ctx.actor ?? 'system' }).returning();
  sessionsChanged('*');
  await appendAudit(tx, { type: 'agreement.published', payload: { version: row.version, sha256: row.sha256 } }, ctx);
  return row;
}

/** Refuses unless `version` (and its hash, when given) is the current agreement. */
export async function requireCurrentAgreement(tx: Tx, domain: string, version: unknown, sha256?: unknown, fieldName = 'agreement.version'): Promise<AgreementVersion> {
  const current = await currentAgreement(tx, domain);
  if (version !== current.version || (sha256 !== undefined && sha256 !== current.sha256)) {
    throw refuse('AGREEMENT_NOT_CURRENT', [field(fieldName, 'agreement_not_current', 'not_current')]);
  }
  return current;
}

export async function recordAcceptance(tx: Tx, accountId: string, agreement: AgreementVersion, channel: 'online' | 'counter' | 'login', ctx: AuditContext): Promise<void> {
  await tx.insert(agreementAcceptances).values({ accountId, agreementVersionId: agreement.id, sha256: agreement.sha256, channel });
  await tx.execute(sql`update accounts set agreement_version_id = ${agreement.id} where id = ${accountId}`);
  sessionsChanged(accountId);
  await appendAudit(tx, { type: 'agreement.accepted', payload: { accountId, version: agreement.version, sha256: agreement.sha256, channel } }, ctx);
}
