/**
 * Builds the web cabinet (web/ → web/dist/) with Vite. Run by `npm install`/`npm ci`
 * (postinstall), before `npm start` when the sources changed (prestart), and by the browser tests.
 *
 *   --if-stale  build only when a source file is newer than the last build
 *   --soft      a failed build warns instead of failing the command (never in CI), so that
 *               installing a package while someone edits web/ does not break
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WEB = path.join(ROOT, 'web');
const STAMP = path.join(WEB, 'dist', '.built');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) if (e !== 'dist' && e !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!fs.existsSync(STAMP)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  // The lock file (dependencies) and the OpenAPI document (the operations the cabinet knows) go into the build too.
  const inputs = [path.join(ROOT, 'package-lock.json'), path.join(ROOT, 'docs', 'openapi.json')];
  return newestMtime(WEB) > built || inputs.some((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs > built);
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.ts'), root: WEB, logLevel: 'warn' });
  fs.writeFileSync(STAMP, new Date().toISOString() + '\n');
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const soft = args.has('--soft') && !process.env.CI;
  if (args.has('--if-stale') && !webBuildIsStale()) return;
  const started = Date.now();
  try {
    await buildWeb();
    console.log(`web cabinet built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!soft) throw err;
    console.warn(`web cabinet NOT built (${message.split('\n')[0]}); run \`npm run build:web\` to see why`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
