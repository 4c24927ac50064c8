import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BatchContent } from './batch-content.ts';

/** A blob store double that records which files were read, and when. */
function reader() {
  const asked: string[] = [];
  return {
    asked,
    getBytes: async (sha256: string) => {
      asked.push(sha256);
      if (sha256 === 'missing') throw new Error('BLOB_NOT_FOUND');
      return Buffer.from(sha256);
    },
  };
}

describe('BatchContent: the content files of a check batch', () => {
  test('reads ahead in the order of the checks only up to the byte budget, the rest when a check asks', async () => {
    const r = reader();
    const c = new BatchContent(r.getBytes, [{ sha256: 'a', size: 40 }, { sha256: 'b', size: 50 }, { sha256: 'c', size: 20 }], 100);
    assert.deepEqual(r.asked, ['a', 'b'], 'a and b fit the budget of 100 bytes; c (which would make 110) waits');
    assert.equal((await c.take('a')).toString(), 'a');
    assert.equal((await c.take('b')).toString(), 'b');
    assert.equal((await c.take('c')).toString(), 'c');
    assert.deepEqual(r.asked, ['a', 'b', 'c']);
  });

  test('a file larger than the budget is still read ahead when it comes first', () => {
    const r = reader();
    new BatchContent(r.getBytes, [{ sha256: 'big', size: 500 }, { sha256: 'small', size: 1 }], 100);
    assert.deepEqual(r.asked, ['big']);
  });

  test('a file shared by several deliveries is read once and let go after its last use', async () => {
    const r = reader();
    const c = new BatchContent(r.getBytes, [{ sha256: 'shared', size: 10 }, { sha256: 'own', size: 10 }, { sha256: 'shared', size: 10 }], 1000);
    assert.equal(c.held, 2);
    await c.take('shared');
    assert.equal(c.held, 2, 'shared has one more use to come');
    await c.take('own');
    assert.equal(c.held, 1, 'own was used once, as planned: let go');
    await c.take('shared');
    assert.equal(c.held, 0, 'nothing is held once every planned use is taken');
    assert.deepEqual(r.asked, ['shared', 'own']);
  });

  test('a failed read is reported to each check that takes the file, not as an unhandled rejection', async () => {
    const r = reader();
    const c = new BatchContent(r.getBytes, [{ sha256: 'missing', size: 1 }, { sha256: 'missing', size: 1 }]);
    await new Promise((resolve) => setImmediate(resolve)); // the read has failed by now, with nobody awaiting it yet
    await assert.rejects(c.take('missing'), /BLOB_NOT_FOUND/);
    await assert.rejects(c.take('missing'), /BLOB_NOT_FOUND/);
    assert.deepEqual(r.asked, ['missing']);
  });
});
