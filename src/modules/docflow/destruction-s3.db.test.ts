import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { addBlobRef, deleteUnreferencedBlob } from '../../storage/blob-refs.ts';
import { createS3BlobStore } from '../../storage/blobs/s3-blob-store.ts';
import type { ClosableBlobStore } from '../../storage/blobs/blob-store.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { signCms } from '../pki/cms-sign.ts';
import { checkIncoming } from './check-incoming.ts';
import { acceptIncomingDocument, prepareIncomingDecision } from './decide-incoming.ts';
import { approveDestruction, proposeDestruction } from './destruction.ts';
import { fileDocument } from './executions.ts';
import { scene } from './flow-fixture.ts';
import { docflowFiles } from './schema.ts';
import { docxFile } from './testing.ts';

/** s3rver in a child process on loopback (exits when its stdin closes). */
const S3RVER_MAIN = `
  const S3rver = require(process.argv[1]);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: 'jashik-docflow' }] });
  server.run().then(({ port }) => process.stdout.write(port + '\\n'), (err) => { console.error(err); process.exit(1); });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
`;

let t: TestDatabase;
let s3dir: string;
let child: ReturnType<typeof spawn>;
let store: ClosableBlobStore;
before(async () => {
  t = await createTestDatabase();
  s3dir = await mkdtemp(path.join(tmpdir(), 'jashik-docflow-s3-'));
  child = spawn(process.execPath, ['-e', S3RVER_MAIN, createRequire(import.meta.url).resolve('s3rver'), s3dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  store = createS3BlobStore({ bucket: 'jashik-docflow', prefix: 'blobs', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
after(async () => {
  await store?.close();
  if (child) {
    const exited = once(child, 'exit');
    child.stdin!.end();
    await exited;
  }
  await rm(s3dir, { recursive: true, force: true });
  await t?.drop();
});

test('DF-14: after a destruction the document blobs are gone from S3 while a blob shared with a letter stays', async () => {
  const s = await scene(t.database, { blobs: store });
  try {
    const own = Buffer.from(`%PDF-1.4\nтек осы құжатқа ${Date.now()}\n%%EOF`);
    const sent = await s.sent({ files: [docxFile(), { role: 'attachment', filename: 'қосымша.pdf', content: own }] });
    await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
    const p = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept', nomenclatureIndex: '01-04' });
    await acceptIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature: signCms(Buffer.from(p.receipt), [s.B.officer.signer]) });
    const regs = await t.database.db.execute<{ id: string; mailbox_id: string }>(sql`select id, mailbox_id from docflow_registrations where document_id = ${sent.id}`);
    for (const r of regs.rows) await fileDocument(s.deps, r.mailbox_id === s.A.id ? s.A.officer.actor : s.B.officer.actor, r.id, { nomenclatureIndex: '01-04' });
    const files = await t.database.db.select().from(docflowFiles).where(eq(docflowFiles.documentId, sent.id));
    const shared = files.find((f) => f.role === 'content')!;
    const unique = files.find((f) => f.role === 'attachment')!;
    await t.database.db.transaction((tx) => addBlobRef(tx, store, { sha256: shared.sha256, size: shared.size }, { kind: 'mail.letter', id: 'letter-s3' }));
    const asOf = `${new Date().getUTCFullYear() + 3}-01-01`;
    for (const [org, officer, head] of [[s.B.id, s.B.officer, s.B.head], [s.A.id, s.A.officer, s.A.head]] as const) {
      const list = await proposeDestruction(s.deps, officer.actor, org, asOf);
      await approveDestruction(s.deps, head.actor, list.destructionId);
    }
    assert.equal(await store.has(unique.sha256), true, 'still there until the deletion job runs');
    const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 10, handlers: { 'blob.delete': deleteUnreferencedBlob(store) } });
    await w.idle();
    await w.stop();
    assert.equal(await store.has(unique.sha256), false, "the document's own blob is gone from S3");
    assert.equal(await store.has(shared.sha256), true, 'the blob shared with a letter stays');
  } finally {
    s.cleanup();
  }
});
