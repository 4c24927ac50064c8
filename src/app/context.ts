/**
 * What module services are built from: configuration, logger and storage. Route registrars
 * and job handlers receive it and hand each service exactly the parts it uses.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import type { Database } from '../storage/db/database.ts';
import type { ClosableBlobStore } from '../storage/blobs/blob-store.ts';

export interface AppContext {
  config: Config;
  log: Logger;
  database: Database;
  blobs: ClosableBlobStore;
}

/**
 * A context for generating the OpenAPI document: registering routes must not touch storage,
 * and this one fails loudly if something tries.
 */
export function contextWithoutStorage(config: Config, log: Logger): AppContext {
  const refuse = (what: string) =>
    new Proxy({}, { get: () => { throw new Error(`${what} used while only registering routes`); } });
  return { config, log, database: refuse('database') as Database, blobs: refuse('blob store') as ClosableBlobStore };
}
