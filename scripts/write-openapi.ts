/** Writes docs/openapi.json from the route schemas, and the web cabinet's API types from it (`npm run openapi`). */
import fs from 'node:fs';
import { generateOpenApi } from '../src/app/openapi.ts';
import { WEB_API_TYPES_FILE, generateWebApiTypes } from '../src/app/openapi-web-types.ts';

const doc = await generateOpenApi();
fs.writeFileSync(new URL('../docs/openapi.json', import.meta.url), doc);
console.log('docs/openapi.json written');
fs.writeFileSync(WEB_API_TYPES_FILE, await generateWebApiTypes(doc));
console.log('web/src/api/openapi-types.ts written');
