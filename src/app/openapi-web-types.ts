/**
 * The web cabinet's TypeScript types of the API (web/src/api/openapi-types.ts), generated from the
 * OpenAPI document by openapi-typescript, so the cabinet reads the server's answers by the server's
 * own schemas instead of restating them. Written by `npm run openapi` beside docs/openapi.json; a
 * test fails when the committed file is stale. A development tool: nothing at run time imports it.
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
