/** Keys of the content-addressed store and where they live. */
import { AppError } from '../../shared/errors.ts';

const SHA256_RE = /^[0-9a-f]{64}$/;

/** Keys are lower-case hex SHA-256; anything else cannot name a blob (and never a path). */
export function isSha256(key: string): boolean {
  return SHA256_RE.test(key);
}

/** `ab/cd/<sha256>`: two fan-out levels keep directories (and listings) small. */
export function blobRelPath(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function blobNotFound(sha256: string): AppError {
  return new AppError('BLOB_NOT_FOUND', { detail: `blob ${sha256} not found` });
}
