/**
 * `jashik docflow …`: `verify-package FILE [--at ISO-TIME] [--json]` re-verifies an archive
 * package offline (exit 0 valid, 1 invalid, 2 usage); `seed-reference` adds the starting
 * reference data where it is missing.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../../config.ts';
import { openDatabase, migrate } from '../../storage/db/database.ts';
import { seedDefaultReference } from './default-reference.ts';
import { verifyArchivePackage } from './verify-package.ts';

export async function runDocflowCommand(args: string[], config: Config, out: (l: string) => void = (l) => console.log(l)): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify-package' && rest[0]) {
    const atIdx = rest.indexOf('--at');
    const at = atIdx >= 0 ? new Date(rest[atIdx + 1] ?? '') : undefined;
    if (at && Number.isNaN(at.getTime())) {
      out('jashik docflow verify-package: --at needs an ISO time');
      return 2;
    }
    const verdict = await verifyArchivePackage(await readFile(rest[0]), { at });
    if (rest.includes('--json')) out(JSON.stringify(verdict, null, 2));
    else {
      out(`Package: ${verdict.valid ? 'VALID' : 'INVALID'} (document ${verdict.documentId ?? '?'})`);
      for (const p of verdict.problems) out(`  problem: ${p}`);
      for (const s of verdict.signatures) out(`  ${s.content}: ${s.valid ? 'valid' : 'INVALID'} ${s.signers.map((x) => `${x.subject} #${x.serialNumber} at ${x.trustedTime}`).join('; ')}${s.errors.length ? ` — ${s.errors.join('; ')}` : ''}`);
      for (const e of verdict.evidence) out(`  ${e.content}: ${e.valid ? 'valid' : 'INVALID'} operator evidence${e.batch ? `, one of ${e.batch.count} signed together` : ''} ${e.signers.map((x) => `${x.subject} #${x.serialNumber} at ${x.trustedTime}`).join('; ')}${e.errors.length ? ` — ${e.errors.join('; ')}` : ''}`);
    }
    return verdict.valid ? 0 : 1;
  }
  if (sub === 'seed-reference') {
    const database = await openDatabase(config);
    try {
      await migrate(database);
      out(`reference entries added: ${await seedDefaultReference(database)}`);
      return 0;
    } finally {
      await database.close();
    }
  }
  out('usage: jashik docflow verify-package FILE [--at ISO-TIME] [--json] | jashik docflow seed-reference');
  return 2;
}
