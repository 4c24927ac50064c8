/**
 * The blob store contract against both backends: files in a temp directory, and S3 through an
 * s3rver this file starts on 127.0.0.1 (random port, temp directory, in a child process) and
 * stops at the end.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { openBlobStore } from './blob-store.ts';
import { runBlobStoreContract, readAll, seededBytes, sha256, type BlobStoreFixture } from './blob-store.contract.ts';
import { openFsBlobStore } from './fs-blob-store.ts';
import { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts';
import { S3RVER_CREDENTIALS, startS3rver as startS3rverAt, type RunningS3rver } from '../../../test/support/s3rver.ts';

const BUCKET = 'jashik-test';
const startS3rver = () => startS3rverAt(BUCKET);
const isRoot = process.getuid?.() === 0;

// ---- file system --------------------------------------------------------------------------------

async function fsFixture(): Promise<BlobStoreFixture> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
  const store = openFsBlobStore(dataDir);
  let n = 0;
  const brokenDataDir = async () => {
    const dir = path.join(dataDir, `broken-${++n}`);
    await mkdir(dir);
    return dir;
  };
  return {
    store,
    corrupt: (key, bytes) => writeFile(store.pathOf(key), bytes),
    listStored: () => listFiles(store.root),
    async brokenStores() {
      const missing = openFsBlobStore(await brokenDataDir());
      await rm(missing.root, { recursive: true });
      const blocked = openFsBlobStore(await brokenDataDir());
      await rm(path.join(blocked.root, 'tmp'), { recursive: true });
      await writeFile(path.join(blocked.root, 'tmp'), 'a file where the temp directory should be');
      const broken = [
        { label: 'directory removed', store: missing, reason: /blobs does not exist/ },
        { label: 'temp directory replaced by a file', store: blocked, reason: /blobs is not writable: ENOTDIR/ },
      ];
      if (!isRoot) {
        // Permissions do not stop root, so this case only runs as an ordinary user.
        const readOnly = openFsBlobStore(await brokenDataDir());
        await chmod(path.join(readOnly.root, 'tmp'), 0o555);
        broken.push({ label: 'directory read-only', store: readOnly, reason: /blobs is not writable: EACCES/ });
      }
      return broken;
    },
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

runBlobStoreContract('files', fsFixture);

describe('file system backend', () => {
  test('FS-1: a blob lives at <dataDir>/blobs/ab/cd/<sha256>, readable by nobody but the owner', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
    try {
      const store = openFsBlobStore(dataDir);
      const content = seededBytes(11, 5000);
      const { sha256: key } = await store.put(content);
      const file = path.join(dataDir, 'blobs', key.slice(0, 2), key.slice(2, 4), key);
      assert.deepEqual(await readFile(file), content);
      assert.equal(statSync(file).mode & 0o077, 0);
      assert.deepEqual(await readdir(path.join(dataDir, 'blobs', 'tmp')), []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('FS-4: a put into a fan-out directory removed behind the store’s back makes it again (the store remembers directories it synced, and must not trust that)', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
    try {
      const store = openFsBlobStore(dataDir);
      const first = seededBytes(21, 3000);
      const { sha256: key } = await store.put(first);
      await rm(path.join(store.root, key.slice(0, 2)), { recursive: true });
      assert.equal(await store.has(key), false);
      const again = await store.put(first);
      assert.equal(again.sha256, key);
      assert.deepEqual(await readFile(store.pathOf(key)), first);
      // Many puts at once into directories new to the store all land (one fsync of each new
      // directory's parent is shared by the puts waiting for it).
      const many = Array.from({ length: 40 }, (_, i) => seededBytes(100 + i, 700));
      const keys = await Promise.all(many.map((b) => store.put(b)));
      for (const [i, k] of keys.entries()) assert.deepEqual(await readFile(store.pathOf(k.sha256)), many[i]);
      assert.deepEqual(await readdir(path.join(store.root, 'tmp')), []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('BS-13: getBytes of a blob whose file is not readable content fails with the system error, not BLOB_NOT_FOUND or empty bytes; an empty blob reads as empty', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
    try {
      const store = openFsBlobStore(dataDir);
      const empty = await store.put(new Uint8Array(0));
      assert.deepEqual(await store.getBytes(empty.sha256), Buffer.alloc(0));
      // A directory where the blob's file should be: the read fails with EISDIR.
      const key = sha256(Buffer.from('a directory in the place of this blob'));
      await mkdir(store.pathOf(key), { recursive: true });
      await assert.rejects(store.getBytes(key), (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
      // A file where the fan-out directory should be: ENOTDIR counts as missing, as before.
      const other = sha256(Buffer.from('a file in the place of this fan-out directory'));
      await mkdir(path.dirname(path.dirname(store.pathOf(other))), { recursive: true });
      await writeFile(path.dirname(store.pathOf(other)), 'not a directory');
      await assert.rejects(store.getBytes(other), (err: Error & { code?: string }) => err.code === 'BLOB_NOT_FOUND');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('FS-2: temp files of interrupted writes are removed at open; a live writer’s are kept', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
    try {
      const tmp = path.join(openFsBlobStore(dataDir).root, 'tmp');
      const deadPid = 2 ** 30; // above any pid_max
      const hourAgo = new Date(Date.now() - 2 * 3600_000);
      await writeFile(path.join(tmp, `${deadPid}.a.tmp`), 'process gone');
      await writeFile(path.join(tmp, `${process.pid}.b.tmp`), 'an earlier process with our pid');
      await writeFile(path.join(tmp, `${process.ppid}.c.tmp`), 'live writer, fresh');
      await writeFile(path.join(tmp, `${process.ppid}.d.tmp`), 'live pid, untouched for hours');
      await utimes(path.join(tmp, `${process.ppid}.d.tmp`), hourAgo, hourAgo);
      await writeFile(path.join(tmp, 'junk'), 'not ours');

      openFsBlobStore(dataDir);
      assert.deepEqual(await readdir(tmp), [`${process.ppid}.c.tmp`]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('FS-3: without JASHIK_BLOB_URL the store is files under <dataDir>/blobs', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jashik-blobs-'));
    try {
      const store = openBlobStore({ dataDir, blobUrl: undefined, s3: { region: 'us-east-1', forcePathStyle: true } });
      assert.equal(store.kind, 'fs');
      assert.ok(existsSync(path.join(dataDir, 'blobs', 'tmp')));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// ---- S3 through s3rver --------------------------------------------------------------------------

function s3Options(endpoint: string, overrides: Partial<S3BlobStoreOptions> = {}): S3BlobStoreOptions {
  return {
    bucket: BUCKET,
    prefix: 'mail/blobs',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    ...overrides,
  };
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function s3Fixture(): Promise<BlobStoreFixture> {
  const s3rver = await startS3rver();
  const store = createS3BlobStore(s3Options(s3rver.endpoint));
  return {
    store,
    async corrupt(key, bytes) {
      await store.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: store.keyOf(key), Body: bytes }));
    },
    async listStored() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await store.client.send(
          new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'mail/', ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) keys.push(o.Key!);
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async brokenStores() {
      return [
        {
          label: 'nothing listens on the port',
          store: createS3BlobStore(s3Options(`http://127.0.0.1:${await closedPort()}`)),
          reason: /S3 bucket "jashik-test" at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
        },
        {
          label: 'bucket missing',
          store: createS3BlobStore(s3Options(s3rver.endpoint, { bucket: 'no-such-bucket' })),
          reason: /"no-such-bucket" .*: the bucket does not exist/,
        },
      ];
    },
    async close() {
      await store.close();
      await s3rver.stop();
    },
  };
}

runBlobStoreContract('S3 (s3rver)', s3Fixture);

describe('S3 backend', () => {
  const servers: RunningS3rver[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });

  test('S3-1: check() fails, naming the endpoint, once the server has stopped', async () => {
    const s3rver = await startS3rver();
    servers.push(s3rver);
    const store = createS3BlobStore(s3Options(s3rver.endpoint));
    try {
      await store.check();
      await s3rver.stop();
      await assert.rejects(store.check(), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SERVICE_UNAVAILABLE');
        assert.match(err.message, new RegExp(`${s3rver.endpoint.replace(/\./g, '\\.')}: .*ECONNREFUSED`));
        return true;
      });
    } finally {
      await store.close();
    }
  });

  test('S3-2: JASHIK_BLOB_URL=s3://bucket/prefix selects S3; blobs land at <prefix>/ab/cd/<sha256>', async () => {
    const s3rver = await startS3rver();
    servers.push(s3rver);
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    const store = openBlobStore({
      dataDir: '/nonexistent',
      blobUrl: `s3://${BUCKET}/via-config/`,
      s3: { endpoint: s3rver.endpoint, region: 'us-east-1', forcePathStyle: true },
    });
    try {
      assert.equal(store.kind, 's3');
      const content = seededBytes(12, 3000);
      const { sha256: key } = await store.put(content);
      assert.equal(key, sha256(content));
      assert.deepEqual(await readAll(await store.get(key)), content);
      const raw = createS3BlobStore(s3Options(s3rver.endpoint, { prefix: 'via-config' }));
      const listed = await raw.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key), [`via-config/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`]);
      await raw.close();
    } finally {
      await store.close();
      restoreEnv('AWS_ACCESS_KEY_ID', saved.id);
      restoreEnv('AWS_SECRET_ACCESS_KEY', saved.secret);
    }
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
