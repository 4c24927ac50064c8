/**
 * exportMailbox: the owner's whole mailbox, or one folder, as a ZIP streamed while it is built:
 * the original `.eml` of every letter byte for byte, each registered letter's evidence beside
 * it (`.p7s` and the signed canonical document), and `manifest.json` with every file's SHA-256.
 * Letters are read in keyset pages and their contents opened one at a time (constant memory).
 */
import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import yazl from 'yazl';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import type { MailActor } from './types.ts';

interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
  letterId?: string;
  messageId?: string | null;
}

const PAGE = 500;
const safe = (s: string) => s.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'folder';

export async function exportMailbox(deps: { database: Database; blobs: BlobStore }, actorIn: MailActor | undefined, opts: { folder?: string } = {}): Promise<{ stream: Readable; filename: string }> {
  const actor = await requireActor(deps.database, actorIn, 'exportMailbox', opts.folder ?? 'mailbox');
  const db = deps.database.db;
  const folder = opts.folder ? await resolveFolder(db, actor.mailboxId, opts.folder) : undefined;
  const names = new Map((await db.execute<{ id: string; name: string }>(sql`select id, name from mail_folders where mailbox_id = ${actor.mailboxId}`)).rows.map((r) => [r.id, r.name]));
  const zip = new yazl.ZipFile();
  const manifest: ManifestEntry[] = [];

  const fill = async () => {
    let after: number | undefined;
    for (;;) {
      const conds = [sql`mailbox_id = ${actor.mailboxId}`];
      if (folder) conds.push(sql`folder = ${folder}`);
      if (after !== undefined) conds.push(sql`seq > ${after}`);
      const page = await db.execute<{ id: string; seq: string; folder: string; raw_sha256: string; size: string; message_id: string | null; submission_id: string | null; registered: boolean; received_at: string | Date }>(sql`
        select id, seq, folder, raw_sha256, size, message_id, submission_id, registered, received_at from letters
        where ${sql.join(conds, sql` and `)} order by seq limit ${PAGE}`);
      for (const l of page.rows) {
        const dir = safe(names.get(l.folder) ?? l.folder);
        const base = `${dir}/${new Date(l.received_at).toISOString().slice(0, 10)}_${l.id}`;
        const sha = l.raw_sha256;
        zip.addReadStreamLazy(`${base}.eml`, { mtime: new Date(l.received_at), size: Number(l.size) }, (cb) => void deps.blobs.get(sha).then((s) => cb(null, s), (e) => cb(e, undefined as never)));
        manifest.push({ path: `${base}.eml`, sha256: sha, size: Number(l.size), letterId: l.id, messageId: l.message_id });
        const chains = [l.id, ...(l.submission_id ? [l.submission_id] : [])];
        const ev = await db.execute<{ position: number; event: string; document: Buffer; cms: Buffer; cms_sha256: string }>(sql`
          select position, event, document, cms, cms_sha256 from mail_evidence
          where chain in (${sql.join(chains.map((c) => sql`${c}`), sql`, `)})
            and (sender_mailbox_id = ${actor.mailboxId} or recipient_mailbox_id = ${actor.mailboxId})
          order by chain, position`);
        for (const e of ev.rows) {
          const p = `${base}.evidence/${String(e.position).padStart(2, '0')}-${e.event}`;
          const doc = Buffer.from(e.document);
          zip.addBuffer(Buffer.from(e.cms), `${p}.p7s`);
          zip.addBuffer(doc, `${p}.json`);
          manifest.push({ path: `${p}.p7s`, sha256: e.cms_sha256, size: e.cms.length }, { path: `${p}.json`, sha256: createHash('sha256').update(doc).digest('hex'), size: doc.length });
        }
      }
      if (page.rows.length < PAGE) break;
      after = Number(page.rows[page.rows.length - 1].seq);
    }
    zip.addBuffer(Buffer.from(JSON.stringify({ type: 'jashik.mail.export', version: 1, exportedAt: new Date().toISOString(), folder: folder ?? null, files: manifest }, null, 2)), 'manifest.json');
    zip.end();
  };
  const out = zip.outputStream as Readable;
  fill().catch((err: Error) => out.destroy(err));
  return { stream: out, filename: `mailbox-${folder ? safe(names.get(folder) ?? folder) : 'all'}-${new Date().toISOString().slice(0, 10)}.zip` };
}
