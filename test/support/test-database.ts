/**
 * "Medium" tests run on a real PostgreSQL: one server per test run (started by
 * scripts/run-tests.ts, or the external one CI points at), one database per test file.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { fromUrl, migrate, type Database } from '../../src/storage/db/database.ts';

export interface TestDatabase {
  url: string;
  database: Database;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  const url = process.env.JASHIK_TEST_ADMIN_URL;
  if (!url) throw new Error('JASHIK_TEST_ADMIN_URL is not set: run database tests through `npm test`');
  return url;
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl());
  await admin.connect();
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = fromUrl(url, process.env.JASHIK_TEST_ENGINE === 'external' ? 'external' : 'embedded');
  if (opts.migrate !== false) await migrate(database);
  return {
    url,
    database,
    async drop() {
      await database.close();
      const c = new pg.Client(adminUrl());
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
