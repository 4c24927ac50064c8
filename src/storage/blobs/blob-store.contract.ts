/**
 * The behaviour every BlobStore backend must show, run against each backend by
 * blob-store.test.ts. A backend supplies a fixture: the store plus the few ways to reach
 * behind its back that the tests need (corrupt an object, list what is physically there,
 * stores that cannot work).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import type { BlobStore, ClosableBlobStore } from './blob-store.ts';

export interface BlobStoreFixture {
  store: BlobStore;
  /** Replaces the stored bytes of a blob behind the store's back. */
  corrupt(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Everything physically present in the backing store (blobs and temporaries), sorted. */
  listStored(): Promise<string[]>;
  /** Stores that cannot work, and what check() must say about each. */
  brokenStores(): Promise<Array<{ label: string; store: ClosableBlobStore; reason: RegExp }>>;
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export function runBlobStoreContract(name: string, makeStore: () => Promise<BlobStoreFixture>): void {
  describe(`blob store contract: ${name}`, () => {
    let fx: BlobStoreFixture;
    before(async () => {
      fx = await makeStore();
    });
    after(async () => {
      await fx?.close();
    });

    test('BS-1: a blob put as bytes or as a stream comes back byte for byte under its SHA-256', async () => {
      // A view into a larger buffer: the store must take the view, not the whole buffer.
      const backing = seededBytes(1, 300_000);
      const content = backing.subarray(1000, 201_000);
      const put = await fx.store.put(content);
      assert.deepEqual(put, { sha256: sha256(content), size: content.byteLength });
      assert.deepEqual(await readAll(await fx.store.get(put.sha256)), Buffer.from(content));
      assert.equal(await fx.store.has(put.sha256), true);
      assert.equal(await fx.store.size(put.sha256), content.byteLength);

      const streamed = seededBytes(2, 100_000);
      const put2 = await fx.store.put(Readable.from(chunksOf(streamed, 777), { objectMode: false }));
      assert.deepEqual(put2, { sha256: sha256(streamed), size: streamed.byteLength });
      assert.deepEqual(await readAll(await fx.store.get(put2.sha256)), streamed);
    });

    test('BS-2: the same content put again, even concurrently, gets the same key and is stored once', async () => {
      const content = seededBytes(3, 50_000);
      const before = await fx.listStored();
      const first = await fx.store.put(content);
      const again = await fx.store.put(Readable.from(chunksOf(content, 4096), { objectMode: false }));
      const concurrent = await Promise.all([1, 2, 3].map(() => fx.store.put(content)));
      for (const p of [again, ...concurrent]) assert.deepEqual(p, first);
      const added = difference(await fx.listStored(), before);
      assert.equal(added.length, 1, `one object added, got ${JSON.stringify(added)}`);
      assert.ok(added[0].endsWith(first.sha256));
    });

    test('BS-3: an empty blob is stored and served (size 0, the SHA-256 of nothing)', async () => {
      const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      assert.deepEqual(await fx.store.put(new Uint8Array(0)), { sha256: EMPTY, size: 0 });
      assert.deepEqual(await fx.store.put(Readable.from([], { objectMode: false })), { sha256: EMPTY, size: 0 });
      assert.equal(await fx.store.has(EMPTY), true);
      assert.equal(await fx.store.size(EMPTY), 0);
      assert.equal((await readAll(await fx.store.get(EMPTY))).byteLength, 0);
    });

    test('BS-4: a 60 MB blob streams in and out while memory grows by far less than its size', async () => {
      const TOTAL = 60 * MB;
      const LIMIT = 30 * MB;
      const gauge = memoryGauge();

      const expected = createHash('sha256');
      async function* generate() {
        for (const chunk of seededChunks(4, TOTAL, 64 * 1024)) {
          expected.update(chunk);
          gauge.sampleEvery(chunk.byteLength, 2 * MB);
          yield chunk;
        }
      }
      const put = await fx.store.put(Readable.from(generate(), { objectMode: false }));
      const growthIn = gauge.peakGrowth();
      assert.deepEqual(put, { sha256: expected.digest('hex'), size: TOTAL });
      assert.ok(growthIn < LIMIT, `put grew memory by ${mb(growthIn)}, limit ${mb(LIMIT)}`);

      gauge.reset();
      const actual = createHash('sha256');
      let size = 0;
      for await (const chunk of await fx.store.get(put.sha256)) {
        actual.update(chunk);
        size += chunk.byteLength;
        gauge.sampleEvery(chunk.byteLength, 2 * MB);
      }
      const growthOut = gauge.peakGrowth();
      assert.equal(size, TOTAL);
      assert.equal(actual.digest('hex'), put.sha256);
      assert.ok(growthOut < LIMIT, `get grew memory by ${mb(growthOut)}, limit ${mb(LIMIT)}`);
    });

    test('BS-5: a blob whose stored bytes changed is refused with BLOB_DIGEST_MISMATCH, never served', async () => {
      const content = seededBytes(5, 150_000);
      const { sha256: key } = await fx.store.put(content);

      const flipped = Buffer.from(content);
      flipped[70_000] ^= 0x01;
      await fx.corrupt(key, flipped);
      await assertRefused(await fx.store.get(key));

      await fx.corrupt(key, content.subarray(0, 100_000));
      await assertRefused(await fx.store.get(key));

      // Through a pipeline (as to an HTTP response), the pipeline fails rather than completes.
      const sink = new Writable({ write: (_chunk, _enc, done) => done() });
      await assert.rejects(pipeline(await fx.store.get(key), sink), hasCode('BLOB_DIGEST_MISMATCH'));
    });

    test('BS-13: getBytes returns the content whole, refuses changed bytes with BLOB_DIGEST_MISMATCH and a missing blob with BLOB_NOT_FOUND', async () => {
      const content = seededBytes(13, 70_000);
      const { sha256: key } = await fx.store.put(content);
      assert.deepEqual(await fx.store.getBytes(key), Buffer.from(content));
      const flipped = Buffer.from(content);
      flipped[1234] ^= 0x80;
      await fx.corrupt(key, flipped);
      await assert.rejects(fx.store.getBytes(key), hasCode('BLOB_DIGEST_MISMATCH'));
      await assert.rejects(fx.store.getBytes(sha256(Buffer.from('never stored either'))), hasCode('BLOB_NOT_FOUND'));
      await assert.rejects(fx.store.getBytes('../../etc/passwd'), hasCode('BLOB_NOT_FOUND'));
    });

    test('BS-6: a blob never stored is BLOB_NOT_FOUND; has() is false and size() undefined', async () => {
      const absent = sha256(Buffer.from('never stored'));
      await assert.rejects(fx.store.get(absent), hasCode('BLOB_NOT_FOUND'));
      assert.equal(await fx.store.has(absent), false);
      assert.equal(await fx.store.size(absent), undefined);
      // A key that is not a SHA-256 names nothing (and is never used as a path).
      for (const bad of ['../../etc/passwd', absent.toUpperCase(), absent.slice(1), '']) {
        await assert.rejects(fx.store.get(bad), hasCode('BLOB_NOT_FOUND'));
        assert.equal(await fx.store.has(bad), false);
      }
    });

    test('BS-7: delete removes a blob physically; deleting it again is harmless', async () => {
      const content = seededBytes(7, 10_000);
      const before = await fx.listStored();
      const { sha256: key } = await fx.store.put(content);
      await fx.store.delete(key);
      assert.equal(await fx.store.has(key), false);
      await assert.rejects(fx.store.get(key), hasCode('BLOB_NOT_FOUND'));
      assert.deepEqual(await fx.listStored(), before);
      await fx.store.delete(key);
    });

    test('BS-8: content over maxBytes is refused with PAYLOAD_TOO_LARGE and leaves nothing behind', async () => {
      const before = await fx.listStored();
      const small = seededBytes(8, 1001);
      await assert.rejects(fx.store.put(small, { maxBytes: 1000 }), hasCode('PAYLOAD_TOO_LARGE'));
      await assert.rejects(
        fx.store.put(Readable.from(chunksOf(small, 100), { objectMode: false }), { maxBytes: 1000 }),
        hasCode('PAYLOAD_TOO_LARGE'),
      );
      assert.equal(await fx.store.has(sha256(small)), false);

      // Past the first part of a multipart upload (S3) as well.
      const big = Readable.from(seededChunks(8, 12 * MB, 64 * 1024), { objectMode: false });
      await assert.rejects(fx.store.put(big, { maxBytes: 8 * MB }), hasCode('PAYLOAD_TOO_LARGE'));
      assert.deepEqual(await fx.listStored(), before);

      const exact = small.subarray(0, 1000);
      assert.equal((await fx.store.put(exact, { maxBytes: 1000 })).size, 1000);
    });

    test('BS-9: a source that fails mid-way fails the put with its error and leaves nothing behind', async () => {
      const before = await fx.listStored();
      for (const failAt of [100_000, 7 * MB]) {
        async function* failing() {
          let sent = 0;
          for (const chunk of seededChunks(9, 20 * MB, 64 * 1024)) {
            if (sent >= failAt) throw new Error('upstream connection reset');
            sent += chunk.byteLength;
            yield chunk;
          }
        }
        await assert.rejects(fx.store.put(Readable.from(failing(), { objectMode: false })), /upstream connection reset/);
      }
      assert.deepEqual(await fx.listStored(), before);
    });

    test('BS-11: list() yields every stored blob with its size and modification time, and no temporaries', async () => {
      const a = await fx.store.put(seededBytes(13, 2000));
      const b = await fx.store.put(seededBytes(14, 3000));
      const listed = new Map<string, { size: number; modifiedAt: Date }>();
      for await (const blob of fx.store.list()) listed.set(blob.sha256, blob);
      for (const put of [a, b]) {
        const entry = listed.get(put.sha256);
        assert.ok(entry, `${put.sha256} listed`);
        assert.equal(entry.size, put.size);
        assert.ok(Math.abs(entry.modifiedAt.getTime() - Date.now()) < 60_000, `modifiedAt ${entry.modifiedAt.toISOString()} is about now`);
        assert.deepEqual(await fx.store.stat(put.sha256), { size: entry.size, modifiedAt: entry.modifiedAt });
      }
      // Everything physically there is either a listed blob or not a blob at all.
      const stored = (await fx.listStored()).filter((k) => /[0-9a-f]{64}$/.test(k));
      assert.deepEqual([...listed.keys()].sort(), stored.map((k) => k.slice(-64)).sort());
      assert.equal(await fx.store.stat(sha256(Buffer.from('never stored either'))), undefined);
    });

    test('BS-12: putting stored content again renews its modification time (the sweep spares content being re-stored)', async () => {
      const content = seededBytes(15, 4000);
      const { sha256: key } = await fx.store.put(content);
      const first = (await fx.store.stat(key))!.modifiedAt;
      // S3 keeps LastModified in whole seconds.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await fx.store.put(content);
      const second = (await fx.store.stat(key))!.modifiedAt;
      assert.ok(second.getTime() > first.getTime(), `modifiedAt ${first.toISOString()} → ${second.toISOString()}`);
      assert.deepEqual(await readAll(await fx.store.get(key)), content);
    });

    test('BS-10: check() passes on a working store and fails with a clear reason on one that cannot work', async () => {
      await fx.store.check();
      for (const broken of await fx.brokenStores()) {
        try {
          await assert.rejects(broken.store.check(), (err: unknown) => {
            assert.ok(err instanceof AppError, `${broken.label}: ${String(err)}`);
            assert.equal(err.code, 'SERVICE_UNAVAILABLE', broken.label);
            assert.match(err.message, broken.reason, broken.label);
            return true;
          });
        } finally {
          await broken.store.close();
        }
      }
    });
  });
}

// ---- helpers ------------------------------------------------------------------------------------

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic pseudo-random bytes (mulberry32), chunk by chunk, never all at once. */
export function* seededChunks(seed: number, total: number, chunkSize: number): Generator<Buffer> {
  let state = seed >>> 0;
  for (let done = 0; done < total; done += chunkSize) {
    const n = Math.min(chunkSize, total - done);
    const chunk = Buffer.allocUnsafe(Math.ceil(n / 4) * 4);
    for (let i = 0; i < chunk.byteLength; i += 4) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      chunk.writeUInt32LE((t ^ (t >>> 14)) >>> 0, i);
    }
    yield chunk.subarray(0, n);
  }
}

