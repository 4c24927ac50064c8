/**
 * Step 1 of registering an outgoing document (DF-12, DF-19): the records officer asks for the
 * card. The form is checked (mandatory requisites, every content file signed, the head's
 * signature where the type needs it, an official recipient); a number is reserved from the
 * organisation's sequence and the RCC is built with a fresh nonce for the officer to sign.
 * Asking again keeps the number and renews the nonce.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireOfficial, requireRoles } from './access.ts';
import { field, refuse } from './field-texts.ts';
import type { SignerRecord } from './keys.ts';
import { loadDocument, type DocumentRow, type FileRow } from './load-document.ts';
import { nextNumber } from './numbering.ts';
import { canonicalBytes, RCC_TYPE, sha256Hex, SOFTWARE, type RccDocument } from './rcc.ts';
import { currentReference, referenceVersion, type DocumentTypeData, type NomenclatureData } from './reference.ts';
import { checkRequisites } from './requisites.ts';
import { docflowRegistrations } from './schema.ts';
import type { DocflowActor, MembershipPolicy } from './types.ts';

/** DF-12 form check; returns field errors. */
export async function formErrors(deps: { membership: MembershipPolicy }, doc: DocumentRow, files: FileRow[], type: DocumentTypeData): Promise<FieldError[]> {
  const errors = checkRequisites(doc.requisites as Record<string, unknown>, doc.card as Record<string, unknown>, type.mandatory);
  const content = files.filter((f) => f.role === 'content');
  content.forEach((f) => {
    if (!f.cms || (f.signers as SignerRecord[]).length === 0) errors.push(field(`files[${f.position}]`, 'not_signed'));
  });
  if (type.requiresHeadSignature) {
    let head = false;
    for (const f of content) {
      for (const s of f.signers as SignerRecord[]) {
        if (s.roles.includes('first_head')) head = true;
        else if (s.iin && (await deps.membership.rolesOf({ accountId: '', iin: s.iin }, doc.senderMailboxId)).includes('head')) head = true;
      }
    }
    if (!head) errors.push(field('signatures', 'head_required'));
  }
  return errors;
}

export async function prepareRegistration(
  deps: { database: Database; membership: MembershipPolicy; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
  input: { nomenclatureIndex?: string } = {},
): Promise<{ registrationId: string; number: string; card: string }> {
  const db = deps.database.db;
  const { doc: peek } = await loadDocument(db, documentId);
  const { actor: who } = await requireRoles(deps, actor, peek.senderMailboxId, ['records_officer'], 'prepareRegistration');
  return db.transaction(async (tx) => {
    const { doc, files } = await loadDocument(tx, documentId, { forUpdate: true });
    if (doc.status !== 'signed') throw new AppError('DOCFLOW_WRONG_STATE', { detail: `document is ${doc.status}`, fields: doc.status === 'draft' ? [field('signatures', 'not_signed')] : [] });
    const type = await referenceVersion<DocumentTypeData>(tx, 'document_type', doc.typeCode, doc.typeVersion);
    if (!type) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('typeCode', 'unknown_type')]);
    const errors = await formErrors(deps, doc, files, type.data);
    const card = doc.card as Record<string, unknown>;
    const index = input.nomenclatureIndex ?? (card.nomenclatureIndex as string | undefined);
    if (!index) errors.push(field('nomenclatureIndex', 'required'));
    else if (!(await currentReference<NomenclatureData>(tx, 'nomenclature', index))) errors.push(field('nomenclatureIndex', 'unknown_index'));
    if (!doc.recipientMailboxId) errors.push(field('recipientMailboxId', 'required'));
    if (errors.length) throw refuse('DOCFLOW_DOCUMENT_INVALID', errors);
    const sender = await requireOfficial(tx, doc.senderMailboxId, 'senderMailboxId', { organisation: true });
    const recipient = await requireOfficial(tx, doc.recipientMailboxId!, 'recipientMailboxId');
    const now = deps.now();
    const [existing] = await tx.select().from(docflowRegistrations).where(and(eq(docflowRegistrations.documentId, documentId), eq(docflowRegistrations.mailboxId, doc.senderMailboxId), eq(docflowRegistrations.journal, 'outgoing')));
    const fresh = existing ? undefined : { id: randomUUID(), ...(await nextNumber(tx, doc.senderMailboxId, 'outgoing', index!, now)) };
    const registrationId = existing?.id ?? fresh!.id;
    const number = existing?.number ?? fresh!.number;
    const regDate = existing?.registrationDate ?? fresh!.date;
    const nonce = randomBytes(24).toString('base64url');
    const rcc: RccDocument = {
      type: RCC_TYPE, version: 1, issuedAt: now.toISOString(), nonce, documentId,
      software: SOFTWARE,
      documentType: { code: doc.typeCode, version: doc.typeVersion, name: { kk: type.data.name.kk, ru: type.data.name.ru } },
      date: doc.documentDate!,
      registration: { journal: 'outgoing', number, date: regDate, nomenclatureIndex: existing?.nomenclatureIndex ?? index! },
      author: doc.author as RccDocument['author'],
      sender: { address: sender.address, bin: sender.bin, name: sender.display_name },
      recipient: { address: recipient.address, bin: recipient.bin, iin: recipient.kind === 'personal' ? recipient.iin : null, name: recipient.display_name },
      medium: doc.medium, stateSecret: false,
      requisites: doc.requisites as Record<string, unknown>,
      card: { ...card, nomenclatureIndex: existing?.nomenclatureIndex ?? index },
      files: files.map((f) => ({
        position: f.position, role: f.role, filename: f.filename, format: f.format, size: f.size, sha256: f.sha256,
        cmsSha256: f.cms ? sha256Hex(f.cms) : null,
        signers: (f.signers as SignerRecord[]).map((s) => ({ iin: s.iin, bin: s.bin, serialNumber: s.serialNumber, name: s.name })),
      })),
    };
    const bytes = canonicalBytes(rcc);
    if (existing) {
      await tx.update(docflowRegistrations).set({ pendingCard: bytes, nonce }).where(eq(docflowRegistrations.id, existing.id));
    } else {
      const r = fresh!;
      await tx.insert(docflowRegistrations).values({
        id: r.id, documentId, mailboxId: doc.senderMailboxId, journal: 'outgoing', status: 'reserved', year: r.year, nomenclatureIndex: index!,
        number: r.number, registeredAt: now, registrationDate: r.date, registeredBy: who.accountId, pendingCard: bytes, nonce,
        controlMark: card.controlMark === true,
      });
      await appendAudit(tx, { type: 'docflow.registration_reserved', payload: { documentId, mailboxId: doc.senderMailboxId, journal: 'outgoing', number: r.number } }, { actor: who.actor, requestId: who.requestId });
    }
    return { registrationId, number, card: bytes.toString('utf8') };
  });
}
