/**
 * `npm test`: starts one PostgreSQL for the run and runs every test file with Node's runner.
 *
 *   JASHIK_DATABASE_URL unset  → an embedded PostgreSQL under a temporary directory
 *   JASHIK_DATABASE_URL=postgres://… → that external server (JASHIK_TEST_ENGINE=external)
 *   JASHIK_TEST_SCOPE=db → only the tests that touch the database (`*.db.test.ts`)
 *   npm test -- FILE…   → only those files
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureEmbeddedPostgres, type EmbeddedServer } from '../src/storage/db/embedded-postgres.ts';

const ROOTS = ['src', 'test', 'bench'];

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') findTests(p, out);
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
let files = args.length > 0 ? args : ROOTS.flatMap((r) => findTests(r)).sort();
if (process.env.JASHIK_TEST_SCOPE === 'db') files = files.filter((f) => f.endsWith('.db.test.ts'));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

let server: EmbeddedServer | undefined;
let tmp: string | undefined;
const env = { ...process.env };
if (process.env.JASHIK_DATABASE_URL) {
  env.JASHIK_TEST_ADMIN_URL = process.env.JASHIK_DATABASE_URL;
  env.JASHIK_TEST_ENGINE = 'external';
  console.log(`tests on the external PostgreSQL (JASHIK_DATABASE_URL)`);
} else {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-test-'));
  fs.chmodSync(tmp, 0o755);
  server = await ensureEmbeddedPostgres(tmp);
  env.JASHIK_TEST_ADMIN_URL = server.adminUrl;
  env.JASHIK_TEST_ENGINE = 'embedded';
  console.log(`tests on the embedded PostgreSQL in ${tmp}`);
}
// Tests must never pick up the developer's own database or blob settings.
delete env.JASHIK_DATABASE_URL;
delete env.JASHIK_BLOB_URL;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
await server?.stop();
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(code);
