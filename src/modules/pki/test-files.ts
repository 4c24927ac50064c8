/**
 * For the pki tests that hand files to OpenSSL or the CLI: a temporary folder for one test file
 * (removed after its tests), `file(name, data)` that writes into it and answers the path, and
 * `openssl(...args)` that answers openssl's stdout (and throws when openssl fails).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export function testFilesForThisFile(prefix: string): { dir: string; file(name: string, data: Uint8Array | string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), `jashik-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, data) {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      return p;
    },
  };
}

export const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
