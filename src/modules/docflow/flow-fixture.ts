/**
 * A two-organisation scene for the docflow tests: sender A (head, signatory, records officer,
 * executor) and recipient B (head, records officer, executor), each with NCA-shaped test
 * certificates carrying its BIN, and a helper that takes a document from draft to sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../storage/db/database.ts';
import { openFsBlobStore } from '../../storage/blobs/fs-blob-store.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { signCms } from '../pki/cms-sign.ts';
import { makeCa, type TestCa } from '../pki/testkit.ts';
import { addDocumentSignature } from './add-signature.ts';
import { createDocument, type CreateDocumentInput } from './create-document.ts';
import { seedDefaultReference } from './default-reference.ts';
import { loadDocument } from './load-document.ts';
import { prepareRegistration } from './prepare-registration.ts';
import { registerDocument } from './register-document.ts';
import { sendDocument } from './send-document.ts';
import { baseDeps, detachedSign, docxFile, insertMailbox, LETTER_REQUISITES, makePerson as makeRsaPerson, type Person } from './testing.ts';
import type { DocflowActor } from './types.ts';

export interface Member extends Person {
  actor: DocflowActor;
}

/** Another algorithm's CA and people (the benchmark's GOST 2015 variant); default RSA-2048. */
export interface SceneKeys {
  ca: TestCa;
  makePerson: (ca: TestCa, o: { bin?: string; head?: boolean; informationSystem?: boolean }) => Person;
}

export async function scene(database: Database, opts: { blobs?: BlobStore; keys?: SceneKeys } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-docflow-'));
  const blobs = opts.blobs ?? openFsBlobStore(dir);
  const ca: TestCa = opts.keys?.ca ?? makeCa();
  const makePerson = opts.keys?.makePerson ?? makeRsaPerson;
  const deps = baseDeps(database, blobs, ca, makePerson(ca, {}));
  await seedDefaultReference(database);
  const a = await insertMailbox(database, { name: '«Жіберуші» ЖШС' });
  const b = await insertMailbox(database, { name: '«Алушы» ЖШС' });
  const member = (org: { id: string; bin: string | null }, role: Parameters<typeof deps.membership.grant>[2], o: { head?: boolean } = {}): Member => {
    const p = makePerson(ca, { bin: org.bin!, head: o.head });
    deps.membership.grant(org.id, p.iin, role);
    return { ...p, actor: { accountId: `acc-${p.iin}`, iin: p.iin, actor: `user:acc-${p.iin}`, displayName: `ТЕСТОВ ${role}` } };
  };
  const A = { ...a, head: member(a, 'head', { head: true }), signatory: member(a, 'signatory'), officer: member(a, 'records_officer'), executor: member(a, 'executor') };
  const B = { ...b, head: member(b, 'head', { head: true }), officer: member(b, 'records_officer'), executor: member(b, 'executor') };

  async function signAll(documentId: string, who: Person & { actor: DocflowActor }) {
    const { files } = await loadDocument(database.db, documentId);
    const sigs = [];
    for (const f of files.filter((x) => x.role === 'content')) sigs.push({ position: f.position, cms: detachedSign(await blobs.getBytes(f.sha256), who) });
    return addDocumentSignature(deps, who.actor, documentId, sigs);
  }

  async function register(documentId: string, officer = A.officer) {
    const prepared = await prepareRegistration(deps, officer.actor, documentId);
    const reg = await registerDocument(deps, officer.actor, documentId, { signature: signCms(Buffer.from(prepared.card, 'utf8'), [officer.signer]) });
    return { ...reg, card: prepared.card };
  }

  async function draft(over: Partial<CreateDocumentInput> = {}) {
    return createDocument(deps, A.executor.actor, { senderMailboxId: A.id, recipientMailboxId: B.id, typeCode: 'letter', ...LETTER_REQUISITES, files: [docxFile()], ...over });
  }

  /** Draft → two officials sign → registered → sent. */
  async function sent(over: Partial<CreateDocumentInput> = {}) {
    const { id } = await draft(over);
    await signAll(id, A.signatory);
    await signAll(id, A.head);
    const reg = await register(id);
    const s = await sendDocument(deps, A.officer.actor, id);
    return { id, reg, ...s };
  }

  return { deps, blobs, ca, makePerson, A, B, signAll, register, draft, sent, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