export function seededBytes(seed: number, size: number): Buffer {
  return Buffer.concat([...seededChunks(seed, size, 64 * 1024)], size);
}

function* chunksOf(bytes: Uint8Array, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.byteLength; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

export function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export function hasCode(code: ErrorCode) {
  return (err: unknown): true => {
    assert.ok(err instanceof AppError, `expected AppError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

/** The stream must fail with BLOB_DIGEST_MISMATCH and never emit 'end'. */
async function assertRefused(stream: Readable): Promise<void> {
  let ended = false;
  stream.on('end', () => {
    ended = true;
  });
  await assert.rejects(readAll(stream), hasCode('BLOB_DIGEST_MISMATCH'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(ended, false, "a corrupted blob's stream emitted 'end'");
}

function difference(after: string[], before: string[]): string[] {
  const old = new Set(before);
  return after.filter((x) => !old.has(x));
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * Peak growth of live memory (V8 heap + array buffers). Each sample runs a full GC first, so
 * garbage the collector has not reached yet does not count: what is measured is what the
 * store holds on to, which is the property under test.
 */
function memoryGauge() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  let base = live();
  let peak = base;
  let sinceSample = 0;
  return {
    sampleEvery(bytes: number, every: number) {
      sinceSample += bytes;
      if (sinceSample < every) return;
      sinceSample = 0;
      peak = Math.max(peak, live());
    },
    peakGrowth() {
      peak = Math.max(peak, live());
      return peak - base;
    },
    reset() {
      base = live();
      peak = base;
      sinceSample = 0;
    },
  };
}
