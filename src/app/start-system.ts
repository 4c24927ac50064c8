/**
 * Start-up is a flat sequence of awaits (STYLE habit 15): database, migrations, blob store,
 * workers, SMTP, then HTTP (its /readyz answering is the sign that everything is up). A failure
 * surfaces with a clear message; nothing half-starts.
 * Shutdown runs the same steps backwards: stop taking requests, drain, release jobs, close.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { buildHttpServer } from '../http/build-http-server.ts';
import { buildSystemSmtp } from '../smtp/system-smtp.ts';
import { startSmtpProcesses } from '../smtp/smtp-processes.ts';
import { openDatabase, migrate, type Database } from '../storage/db/database.ts';
import { openBlobStore, type ClosableBlobStore } from '../storage/blobs/blob-store.ts';
import { startJobWorkers, type JobWorkers } from '../storage/jobs/job-worker.ts';
import { appendAudit } from '../modules/audit/append-audit.ts';
import { startSessionCache } from '../modules/accounts/session-cache.ts';
import type { Logger } from '../shared/logger.ts';
import { VERSION } from '../shared/version.ts';
import { apiRoutes } from './http-routes.ts';
import { jobHandlers } from './job-handlers.ts';
import type { AppContext } from './context.ts';

export interface RunningSystem {
  httpPort: number;
  smtpPort: number;
  http: FastifyInstance;
  database: Database;
  blobs: ClosableBlobStore;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  constructor(part: string, cause: unknown) {
    super(`${part}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StartupError';
  }
}

async function step<T>(part: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new StartupError(part, err);
  }
}

export async function startSystem(config: Config, log: Logger): Promise<RunningSystem> {
  // A connection for each running job, and 16 for the rest: HTTP requests, SMTP batches, listeners.
  const database = await step('database', () => openDatabase(config, { poolSize: 16 + config.jobConcurrency }));
  const cleanup: (() => Promise<void>)[] = [() => database.close()];
  const undo = async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  };
  try {
    await step('database migrations', () => migrate(database));
    // Signed-in requests find their session in memory; PostgreSQL's change notifications keep it current.
    const sessionCache = startSessionCache(database, { log: log.child({ part: 'sessions' }) });
    cleanup.push(() => sessionCache.stop());
    const blobs = openBlobStore(config);
    cleanup.push(() => blobs.close());
    await step('blob store', () => blobs.check());

    const ctx: AppContext = { config, log, database, blobs };
    const workers: JobWorkers = startJobWorkers({ database, log: log.child({ part: 'jobs' }), handlers: jobHandlers(ctx), concurrency: config.jobConcurrency });
    cleanup.push(() => workers.stop());

    const http = await step('http', () =>
      buildHttpServer({
        log,
        readiness: {
          database: async () => void (await database.pool.query('select 1')),
          blobs: () => blobs.check(),
        },
        routes: apiRoutes(ctx),
        rateLimits: config.rateLimits,
        trustProxy: config.trustProxy,
      }),
    );
    cleanup.push(() => http.close());

    // SMTP in this process, or in worker processes sharing the port (JASHIK_SMTP_PROCESSES).
    let smtpPort: number;
    let smtp: { close(): Promise<void> };
    if (config.smtpProcesses > 1) {
      const workers = await step('smtp worker processes', () => startSmtpProcesses(config, log.child({ part: 'smtp' })));
      smtp = workers;
      smtpPort = workers.port;
    } else {
      const server = buildSystemSmtp(ctx);
      smtp = server;
      smtpPort = await step(`smtp port ${config.smtpPort}`, () => server.listen(config.smtpPort, config.smtpHost));
    }
    cleanup.push(() => smtp.close());

    // HTTP listens last, so that /readyz answering means every part is up, SMTP included.
    await step(`http port ${config.httpPort}`, () => http.listen({ port: config.httpPort, host: config.httpHost }));
    const httpAddr = http.server.address();
    const httpPort = typeof httpAddr === 'object' && httpAddr ? httpAddr.port : config.httpPort;

    await database.db.transaction((tx) => appendAudit(tx, { type: 'system.started', payload: { version: VERSION, engine: database.engine } }, { actor: 'system' }));
    log.info({ httpPort, smtpPort, engine: database.engine, blobs: blobs.kind, demo: config.demo }, 'jashik started');

    let stopping: Promise<void> | undefined;
    return {
      httpPort,
      smtpPort,
      http,
      database,
      blobs,
      stop() {
        // Order: stop accepting (HTTP, SMTP drain), finish or release jobs, close storage.
        stopping ??= (async () => {
          await http.close();
          await smtp.close();
          await workers.stop();
          await blobs.close();
          await sessionCache.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await undo();
    throw err;
  }
}
