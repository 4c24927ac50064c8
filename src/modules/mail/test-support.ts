/**
 * Test doubles and fixtures for the mail tests (not used by the running system): mailboxes
 * created directly in the table, and a TEST evidence signer — an operator certificate from the
 * throw-away test CA of src/modules/pki/testkit.ts — until the operator-keys module lands.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { signCms } from '../pki/cms-sign.ts';
import { toPem } from '../pki/pem.ts';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../pki/testkit.ts';
import type { EvidenceSigner, MailActor } from './types.ts';
import { openFsBlobStore } from '../../storage/blobs/fs-blob-store.ts';

export const TEST_DOMAIN = 'pochta.test';

let n = 0;
/** A personal mailbox with a valid-looking IIN; returns an actor acting on it. */
export async function makeMailbox(database: Database, login = `user${Date.now()}${++n}`, opts: { quotaBytes?: number; official?: boolean } = {}): Promise<MailActor & { address: string }> {
  const address = `${login}@${TEST_DOMAIN}`;
  const r = await database.db.execute<{ id: string }>(sql`
    insert into mailboxes (login, address, kind, iin, display_name, quota_bytes, official)
    values (${login}, ${address}, 'personal', '900101300123', ${`Test ${login}`}, ${opts.quotaBytes ?? 10 * 1024 ** 3}, ${opts.official ?? false})
    returning id`);
  return { mailboxId: r.rows[0].id, actor: `user:${login}`, address };
}

export interface TestEvidenceSigner extends EvidenceSigner {
  ca: TestCa;
  operator: TestLeaf;
  /** The operator's CA certificate as PEM, for `openssl cms -verify -CAfile`. */
  caPem: string;
}

/** TEST DOUBLE: signs evidence with a throw-away operator certificate. */
export function testEvidenceSigner(): TestEvidenceSigner {
  const ca = makeCa({ name: 'JASHIK TEST OPERATOR CA' });
  const operator = makeLeaf(ca);
  return {
    ca,
    operator,
    caPem: toPem(ca.cert.der, 'CERTIFICATE'),
    async sign(bytes) {
      return signCms(bytes, [operator.signer]);
    },
  };
}

export function tempBlobStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-mail-'));
  const store = openFsBlobStore(dir);
  return { store, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Reads a ZIP (central directory; stored or deflated entries) into name → bytes. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + csize);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
