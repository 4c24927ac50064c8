/**
 * What a round trip over TCP loopback costs against a Unix-domain socket on this machine — the
 * lead behind "the embedded PostgreSQL is reached over TCP loopback" in the docflow and SMTP
 * profiles (socket writes to PostgreSQL were about 7% of the docflow path's CPU). Both ends run
 * in this process: a client writes N bytes, the server answers one byte once it has them all.
 * Prints user and system CPU and wall time per round trip for a small (200 B, a query) and a large
 * (100 KB, a batch of receipts) message. The embedded server listens on 127.0.0.1 only because a
 * Unix socket's path is limited to 107 bytes and data directories can be deeper than that.
 *
 *   node --import tsx bench/loopback-socket/run.ts [--round-trips=N]
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const arg = process.argv.find((a) => a.startsWith('--round-trips='));
const ROUND_TRIPS = arg ? Number(arg.split('=')[1]) : 2000;

async function roundTrips(kind: 'tcp' | 'unix', size: number, n: number): Promise<string> {
  const server = net.createServer((s) => {
    let want = size;
    s.on('data', (d) => {
      want -= d.length;
      if (want <= 0) {
        want = size;
        s.write('k');
      }
    });
  });
  const socketPath = path.join(os.tmpdir(), `jashik-socket-bench-${process.pid}.sock`);
  fs.rmSync(socketPath, { force: true });
  await new Promise<void>((resolve) => (kind === 'tcp' ? server.listen(0, '127.0.0.1', resolve) : server.listen(socketPath, resolve)));
  const client = kind === 'tcp' ? net.connect((server.address() as net.AddressInfo).port, '127.0.0.1') : net.connect(socketPath);
  await new Promise((resolve) => client.once('connect', resolve));
  const message = Buffer.alloc(size, 1);
  const once = () => new Promise((resolve) => { client.once('data', resolve); client.write(message); });
  for (let i = 0; i < 50; i++) await once(); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  const cpu = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  client.destroy();
  server.close();
  fs.rmSync(socketPath, { force: true });
  return `${kind.padEnd(4)} ${String(size).padStart(6)} B: user ${(cpu.user / n).toFixed(0)} µs, system ${(cpu.system / n).toFixed(0)} µs, wall ${((wall * 1000) / n).toFixed(0)} µs per round trip`;
}

console.log(`bench/loopback-socket: ${ROUND_TRIPS} round trips each, both ends in this process, ${os.cpus().length} CPUs`);
for (const size of [200, 100_000]) for (const kind of ['tcp', 'unix'] as const) console.log(await roundTrips(kind, size, ROUND_TRIPS));
