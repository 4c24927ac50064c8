/**
 * Print-centre adapters: where finished batches go. Embedded default: a directory per print
 * centre. A batch is written into a hidden staging directory beside its final place and renamed
 * into place only when every file is written and fsynced, so a reader (the print centre's
 * watcher) sees a batch whole or not at all. Production adapters (SFTP/HTTP) follow the same
 * begin → write → commit contract (upload to a temporary name, then rename/finalise).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BatchWriter {
  write(name: string, bytes: Uint8Array): Promise<void>;
  commit(): Promise<string>;
  abort(): Promise<void>;
}

export interface PrintDrop {
  begin(printCentre: string, batchName: string): Promise<BatchWriter>;
}

const SAFE = /^[A-Za-z0-9._-]{1,100}$/;

export function directoryPrintDrop(root: string): PrintDrop {
  return {
    async begin(printCentre, batchName) {
      if (!SAFE.test(printCentre) || !SAFE.test(batchName)) throw new Error('unsafe print centre or batch name');
      const centreDir = path.join(root, printCentre);
      await fs.promises.mkdir(centreDir, { recursive: true });
      const staging = path.join(centreDir, `.incoming-${batchName}`);
      const final = path.join(centreDir, batchName);
      await fs.promises.rm(staging, { recursive: true, force: true });
      await fs.promises.mkdir(staging);
      return {
        async write(name, bytes) {
          if (!SAFE.test(name)) throw new Error(`unsafe file name ${name}`);
          const fh = await fs.promises.open(path.join(staging, name), 'wx');
          try {
            await fh.writeFile(bytes);
            await fh.sync();
          } finally {
            await fh.close();
          }
        },
        async commit() {
          if (fs.existsSync(final)) await fs.promises.rm(final, { recursive: true, force: true }); // a retried job replaces its own earlier attempt
          await fs.promises.rename(staging, final);
          const dh = await fs.promises.open(centreDir, 'r');
          await dh.sync().finally(() => dh.close());
          return final;
        },
        async abort() {
          await fs.promises.rm(staging, { recursive: true, force: true });
        },
      };
    },
  };
}
