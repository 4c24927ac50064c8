import { createRequire } from 'node:module';

/** jashik's version, from package.json (recorded in RCCs and shown by /openapi.json). */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const SOFTWARE_NAME = 'jashik';
