import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { openFsBlobStore } from '../../storage/blobs/fs-blob-store.ts';
import { AppError } from '../../shared/errors.ts';
import { makeCa } from '../pki/testkit.ts';
import { createDocument, type CreateDocumentInput } from './create-document.ts';
import { seedDefaultReference } from './default-reference.ts';
import { baseDeps, docxFile, insertMailbox, LETTER_REQUISITES, makePerson } from './testing.ts';
import type { DocflowActor } from './types.ts';

let t: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-docflow-'));
const blobs = openFsBlobStore(dir);
const ca = makeCa();
let deps: ReturnType<typeof baseDeps>;
let org: { id: string; bin: string | null };
const executor: DocflowActor = { accountId: 'a-exec', iin: '900101300001', actor: 'user:a-exec' };

before(async () => {
  t = await createTestDatabase();
  await seedDefaultReference(t.database);
  deps = baseDeps(t.database, blobs, ca, makePerson(ca));
  org = await insertMailbox(t.database);
  deps.membership.grant(org.id, executor.iin!, 'executor');
});
after(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function input(over: Partial<CreateDocumentInput> = {}): CreateDocumentInput {
  return { senderMailboxId: org.id, typeCode: 'letter', ...LETTER_REQUISITES, files: [docxFile()], ...over };
}

async function count(table: string): Promise<number> {
  const r = await t.database.db.execute<{ n: string }>(sql.raw(`select count(*) as n from ${table}`));
  return Number(r.rows[0].n);
}

async function refused(fn: () => Promise<unknown>, code: string, fieldName?: string): Promise<AppError> {
  const before = await count('docflow_documents');
  const err: unknown = await fn().then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, code, err.detail ?? '');
  if (fieldName) assert.ok(err.fields.some((f) => f.name === fieldName), JSON.stringify(err.fields.map((f) => [f.name, f.code])));
  assert.equal(await count('docflow_documents'), before, 'nothing registered');
  return err;
}

test('DF-3: a draft with a DOCX content file and the mandatory requisites is created and its blob referenced', async () => {
  const { id } = await createDocument(deps, executor, input());
  const refs = await t.database.db.execute<{ n: string }>(sql`select count(*) as n from blob_refs where owner_kind = 'docflow.document' and owner_id = ${id}`);
  assert.equal(Number(refs.rows[0].n), 1);
  const doc = await t.database.db.execute<{ status: string; search_text: string }>(sql`select status, search_text from docflow_documents where id = ${id}`);
  assert.equal(doc.rows[0].status, 'draft');
  assert.match(doc.rows[0].search_text, /сынақ хаты/);
});

test('DF-2: a seventh attachment is refused naming the field', async () => {
  const pdf = (i: number) => ({ role: 'attachment' as const, filename: `қосымша-${i}.pdf`, content: Buffer.from(`%PDF-1.4\n${i}\n%%EOF`) });
  await createDocument(deps, executor, input({ files: [docxFile(), ...[1, 2, 3, 4, 5, 6].map(pdf)] }));
  await refused(() => createDocument(deps, executor, input({ files: [docxFile(), ...[1, 2, 3, 4, 5, 6, 7].map(pdf)] })), 'DOCFLOW_DOCUMENT_INVALID', 'files[7]');
});

test('DF-2: 60 MB + 1 byte over all files is refused, exactly 60 MB is accepted', async () => {
  const docx = docxFile();
  const fill = (n: number) => ({ role: 'attachment' as const, filename: 'scan.tif', content: Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(n - 4)]) });
  const limit = 62_914_560;
  await refused(() => createDocument(deps, executor, input({ files: [docx, fill(limit - docx.content.length + 1)] })), 'DOCFLOW_TOO_LARGE', 'files');
  await createDocument(deps, executor, input({ files: [docx, fill(limit - docx.content.length)] }));
});

