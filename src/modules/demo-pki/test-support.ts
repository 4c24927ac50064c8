/**
 * For tests of the demo PKI and the operator keys: a data directory, a configuration whose
 * HTTP port is free (demo certificates point their CDP/AIA at it), an AppContext on the test
 * database, and the HTTP server on loopback. The fetcher maps `localhost` to 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { loadConfig, type Config } from '../../config.ts';
import { buildHttpServer } from '../../http/build-http-server.ts';
import { createLogger } from '../../shared/logger.ts';
import type { ClosableBlobStore } from '../../storage/blobs/blob-store.ts';
import type { Database } from '../../storage/db/database.ts';
import { httpFetcher, type Fetcher } from '../pki/revocation.ts';

type RouteRegistrar = (app: FastifyInstance) => void | Promise<void>;

import { freePort } from '../../shared/free-port.ts';
export { freePort };

export interface DemoEnv {
  dataDir: string;
  config: Config;
  ctx: AppContext;
  port: number;
  base: string;
  fetcher: Fetcher;
  serve(routes: RouteRegistrar[]): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function demoEnv(database: Database, env: Record<string, string> = {}): Promise<DemoEnv> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jashik-demo-pki-'));
  const port = await freePort();
  const config = loadConfig({ JASHIK_DATA_DIR: dataDir, JASHIK_HTTP_PORT: String(port), JASHIK_DEMO: 'on', ...env });
  const log = createLogger('silent');
  const ctx: AppContext = { config, log, database, blobs: {} as ClosableBlobStore };
  const servers: FastifyInstance[] = [];
  return {
    dataDir, config, ctx, port,
    base: `http://127.0.0.1:${port}`,
    fetcher: (url, req) => httpFetcher(url.replace('//localhost:', '//127.0.0.1:'), req),
    async serve(routes) {
      const app = await buildHttpServer({ log, readiness: {}, routes });
      await app.listen({ port: servers.length ? 0 : port, host: '127.0.0.1' });
      servers.push(app);
      return app;
    },
    async close() {
      for (const s of servers) await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
