import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { exportMailbox } from './export-mailbox.ts';
import { getLetterRaw } from './get-letter.ts';
import { listLetters } from './list-letters.ts';
import { sendLetter } from './send-letter.ts';
import { makeMailbox, unzip } from './test-support.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';

const bed = mailTestBedForThisFile();
const { drain } = bed;

test('MB-7: exportMailbox gives a ZIP of the original .eml files, registered letters\' evidence beside them, and a manifest of digests', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'plain', text: 'one' });
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'registered', text: 'two', registered: true });
  await drain();
  const { stream, filename } = await exportMailbox(bed.deps, b, { folder: 'inbox' });
  assert.match(filename, /^mailbox-inbox-.*\.zip$/);
  const files = unzip(await buffer(stream));
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { files: { path: string; sha256: string; letterId?: string }[] };
  for (const f of manifest.files) assert.equal(createHash('sha256').update(files.get(f.path)!).digest('hex'), f.sha256, f.path);
  const emls = manifest.files.filter((f) => f.path.endsWith('.eml'));
  assert.equal(emls.length, 2);
  for (const e of emls) assert.deepEqual(files.get(e.path), await buffer((await getLetterRaw(bed.deps, b, e.letterId!)).stream));
  const evidence = [...files.keys()].filter((k) => k.includes('.evidence/')).sort();
  // The recipient holds the evidence that concerns it: the consignment into its mailbox.
  assert.deepEqual(evidence.map((k) => k.replace(/^.*\.evidence\//, '')), ['02-ContentConsignment.json', '02-ContentConsignment.p7s']);
  // Another mailbox exports only its own letters.
  const c = await makeMailbox(bed.database);
  const other = unzip(await buffer((await exportMailbox(bed.deps, c)).stream));
  assert.deepEqual([...other.keys()], ['manifest.json']);
  assert.equal((await listLetters(bed.database, b)).letters.length, 2);
});
