/**
 * For the hybrid API tests: a throw-away database, the hybrid module's test environment, and
 * the hybrid routes behind a TEST DOUBLE authenticator — the caller is named by the
 * `x-test-actor` header and looked up in `actors` (the real one is the accounts session/token).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { buildHttpServer } from '../build-http-server.ts';
import { createLogger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import { directoryPrintDrop } from '../../modules/hybrid/print-drop.ts';
import type { HybridActor } from '../../modules/hybrid/ports.ts';
import { hybridTestEnv, type HybridTestEnv } from '../../modules/hybrid/testkit.ts';
import { hybridRoutes } from './hybrid-routes.ts';

export interface HybridApiHarness {
  t: TestDatabase;
  env: HybridTestEnv;
  app: FastifyInstance;
  actors: Map<string, HybridActor>;
  close(): Promise<void>;
}

export async function hybridApiHarness(): Promise<HybridApiHarness> {
  const t = await createTestDatabase();
  const env = hybridTestEnv(t.database);
  const actors = new Map<string, HybridActor>();
  const authenticate = async (req: { headers: Record<string, unknown> }) => {
    const a = actors.get(String(req.headers['x-test-actor'] ?? ''));
    if (!a) throw new AppError('UNAUTHENTICATED');
    return a;
  };
  const app = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [hybridRoutes({ ...env, drop: directoryPrintDrop(env.dropDir) }, authenticate as never)] });
  return {
    t, env, app, actors,
    async close() {
      await app.close();
      env.cleanup();
      await t.drop();
    },
  };
}

/**
 * One harness for a whole test file: opened in before() (then `prepare` runs, e.g. to name the
 * callers), closed in after(). Its parts are read through the returned object inside the tests.
 */
export function hybridApiForThisFile(prepare?: (h: HybridApiHarness) => Promise<void>): HybridApiHarness {
  let open: HybridApiHarness | undefined;
  before(async () => {
    open = await hybridApiHarness();
    await prepare?.(open);
  });
  after(() => open?.close());
  const h = () => open ?? assert.fail('the hybrid API harness opens in before()');
  return {
    get t() { return h().t; },
    get env() { return h().env; },
    get app() { return h().app; },
    get actors() { return h().actors; },
    close: () => h().close(),
  };
}
