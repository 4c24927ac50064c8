/**
 * An s3rver (S3 test double) on 127.0.0.1 for tests of the S3 blob backend.
 *
 * s3rver runs in a child process: the network boundary is real, stopping it is a real outage,
 * and its buffers do not count in the memory the store tests measure. The child exits when
 * its stdin closes, so it cannot outlive this process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  endpoint: string;
  stop(): Promise<void>;
}

const S3RVER_MAIN = `
  const S3rver = require(process.argv[1]);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2],
    configureBuckets: [{ name: process.argv[3] }] });
  server.run().then(({ port }) => process.stdout.write(port + '\\n'), (err) => { console.error(err); process.exit(1); });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
`;

/** Starts s3rver (random port, temp directory) with one bucket. */
export async function startS3rver(bucket: string): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(tmpdir(), 'jashik-s3rver-'));
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(process.execPath, ['-e', S3RVER_MAIN, s3rverPath, directory, bucket], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
