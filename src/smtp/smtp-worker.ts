/**
 * Entry of an SMTP worker process (see smtp-processes.ts): told the configuration by the main
 * process, it opens the database and blob store, builds the same SMTP server the main process
 * would, and listens on the shared port. It stops when told to (after draining its sessions)
 * or when the main process is gone; terminal signals are left to the main process, which
 * stops the workers in order.
 */
import cluster from 'node:cluster';
import type { Config } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { fromUrl } from '../storage/db/database.ts';
import { ensureEmbeddedPostgres } from '../storage/db/embedded-postgres.ts';
import { openBlobStore } from '../storage/blobs/blob-store.ts';
import { buildSystemSmtp } from './system-smtp.ts';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'start'; config: Config }
  | { type: 'listening'; port: number }
  | { type: 'failed'; error: string }
  | { type: 'stop' };

async function run(config: Config): Promise<void> {
  const log = createLogger(config.logLevel).child({ smtpWorker: process.pid });
  // The main process owns the embedded PostgreSQL: a worker only connects to it, and never
  // stops it (it would cut the main process's connections while that is still draining).
  const url = config.databaseUrl ?? (await ensureEmbeddedPostgres(config.dataDir)).url;
  const database = fromUrl(url, config.databaseUrl ? 'external' : 'embedded', 10);
  const blobs = openBlobStore(config);
  const smtp = buildSystemSmtp({ config, log, database, blobs }, config.smtpProcesses);
  // Every worker asks for the configured port, even 0: cluster keys the shared socket by what
  // was asked, so port 0 gives all workers the same (random) port.
  const listening = await smtp.listen(config.smtpPort, config.smtpHost);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await smtp.close();
      await blobs.close();
      await database.close();
      process.exit(0);
    })());
  process.on('message', (m: WorkerMessage) => {
    if (m.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send!({ type: 'listening', port: listening } satisfies WorkerMessage);
}

if (cluster.isWorker) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
  const onStart = (m: WorkerMessage) => {
    if (m.type !== 'start') return;
    process.off('message', onStart);
    run(m.config).catch((err: Error) => {
      process.send!({ type: 'failed', error: err.message } satisfies WorkerMessage, () => process.exit(1));
    });
  };
  process.on('message', onStart);
  // A message sent before this listener existed would be lost, so the main process waits for this.
  process.send!({ type: 'ready' } satisfies WorkerMessage);
}
