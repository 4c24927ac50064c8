/**
 * Writes the web cabinet's API types (web/src/api/openapi-types.ts) from the committed
 * docs/openapi.json. The file is derived, so it is not committed: `npm install` (postinstall),
 * `npm run typecheck` and `npm run openapi` write it; a test fails when it is stale.
 *
 *   --soft  a failure (e.g. an install without devDependencies) warns instead of failing, never in CI
 */
import fs from 'node:fs';
import { WEB_API_TYPES_FILE, generateWebApiTypes } from '../src/app/openapi-web-types.ts';

const soft = process.argv.includes('--soft') && !process.env.CI;
try {
  fs.writeFileSync(WEB_API_TYPES_FILE, await generateWebApiTypes(fs.readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8')));
} catch (err) {
  if (!soft) throw err;
  console.warn(`web/src/api/openapi-types.ts NOT written (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); run \`npm run openapi\``);
}
