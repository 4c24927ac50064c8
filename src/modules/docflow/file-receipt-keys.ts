/**
 * Information-system keys for automatic receipts, one per organisation mailbox:
 * `<dir>/<mailboxId>.p12` with its password in `<dir>/<mailboxId>.password` (mode 600, kept by
 * the operator like any server key). The certificate must carry the organisation's BIN;
 * otherwise the key is ignored and receipts wait for the records officer.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { Logger } from '../../shared/logger.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import type { CmsSigner } from '../pki/cms-sign.ts';
import { loadP12Signer } from '../pki/sign.ts';
import type { ReceiptKeys } from './types.ts';

export function fileReceiptKeys(deps: { database: Database; dir: string; log?: Logger }): ReceiptKeys {
  const cache = new Map<string, { mtime: number; signer: CmsSigner | undefined }>();
  return {
    async signerFor(mailboxId) {
      if (!/^[0-9a-f-]{36}$/i.test(mailboxId)) return undefined;
      const file = path.join(deps.dir, `${mailboxId}.p12`);
      let mtime: number;
      try {
        mtime = (await stat(file)).mtimeMs;
      } catch {
        return undefined;
      }
      const hit = cache.get(mailboxId);
      if (hit && hit.mtime === mtime) return hit.signer;
      let signer: CmsSigner | undefined;
      try {
        const password = (await readFile(path.join(deps.dir, `${mailboxId}.password`), 'utf8')).trim();
        signer = await loadP12Signer(await readFile(file), password);
        const r = await deps.database.db.execute<{ bin: string | null }>(sql`select bin from mailboxes where id = ${mailboxId}`);
        if (!r.rows[0]?.bin || ncaIdentity(signer.certificate).bin !== r.rows[0].bin) {
          deps.log?.warn({ mailboxId }, 'information-system key ignored: its certificate does not carry the organisation BIN');
          signer = undefined;
        }
      } catch (err) {
        deps.log?.warn({ mailboxId, err: (err as Error).message }, 'information-system key unreadable; receipts wait for the records officer');
        signer = undefined;
      }
      cache.set(mailboxId, { mtime, signer });
      return signer;
    },
  };
}
