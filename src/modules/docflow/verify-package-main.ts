/**
 * Stand-alone entry for `jashik docflow verify-package` that loads nothing but the verifier:
 * `node --import tsx src/modules/docflow/verify-package-main.ts FILE [--at TIME] [--json]`.
 * For an archive's reader on another machine; no configuration, database or network.
 */
import { readFile } from 'node:fs/promises';
import { verifyArchivePackage } from './verify-package.ts';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: verify-package-main.ts FILE [--at ISO-TIME] [--json]');
  process.exit(2);
}
const atIdx = rest.indexOf('--at');
const at = atIdx >= 0 ? new Date(rest[atIdx + 1] ?? '') : undefined;
if (at && Number.isNaN(at.getTime())) {
  console.error('--at needs an ISO time');
  process.exit(2);
}
const verdict = await verifyArchivePackage(await readFile(file), { at });
if (rest.includes('--json')) console.log(JSON.stringify(verdict, null, 2));
else {
  console.log(`Package: ${verdict.valid ? 'VALID' : 'INVALID'} (document ${verdict.documentId ?? '?'})`);
  for (const p of verdict.problems) console.log(`  problem: ${p}`);
  for (const s of verdict.signatures) console.log(`  ${s.content}: ${s.valid ? 'valid' : 'INVALID'}${s.errors.length ? ` — ${s.errors.join('; ')}` : ''}`);
  for (const e of verdict.evidence) {
    const batch = e.batch ? ` (operator evidence, one of ${e.batch.count} signed together)` : ' (operator evidence)';
    console.log(`  ${e.content}: ${e.valid ? 'valid' : 'INVALID'}${batch}${e.errors.length ? ` — ${e.errors.join('; ')}` : ''}`);
  }
}
process.exit(verdict.valid ? 0 : 1);
