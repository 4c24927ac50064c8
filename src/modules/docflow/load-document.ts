/** Reads a document with its files (rows), or NOT_FOUND. */
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { docflowDocuments, docflowFiles } from './schema.ts';

export type DocumentRow = typeof docflowDocuments.$inferSelect;
export type FileRow = typeof docflowFiles.$inferSelect;

export async function loadDocument(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<{ doc: DocumentRow; files: FileRow[] }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND', { detail: `document ${id}` });
  const q = tx.select().from(docflowDocuments).where(eq(docflowDocuments.id, id));
  const [doc] = opts.forUpdate ? await q.for('update') : await q;
  if (!doc) throw new AppError('NOT_FOUND', { detail: `document ${id}` });
  const files = await tx.select().from(docflowFiles).where(eq(docflowFiles.documentId, id)).orderBy(asc(docflowFiles.position));
  return { doc, files };
}
