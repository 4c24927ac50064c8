/**
 * registerPaperLetter (hybrid item, paper → e-mailbox): a clerk at a post office registers an
 * incoming paper letter — its scanned pages (PDF, TIFF or JPEG), the addressee (a mailbox
 * address, an IIN/BIN through the directory, or an external e-mail address) and the sender as
 * written on the envelope. In one transaction: the e-letter with the scans is delivered (or
 * queued for relay), a `ReceivedFromNonERDS` evidence signed by the operator states the post
 * office, the clerk, the time and the SHA-256 of each page, and the paper original's fate.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { validateIinOrBin } from '../../domain/iin-bin.ts';
import { AppError, fieldError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireStaff } from './authorise.ts';
import { issueHybridEvidence } from './evidence.ts';
import type { HybridConfig } from './hybrid-config.ts';
import type { EvidenceSigner, HybridActor, MailboxRef, MailDelivery } from './ports.ts';
import { PDFDocument } from 'pdf-lib';

export interface PaperLetterInput {
  addressee: { mailbox?: string; idNumber?: string; email?: string };
  senderAsWritten: string;
  scans: Uint8Array[];
  originalFate?: 'kept' | 'returned' | 'destroyed';
  keepDays?: number;
  idempotencyKey?: string;
}

export interface PaperLetterResult {
  paperLetterId: string;
  deliveredTo: string;
  letterId: string | null;
  evidenceId: string;
  scans: { sha256: string; size: number; contentType: string }[];
  keepUntil: string | null;
}

const EMAIL_RE = /^[^\s@<>]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,}$/i;

/** The scan's real type from its first bytes (never the client's word). */
export function sniffScanType(b: Uint8Array): 'application/pdf' | 'image/tiff' | 'image/jpeg' | null {
  if (b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'image/tiff';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return null;
}

export async function registerPaperLetter(
  deps: { database: Database; blobs: BlobStore; signer: EvidenceSigner; operator: string; mail: MailDelivery; config: HybridConfig },
  actorIn: HybridActor | undefined,
  input: PaperLetterInput,
): Promise<PaperLetterResult> {
  const { database } = deps;
  const clerk = await requireStaff(database, actorIn, ['clerk'], 'registerPaperLetter');
  const fields: FieldError[] = [];
  const scans = input.scans ?? [];
  if (scans.length === 0 || scans.length > 50) fields.push(fieldError('scans', 'count', { kk: '1-ден 50-ге дейін скан', ru: 'От 1 до 50 сканов', en: '1 to 50 scans' }));
  const types = scans.map((s) => sniffScanType(s));
  for (let i = 0; i < scans.length; i++) {
    if (!types[i]) { fields.push(fieldError(`scans[${i}]`, 'unsupported_type', { kk: 'Скан PDF, TIFF немесе JPEG болуы керек', ru: 'Скан должен быть PDF, TIFF или JPEG', en: 'A scan must be a PDF, TIFF or JPEG' })); continue; }
    if (types[i] === 'application/pdf') {
      try { await PDFDocument.load(scans[i], { updateMetadata: false }); } catch { fields.push(fieldError(`scans[${i}]`, 'corrupted', { kk: 'PDF бүлінген', ru: 'PDF повреждён', en: 'The PDF is damaged' })); }
    }
  }
  if (fields.some((f) => f.code === 'unsupported_type')) throw new AppError('HYBRID_SCAN_UNSUPPORTED', { fields });
  const senderAsWritten = String(input.senderAsWritten ?? '').trim().slice(0, 300);
  if (!senderAsWritten) fields.push(fieldError('senderAsWritten', 'required', { kk: 'Конверттегі жіберуші міндетті', ru: 'Отправитель с конверта обязателен', en: 'The sender as written on the envelope is required' }));
  const a = input.addressee ?? {};
  let mailbox: MailboxRef | null = null;
  let email: string | null = null;
  if (a.mailbox) {
    mailbox = await deps.mail.findMailbox(database.db, a.mailbox.toLowerCase());
    if (!mailbox) fields.push(fieldError('addressee.mailbox', 'unknown_recipient', { kk: 'Мұндай пошта жәшігі жоқ', ru: 'Такого почтового ящика нет', en: 'There is no such mailbox' }));
  } else if (a.idNumber) {
    const v = validateIinOrBin(a.idNumber);
    if (!v.ok) fields.push(fieldError('addressee.idNumber', v.rule, v.message));
    else if (!(mailbox = await deps.mail.findMailboxByIdNumber(database.db, a.idNumber))) fields.push(fieldError('addressee.idNumber', 'no_mailbox', { kk: 'Бұл ЖСН/БСН үшін пошта жәшігі жоқ', ru: 'Для этого ИИН/БИН нет почтового ящика', en: 'No mailbox for this IIN/BIN' }));
  } else if (a.email && EMAIL_RE.test(a.email)) {
    email = a.email.toLowerCase();
  } else {
    fields.push(fieldError('addressee', 'required', { kk: 'Алушыны көрсетіңіз', ru: 'Укажите адресата', en: 'Give the addressee: mailbox, IIN/BIN or e-mail address' }));
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });

  const stored: { sha256: string; size: number; contentType: string }[] = [];
  for (let i = 0; i < scans.length; i++) stored.push({ ...(await deps.blobs.put(scans[i])), contentType: types[i]! });
  const fate = input.originalFate ?? 'kept';
  const keepUntil = fate === 'kept' ? new Date(Date.now() + (input.keepDays ?? deps.config.paperKeepDays) * 86_400_000) : null;
  const receivedAt = new Date();
  const office = clerk.postOfficeId
    ? (await database.db.execute<{ id: string; code: string; name: string }>(sql`select id, code, name from post_offices where id = ${clerk.postOfficeId}`)).rows[0] ?? null
    : null;

  return database.db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const dup = await tx.execute<{ id: string }>(sql`select id from hybrid_paper_letters where clerk_actor = ${clerk.actor} and idempotency_key = ${input.idempotencyKey}`);
      if (dup.rows[0]) throw new AppError('CONFLICT', { detail: `paper letter ${dup.rows[0].id} was already registered with this key` });
    }
    const ext = (t: string) => (t === 'application/pdf' ? 'pdf' : t === 'image/tiff' ? 'tif' : 'jpg');
    const letter = {
      from: { address: `post-office@${deps.operator}`, name: `${office?.name ?? 'Пошта'} — ${senderAsWritten}`.slice(0, 200) },
      subject: `Қағаз хат / Бумажное письмо: ${senderAsWritten}`.slice(0, 200),
      text: `Қағаз хат сканерленді / Бумажное письмо отсканировано.\nЖіберуші / Отправитель: ${senderAsWritten}\nБөлімше / Отделение: ${office?.code ?? '-'} ${office?.name ?? ''}\n`,
      attachments: scans.map((s, i) => ({ filename: `scan-${i + 1}.${ext(stored[i].contentType)}`, contentType: stored[i].contentType, content: s })),
      verifiedSender: true,
    };
    let letterId: string | null = null;
    let deliveredTo: string;
    if (mailbox) {
      letterId = (await deps.mail.deliverToMailbox(tx, { ...letter, mailboxId: mailbox.mailboxId })).letterId;
      deliveredTo = mailbox.address;
    } else {
      await deps.mail.relayToExternal(tx, { ...letter, to: email! });
      deliveredTo = email!;
    }
    const ins = await tx.execute<{ id: string }>(sql`
      insert into hybrid_paper_letters (post_office_id, clerk_actor, addressee, delivered_to, sender_as_written, scans, letter_id, original_fate, keep_until, fate_recorded_at, idempotency_key, received_at)
      values (${clerk.postOfficeId ?? null}, ${clerk.actor}, ${JSON.stringify(a)}::jsonb, ${deliveredTo}, ${senderAsWritten}, ${JSON.stringify(stored)}::jsonb, ${letterId},
              ${fate}, ${keepUntil?.toISOString() ?? null}::timestamptz, ${fate === 'kept' ? null : receivedAt.toISOString()}::timestamptz, ${input.idempotencyKey ?? null}, ${receivedAt.toISOString()}::timestamptz)
      returning id`);
    const paperLetterId = ins.rows[0].id;
    for (const s of stored) await addBlobRef(tx, deps.blobs, s, { kind: 'hybrid_paper_letter', id: `${paperLetterId}:${s.sha256}` });
    const evidence = await issueHybridEvidence(tx, deps, {
      event: 'ReceivedFromNonERDS', paperLetterId, eventTime: receivedAt,
      body: {
        paperLetter: { id: paperLetterId, senderAsWritten, deliveredTo, originalFate: fate, keepUntil: keepUntil?.toISOString() ?? null },
        postOffice: office ? { id: office.id, code: office.code, name: office.name } : null,
        clerk: clerk.actor,
        receivedAt: receivedAt.toISOString(),
        scans: stored.map((s, i) => ({ page: i + 1, contentType: s.contentType, size: s.size, sha256: s.sha256 })),
        scansSha256: createHash('sha256').update(stored.map((s) => s.sha256).join('\n')).digest('hex'),
      },
    });
    await tx.execute(sql`update hybrid_paper_letters set evidence_id = ${evidence.id} where id = ${paperLetterId}`);
    await appendAudit(tx, { type: 'hybrid.paper_registered', payload: { paperLetterId, postOfficeId: clerk.postOfficeId ?? null, deliveredTo, scans: stored.length, evidenceId: evidence.id } }, { actor: clerk.actor, requestId: clerk.requestId });
    return { paperLetterId, deliveredTo, letterId, evidenceId: evidence.id, scans: stored.map(({ sha256, size, contentType }) => ({ sha256, size, contentType })), keepUntil: keepUntil?.toISOString() ?? null };
  });
}
