/**
 * Opens the database: the embedded PostgreSQL (started or joined) or an external server,
 * a connection pool, and Drizzle on top. Migrations are applied by `migrate()`.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import type { Config } from '../../config.ts';
import * as schema from './all-schemas.ts';
import { ensureEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A Drizzle transaction or the database itself: services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  pool: pg.Pool;
  db: Db;
  /** 'embedded' or 'external': shown by `jashik config` and /readyz. */
  engine: 'embedded' | 'external';
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: { poolSize?: number } = {}): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    server = await ensureEmbeddedPostgres(config.dataDir);
    url = server.url;
  }
  return fromUrl(url, server ? 'embedded' : 'external', opts.poolSize, server);
}

export function fromUrl(url: string, engine: Database['engine'], poolSize = 10, server?: EmbeddedServer): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return {
    pool,
    db,
    engine,
    async close() {
      await pool.end();
      await server?.stop();
    },
  };
}

/** Applies the committed SQL migrations; an advisory lock keeps concurrent starters in line. */
export async function migrate(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock(7243001)');
    await drizzleMigrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(7243001)').catch(() => {});
    client.release();
  }
}
