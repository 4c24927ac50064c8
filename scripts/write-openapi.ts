/** Writes docs/openapi.json from the route schemas (`npm run openapi`). */
import fs from 'node:fs';
import { generateOpenApi } from '../src/app/openapi.ts';

fs.writeFileSync(new URL('../docs/openapi.json', import.meta.url), await generateOpenApi());
console.log('docs/openapi.json written');
