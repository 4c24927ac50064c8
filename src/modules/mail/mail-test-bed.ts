/**
 * For the mail module's database tests: one test file's throw-away database, a blob store in a
 * temporary folder, a TEST evidence signer, the send dependencies on them, and `drain()` that
 * runs the mail jobs (evidence, delivery; relays resolve to nothing) until none is left.
 * Opened in before(), removed in after(); read the parts inside the tests.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Database } from '../../storage/db/database.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { mailJobHandlers } from './mail-jobs.ts';
import type { SendLetterDeps } from './send-letter.ts';
import { tempBlobStore, testEvidenceSigner, TEST_DOMAIN, type TestEvidenceSigner } from './test-support.ts';
import { DEFAULT_MAIL_LIMITS } from './types.ts';

export interface MailTestBed {
  readonly database: Database;
  readonly deps: SendLetterDeps;
  readonly blobs: ReturnType<typeof tempBlobStore>;
  readonly signer: TestEvidenceSigner;
  drain(): Promise<void>;
}

export function mailTestBedForThisFile(prepare?: (bed: MailTestBed) => Promise<void>): MailTestBed {
  const blobs = tempBlobStore();
  const signer = testEvidenceSigner();
  let t: TestDatabase | undefined;
  let deps: SendLetterDeps | undefined;
  const open = () => t ?? assert.fail('the mail test bed opens in before()');
  const bed: MailTestBed = {
    get database() {
      return open().database;
    },
    get deps() {
      return deps ?? assert.fail('the mail test bed opens in before()');
    },
    blobs,
    signer,
    async drain() {
      const handlers = mailJobHandlers({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve: async () => [] } });
      const w = startJobWorkers({ database: open().database, log: createLogger('silent'), pollMs: 20, handlers });
      await w.idle();
      await w.stop();
    },
  };
  before(async () => {
    t = await createTestDatabase();
    deps = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS };
    await prepare?.(bed);
  });
  after(async () => {
    await t?.drop();
    blobs.cleanup();
  });
  return bed;
}
