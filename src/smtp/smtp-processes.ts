/**
 * SMTP across several processes (`JASHIK_SMTP_PROCESSES` > 1), as an MTA runs one receiving
 * process per core: node:cluster forks the workers (smtp-worker.ts), they share the listening
 * port, and each stores what it receives with its own database pool and group commit — the
 * same code path as the single-process server, so every 250 still follows a durable commit.
 *
 * The main process supervises: a worker that dies is replaced (its open sessions were not
 * answered 250, so their senders retry); stop() asks every worker to drain and waits.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import type { WorkerMessage } from './smtp-worker.ts';

export interface SmtpProcesses {
  port: number;
  close(): Promise<void>;
}

const WORKER_ENTRY = fileURLToPath(new URL('./smtp-worker.ts', import.meta.url));
const STOP_TIMEOUT_MS = 15_000;

export async function startSmtpProcesses(config: Config, log: Logger): Promise<SmtpProcesses> {
  // The workers run the TypeScript sources through tsx, as the main process does.
  cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: ['--import', 'tsx'], args: [] });
  const workers = new Set<Worker>();
  let stopping = false;
  let port = config.smtpPort;

  const fork = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const w = cluster.fork({ JASHIK_SMTP_WORKER: '1' });
      workers.add(w);
      const onExit = (code: number | null, signal: string | null) => {
        workers.delete(w);
        if (!started) return reject(new Error(`SMTP worker exited while starting (code ${code}, signal ${signal}); see its log lines above`));
        if (stopping) return;
        log.error({ pid: w.process.pid, code, signal }, 'SMTP worker died; starting a replacement');
        fork().catch((err: Error) => log.error({ err: err.message }, 'SMTP worker replacement failed'));
      };
      let started = false;
      w.on('exit', onExit);
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          w.send({ type: 'start', config } satisfies WorkerMessage);
        } else if (m.type === 'listening') {
          started = true;
          port = m.port;
          resolve(w);
        } else if (m.type === 'failed') {
          reject(new Error(`SMTP worker could not start: ${m.error}`));
        }
      });
    });

  try {
    await Promise.all(Array.from({ length: config.smtpProcesses }, fork));
  } catch (err) {
    stopping = true;
    for (const w of workers) w.kill();
    throw err;
  }
  log.info({ processes: workers.size, port }, 'SMTP worker processes listening');

  return {
    get port() {
      return port;
    },
    async close() {
      stopping = true;
      await Promise.all(
        [...workers].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              const timer = setTimeout(() => w.kill('SIGKILL'), STOP_TIMEOUT_MS);
              w.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              w.send({ type: 'stop' } satisfies WorkerMessage);
            }),
        ),
      );
    },
  };
}
