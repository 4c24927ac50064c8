/** Reads a whole blob into memory (document files are at most 60 MB in total). */
import type { BlobStore } from '../../storage/blobs/blob-store.ts';

export async function readBlob(blobs: BlobStore, sha256: string): Promise<Buffer> {
  const stream = await blobs.get(sha256);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
