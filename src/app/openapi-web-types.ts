/**
 * The web cabinet's TypeScript types of the API (web/src/api/openapi-types.ts), generated from the
 * OpenAPI document by openapi-typescript, so the cabinet reads the server's answers by the server's
 * own schemas instead of restating them. Derived from the committed docs/openapi.json, so not
 * committed itself (it would only repeat the document): `npm run openapi`, `npm install` and
 * `npm run typecheck` write it, and a test fails when it is stale. A development tool: nothing at
 * run time imports it.
 */
import openapiTS from 'openapi-typescript';

export const WEB_API_TYPES_FILE = new URL('../../web/src/api/openapi-types.ts', import.meta.url);

const HEADER = `/**
 * Generated from docs/openapi.json by openapi-typescript (\`npm run openapi\`): do not edit.
 * Read an answer through web/src/api/answers.ts.
 */

`;

/** The generated source for the given OpenAPI document (the JSON text of docs/openapi.json). */
export async function generateWebApiTypes(openApiJson: string): Promise<string> {
  return openapiTS(JSON.parse(openApiJson), { commentHeader: HEADER, silent: true });
}
