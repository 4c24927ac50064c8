/**
 * Files of the demo CA under `<dataDir>/demo-pki/`: certificates (PEM) and private keys
 * (unencrypted PKCS#8 PEM, mode 600, in a mode-700 directory). Files are written under a
 * temporary name and renamed, so a crash never leaves half a key.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEMO_PKI_DIR = 'demo-pki';

export function demoPkiDir(dataDir: string): string {
  return path.join(dataDir, DEMO_PKI_DIR);
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Writes `data` to `file` atomically; `secret` files get mode 600. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, secret = false): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: secret ? 0o600 : 0o644, flag: 'wx' });
  if (secret) await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** The file's contents, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A positive 128-bit serial number, upper-case hex without a leading zero byte. */
export function randomSerial(): bigint {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x10;
  return BigInt(`0x${b.toString('hex')}`);
}

/** "01:ab:CD", "serial=01AB", "0x1ab" → "01ABCD"-style: the pki module's serial spelling. */
export function normaliseSerial(input: string): string | undefined {
  let s = input.trim().replace(/^serial=/i, '').replace(/^0x/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{1,80}$/.test(s)) return undefined;
  if (s.length % 2) s = `0${s}`;
  while (s.length > 2 && s.startsWith('00')) s = s.slice(2);
  return s;
}
