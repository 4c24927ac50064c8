/**
 * submitHybridLetter (MB-7, hybrid item): an e-letter accepted for delivery on paper.
 *
 * - Paper now: postal address validated, content printable → one transaction holds the item with
 *   its S10 number, the SubmissionAcceptance evidence, the audit row and the print-batch job.
 * - Digital first (`printIfUnreadDays`): the e-letter goes into the recipient's mailbox in the same
 *   transaction, and a job at the deadline (working days, Asia/Almaty) prints it if still unread.
 * - By IIN/BIN (organisations, tokens with scope `hybrid`): to the mailbox if one exists,
 *   else straight to paper at the address from the registry adapter.
 * Bad input changes nothing: every check runs before the transaction.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { validateIinOrBin } from '../../domain/iin-bin.ts';
import { AppError, fieldError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { compilePostcodePatterns, validateKzAddress, type KzAddress } from './address.ts';
import type { HybridConfig } from './hybrid-config.ts';
import { recordItemEvent, scheduleBatch } from './item-events.ts';
import type { AddressRegistry, EvidenceSigner, HybridActor, MailboxRef, MailDelivery } from './ports.ts';
import { allocateS10 } from './s10-allocate.ts';
import { checkAddressFits, checkContent, refuse } from './submit-input.ts';
import { priceOf } from './tariff.ts';
import { requireSender } from './authorise.ts';

export interface SubmitDeps {
  database: Database;
  blobs: BlobStore;
  signer: EvidenceSigner;
  config: HybridConfig;
  operator: string;
  mail: MailDelivery;
  registry: AddressRegistry;
}

export interface SubmitHybridInput {
  recipient: { address?: unknown; mailbox?: string; idNumber?: string };
  sender?: { name?: string; lines?: string[] };
  subject?: string;
  content: { text?: string; pdf?: Uint8Array };
  registered?: boolean;
  returnPolicy?: 'return_to_sender' | 'shred';
  printIfUnreadDays?: number;
  idempotencyKey?: string;
}

export interface SubmitHybridResult {
  itemId: string;
  mode: 'paper' | 'digital_first' | 'mailbox';
  s10: string | null;
  status: string;
  pages: number;
  priceTiyn: number | null;
  printCentre: string | null;
  printAfter: string | null;
  letterId: string | null;
  evidenceId: string | null;
  duplicate: boolean;
}

async function existing(tx: Tx, actor: string, key: string): Promise<SubmitHybridResult | undefined> {
  const r = await tx.execute<{ id: string; s10: string | null; status: string; content_pages: number; price_tiyn: number | null; print_centre: string | null; print_after: Date | null; letter_id: string | null; ev: string | null }>(sql`
    select i.id, i.s10, i.status, i.content_pages, i.price_tiyn, i.print_centre, i.print_after, i.letter_id,
           (select evidence_id::text from hybrid_events e where e.item_id = i.id and e.event = 'accepted') as ev
    from hybrid_items i where sender_actor = ${actor} and idempotency_key = ${key}`);
  const i = r.rows[0];
  if (!i) return undefined;
  const mode = i.s10 ? 'paper' : i.print_after ? 'digital_first' : 'mailbox';
  return { itemId: i.id, mode, s10: i.s10, status: i.status, pages: i.content_pages, priceTiyn: i.price_tiyn, printCentre: i.print_centre, printAfter: i.print_after ? new Date(i.print_after).toISOString() : null, letterId: i.letter_id, evidenceId: i.ev, duplicate: true };
}

export async function submitHybridLetter(deps: SubmitDeps, actorIn: HybridActor | undefined, input: SubmitHybridInput): Promise<SubmitHybridResult> {
  const { database, config } = deps;
  const actor = await requireSender(database, actorIn, input.recipient?.idNumber !== undefined);
  if (input.idempotencyKey) {
    const dup = await existing(database.db, actor.actor, input.idempotencyKey);
    if (dup) return dup;
  }
  const fields: FieldError[] = [];
  const rcpt = input.recipient ?? {};
  const days = input.printIfUnreadDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= config.printIfUnreadMaxDays)) {
    fields.push(fieldError('printIfUnreadDays', 'range', { kk: `1-ден ${config.printIfUnreadMaxDays}-ке дейінгі жұмыс күні`, ru: `От 1 до ${config.printIfUnreadMaxDays} рабочих дней`, en: `1 to ${config.printIfUnreadMaxDays} working days` }));
  }
  // Where it goes: a mailbox (by address or IIN/BIN) and/or a postal address.
  let mailbox: MailboxRef | null = null;
  if (rcpt.idNumber !== undefined) {
    const v = validateIinOrBin(String(rcpt.idNumber));
    if (!v.ok) fields.push(fieldError('recipient.idNumber', v.rule, v.message));
    else mailbox = await deps.mail.findMailboxByIdNumber(database.db, String(rcpt.idNumber));
  } else if (rcpt.mailbox !== undefined) {
    mailbox = await deps.mail.findMailbox(database.db, String(rcpt.mailbox).toLowerCase());
    if (!mailbox) fields.push(fieldError('recipient.mailbox', 'unknown_recipient', { kk: 'Мұндай пошта жәшігі жоқ', ru: 'Такого почтового ящика нет', en: 'There is no such mailbox' }));
    else if (days === undefined) fields.push(fieldError('printIfUnreadDays', 'required', { kk: 'Пошта жәшігіне жіберу үшін мерзімді көрсетіңіз', ru: 'Для отправки в ящик укажите срок', en: 'Sending to a mailbox needs printIfUnreadDays' }));
  }
  let address: KzAddress | null = null;
  if (rcpt.address !== undefined) {
    const a = validateKzAddress(rcpt.address, compilePostcodePatterns(config.postcodePatterns), 'recipient.address');
    if (!a.ok) fields.push(...a.fields);
    else { address = a.address; fields.push(...(await checkAddressFits(address, 'recipient.address'))); }
  } else if (rcpt.idNumber !== undefined && fields.length === 0 && (!mailbox || days !== undefined)) {
    const registered = await deps.registry.postalAddressOf(String(rcpt.idNumber));
    if (!registered) throw new AppError('HYBRID_NO_POSTAL_ADDRESS', { fields: [fieldError('recipient.address', 'unknown', { kk: 'Тізілімде мекенжай жоқ; мекенжайды көрсетіңіз', ru: 'В реестре нет адреса; укажите адрес', en: 'The registry has no address; give one' })] });
    // The registry's address is checked like a typed one; the sender cannot fix it, but may give one.
    const a = validateKzAddress(registered, compilePostcodePatterns(config.postcodePatterns), 'registry.postalAddress');
    const problems = a.ok ? await checkAddressFits(a.address, 'registry.postalAddress') : a.fields;
    if (problems.length > 0 || !a.ok) {
      throw new AppError('HYBRID_NO_POSTAL_ADDRESS', {
        detail: problems.map((f) => `${f.name}:${f.code}`).join(', '),
        fields: [...problems, fieldError('recipient.address', 'registry_address_unusable', { kk: 'Тізілімдегі мекенжай толық емес; мекенжайды көрсетіңіз', ru: 'Адрес в реестре неполный; укажите адрес', en: 'The registry\'s address is incomplete; give one' })],
      });
    }
    address = a.address;
  } else if (rcpt.mailbox === undefined && rcpt.idNumber === undefined) {
    fields.push(fieldError('recipient.address', 'required', { kk: 'Алушының мекенжайы міндетті', ru: 'Адрес получателя обязателен', en: 'The recipient address is required' }));
  }
  if (mailbox && days !== undefined && !address && rcpt.address === undefined) {
    fields.push(fieldError('recipient.address', 'required', { kk: 'Қағазға басу үшін пошта мекенжайы керек', ru: 'Для печати нужен почтовый адрес', en: 'Printing needs a postal address' }));
  }
  const checked = await checkContent(input.content, config);
  fields.push(...checked.fields);
  const senderMb = await database.db.execute<{ display_name: string; address: string }>(sql`select display_name, address from mailboxes where id = ${actor.mailboxId}`);
  const senderName = (input.sender?.name ?? senderMb.rows[0]?.display_name ?? '').trim().slice(0, 120);
  const senderLines = (input.sender?.lines ?? []).map((l) => String(l).trim().slice(0, 120)).filter(Boolean).slice(0, 3);
  if (!senderName) fields.push(fieldError('sender.name', 'required', { kk: 'Жіберушінің аты міндетті', ru: 'Имя отправителя обязательно', en: 'The sender name is required' }));
  if (fields.length > 0) refuse(fields);
  const content = checked.content!;

  const mode: SubmitHybridResult['mode'] = mailbox ? (days !== undefined ? 'digital_first' : 'mailbox') : 'paper';
  const registered = input.registered !== false;
  const printCentre = address ? config.printCentres[address.region] : null;
  const price = mode === 'mailbox' ? null : priceOf(config.tariff, registered, content.pages);
  const blob = await deps.blobs.put(content.bytes);
  const subject = (input.subject ?? '').slice(0, 200);
  const now = new Date();
  const printAfter = mode === 'digital_first' ? addWorkingDays(now, days!) : null;

  return database.db.transaction(async (tx) => {
    const s10 = mode === 'paper' ? await allocateS10(tx, registered ? config.serviceCodes.registered : config.serviceCodes.ordinary, config.country, now) : null;
    let letterId: string | null = null;
    if (mailbox) {
      const body = content.kind === 'text' ? Buffer.from(content.bytes).toString('utf8') : `${subject}\n\n(PDF)`;
      const delivered = await deps.mail.deliverToMailbox(tx, {
        mailboxId: mailbox.mailboxId, from: { address: senderMb.rows[0].address, name: senderName }, subject, text: body, verifiedSender: true,
        attachments: content.kind === 'pdf' ? [{ filename: 'letter.pdf', contentType: 'application/pdf', content: content.bytes }] : [],
      });
      letterId = delivered.letterId;
    }
    const ins = await tx.execute<{ id: string }>(sql`
      insert into hybrid_items (s10, sender_mailbox_id, sender_actor, sender, recipient_address, recipient_mailbox_id, recipient_id_number, region, print_centre,
        content_kind, content_sha256, content_size, content_pages, subject, registered, return_policy, status, letter_id, print_after, price_tiyn, idempotency_key, accepted_at, status_at)
      values (${s10}, ${actor.mailboxId}, ${actor.actor}, ${JSON.stringify({ name: senderName, lines: senderLines })}::jsonb, ${address ? JSON.stringify(address) : null}::jsonb,
        ${mailbox?.mailboxId ?? null}, ${rcpt.idNumber ?? null}, ${address?.region ?? null}, ${printCentre}, ${content.kind}, ${blob.sha256}, ${blob.size}, ${content.pages},
        ${subject}, ${registered}, ${input.returnPolicy ?? 'return_to_sender'}, ${mode === 'paper' ? 'accepted' : 'awaiting_read'}, ${letterId}, ${printAfter?.toISOString() ?? null}::timestamptz,
        ${price}, ${input.idempotencyKey ?? null}, ${mode === 'paper' ? now.toISOString() : null}::timestamptz, ${now.toISOString()}::timestamptz)
      on conflict (sender_actor, idempotency_key) do nothing
      returning id`);
    if (!ins.rows[0]) return (await existing(tx, actor.actor, input.idempotencyKey!))!;
    const itemId = ins.rows[0].id;
    await addBlobRef(tx, deps.blobs, blob, { kind: 'hybrid_item', id: itemId });
    const item = { id: itemId, s10, senderMailboxId: actor.mailboxId, contentSha256: blob.sha256, contentPages: content.pages };
    const ev = await recordItemEvent(tx, deps, item, {
      event: 'accepted', occurredAt: now, place: printCentre, actor: actor.actor, requestId: actor.requestId,
      extra: { mode, registered, priceTiyn: price, printAfter: printAfter?.toISOString() ?? null, recipientMailbox: mailbox?.address ?? null },
      keepStatus: true,
    });
    if (mode === 'paper') await scheduleBatch(tx, printCentre!, config.batchWindowMinutes, now);
    if (printAfter) await enqueueJob(tx, { kind: 'hybrid.print_if_unread', payload: { itemId }, idempotencyKey: `hybrid.print_if_unread:${itemId}`, runAt: printAfter });
    await appendAudit(tx, { type: 'hybrid.submitted', payload: { itemId, s10, mode: mode === 'paper' ? 'paper' : 'digital_first', contentKind: content.kind, pages: content.pages, printCentre } }, { actor: actor.actor, requestId: actor.requestId });
    return { itemId, mode, s10, status: mode === 'paper' ? 'accepted' : 'awaiting_read', pages: content.pages, priceTiyn: price, printCentre, printAfter: printAfter?.toISOString() ?? null, letterId, evidenceId: ev.evidenceId, duplicate: false };
  });
}
