/**
 * createDocument (DF-2 … DF-5, DF-20): a draft e-document in an organisation's official mailbox,
 * with its content files, attachments and requisites. Everything is checked before anything is
 * stored; the files go to the blob store and the rows, blob references and audit entry commit
 * together.
 */
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Database } from '../../storage/db/database.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireOfficial, requireRoles } from './access.ts';
import { checkFiles, PAPER_COPY_CONTENT_FORMATS, type CheckedFile, type NewFile } from './check-files.ts';
import { field, refuse } from './field-texts.ts';
import { currentReference, type DocumentTypeData, type NomenclatureData } from './reference.ts';
import { checkRequisites, type CardRequisites, type ContentRequisites } from './requisites.ts';
import { docflowDocuments, docflowFiles } from './schema.ts';
import { extractText, MAX_TEXT_CHARS } from './text-extract.ts';
import type { DocflowActor, MembershipPolicy } from './types.ts';

export interface CreateDocumentInput {
  senderMailboxId: string;
  recipientMailboxId?: string;
  typeCode: string;
  requisites: ContentRequisites;
  card: CardRequisites;
  /** DF-20: a document marked as containing state secrets is refused. */
  stateSecret?: boolean;
  /** DF-6/DF-18: an electronic copy of a paper document. */
  medium?: 'electronic' | 'paper';
  files: NewFile[];
}

export const DOCUMENT_BLOB_OWNER = 'docflow.document';

export async function createDocument(
  deps: { database: Database; blobs: BlobStore; membership: MembershipPolicy },
  actor: DocflowActor | undefined,
  input: CreateDocumentInput,
): Promise<{ id: string }> {
  const { actor: who } = await requireRoles(deps, actor, input.senderMailboxId, ['head', 'signatory', 'records_officer', 'executor'], 'createDocument');
  if (input.stateSecret === true) throw refuse('DOCFLOW_STATE_SECRET', [field('stateSecret', 'state_secret')]);
  const db = deps.database.db;
  await requireOfficial(db, input.senderMailboxId, 'senderMailboxId', { organisation: true });
  if (input.recipientMailboxId) await requireOfficial(db, input.recipientMailboxId, 'recipientMailboxId');
  const files = checkFiles(input.files, undefined, input.medium === 'paper' ? PAPER_COPY_CONTENT_FORMATS : undefined);
  const type = await currentReference<DocumentTypeData>(db, 'document_type', input.typeCode);
  if (!type) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('typeCode', 'unknown_type')]);
  const requisites = (input.requisites ?? {}) as Record<string, unknown>;
  const card = { ...(input.medium === 'paper' && !input.card?.paperOriginal ? { paperOriginal: 'paper_original' } : {}), ...(input.card ?? {}) } as Record<string, unknown>;
  const errors = checkRequisites(requisites, card, type.data.mandatory);
  if (input.card?.nomenclatureIndex && !(await currentReference<NomenclatureData>(db, 'nomenclature', input.card.nomenclatureIndex))) {
    errors.push(field('card.nomenclatureIndex', 'unknown_index'));
  }
  if (errors.length) throw refuse('DOCFLOW_DOCUMENT_INVALID', errors);

  const stored: (CheckedFile & { sha256: string; size: number; text: string })[] = [];
  for (const f of files) stored.push({ ...f, ...(await deps.blobs.put(f.content)), text: extractText(f.format, f.content) });
  const id = randomUUID();
  const searchText = [input.card.subject, input.requisites.title, input.requisites.addressee, input.requisites.senderName, ...stored.map((f) => f.text)]
    .filter(Boolean).join('\n').toLowerCase().slice(0, MAX_TEXT_CHARS);
  await db.transaction(async (tx) => {
    await tx.insert(docflowDocuments).values({
      id, senderMailboxId: input.senderMailboxId, recipientMailboxId: input.recipientMailboxId ?? null,
      authorAccountId: who.accountId, author: { accountId: who.accountId, iin: who.iin, name: who.displayName ?? null },
      typeCode: type.code, typeVersion: type.version, requisites, card, medium: input.medium ?? 'electronic', searchText,
    });
    let position = 0;
    for (const f of stored) {
      await tx.insert(docflowFiles).values({ documentId: id, position: position++, role: f.role, filename: f.filename, format: f.format, sha256: f.sha256, size: f.size, text: f.text });
      await addBlobRef(tx, deps.blobs, f, { kind: DOCUMENT_BLOB_OWNER, id });
    }
    await appendAudit(tx, { type: 'docflow.document_created', payload: { documentId: id, mailboxId: input.senderMailboxId, typeCode: type.code, files: stored.length, bytes: stored.reduce((n, f) => n + f.size, 0) } }, { actor: who.actor, requestId: who.requestId });
  });
  return { id };
}