test('DF-3: an EXE renamed to .pdf is refused by its content (magic bytes), naming the file', async () => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
  const err = await refused(() => createDocument(deps, executor, input({ files: [docxFile(), { role: 'attachment', filename: 'invoice.pdf', content: exe }] })), 'DOCFLOW_DOCUMENT_INVALID', 'files[1].content');
  assert.equal(err.fields[0].code, 'format_mismatch');
});

test('DF-3: a PDF named .docx (extension and content disagree) is refused', async () => {
  await refused(() => createDocument(deps, executor, input({ files: [{ role: 'content', filename: 'хат.docx', content: Buffer.from('%PDF-1.7\n%%EOF') }] })), 'DOCFLOW_DOCUMENT_INVALID', 'files[0].content');
});

test('DF-3: the content part must be DOC/DOCX; a PDF as content is refused', async () => {
  await refused(() => createDocument(deps, executor, input({ files: [{ role: 'content', filename: 'хат.pdf', content: Buffer.from('%PDF-1.7\n%%EOF') }] })), 'DOCFLOW_DOCUMENT_INVALID', 'files[0].filename');
});

test('DF-3: a document without a content file is refused', async () => {
  await refused(() => createDocument(deps, executor, input({ files: [] })), 'DOCFLOW_DOCUMENT_INVALID', 'files');
});

test('DF-5: a missing mandatory requisite of the document type is refused naming it', async () => {
  const { executorMark: _drop, ...requisites } = LETTER_REQUISITES.requisites;
  const err = await refused(() => createDocument(deps, executor, input({ requisites })), 'DOCFLOW_DOCUMENT_INVALID', 'requisites.executorMark');
  assert.equal(err.fields.find((f) => f.name === 'requisites.executorMark')?.code, 'required');
});

test('DF-5: a reply must reference the incoming document (the type makes it mandatory)', async () => {
  await refused(() => createDocument(deps, executor, input({ typeCode: 'reply' })), 'DOCFLOW_DOCUMENT_INVALID', 'requisites.incomingReference');
});

test('DF-5: an unknown document type and an unknown nomenclature index are refused', async () => {
  await refused(() => createDocument(deps, executor, input({ typeCode: 'no-such' })), 'DOCFLOW_DOCUMENT_INVALID', 'typeCode');
  await refused(() => createDocument(deps, executor, input({ card: { ...LETTER_REQUISITES.card, nomenclatureIndex: '99-99' } })), 'DOCFLOW_DOCUMENT_INVALID', 'card.nomenclatureIndex');
});

test('DF-20: a document marked as containing state secrets is refused at creation', async () => {
  await refused(() => createDocument(deps, executor, input({ stateSecret: true })), 'DOCFLOW_STATE_SECRET', 'stateSecret');
});

test('MB-11: a non-official mailbox cannot create documents', async () => {
  const plain = await insertMailbox(t.database, { official: false });
  deps.membership.grant(plain.id, executor.iin!, 'executor');
  await refused(() => createDocument(deps, executor, input({ senderMailboxId: plain.id })), 'DOCFLOW_NOT_OFFICIAL', 'senderMailboxId');
});

test('MB-11: a non-official recipient is refused', async () => {
  const plain = await insertMailbox(t.database, { official: false });
  await refused(() => createDocument(deps, executor, input({ recipientMailboxId: plain.id })), 'DOCFLOW_NOT_OFFICIAL', 'recipientMailboxId');
});

test('createDocument: 401 without an actor, 403 for a reader or an outsider', async () => {
  await refused(() => createDocument(deps, undefined, input()), 'UNAUTHENTICATED');
  const reader: DocflowActor = { accountId: 'a-r', iin: '900101300002', actor: 'user:a-r' };
  deps.membership.grant(org.id, reader.iin!, 'reader');
  await refused(() => createDocument(deps, reader, input()), 'FORBIDDEN');
  await refused(() => createDocument(deps, { accountId: 'x', iin: '900101300003', actor: 'user:x' }, input()), 'FORBIDDEN');
});
