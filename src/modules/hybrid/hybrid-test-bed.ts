/**
 * For the hybrid module's database tests: one test file's throw-away database and the hybrid test
 * environment on it (by default hybridTestEnv's; `envOf` names another registry or config).
 * Opened in before(), removed in after(); read the parts inside the tests.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import type { Database } from '../../storage/db/database.ts';
import { hybridTestEnv, type HybridTestEnv } from './testkit.ts';

export interface HybridTestBed {
  readonly database: Database;
  readonly env: HybridTestEnv;
}

export function hybridTestBedForThisFile(envOf: (database: Database) => HybridTestEnv = (database) => hybridTestEnv(database)): HybridTestBed {
  let t: TestDatabase | undefined;
  let env: HybridTestEnv | undefined;
  before(async () => {
    t = await createTestDatabase();
    env = envOf(t.database);
  });
  after(async () => {
    env?.cleanup();
    await t?.drop();
  });
  const opened = <T>(part: T | undefined): T => part ?? assert.fail('the hybrid test bed opens in before()');
  return {
    get database() {
      return opened(t).database;
    },
    get env() {
      return opened(env);
    },
  };
}
