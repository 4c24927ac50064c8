import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseLetter, snippetOf } from './parse-letter.ts';

/** What the snippet has always been: the whole text collapsed and trimmed, then cut. */
const collapseWhole = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

test('X-2: the snippet is the first 200 characters of the text, whitespace collapsed, however long the text and wherever its whitespace runs fall', () => {
  const word = 'Сәлем, әлем! Hello ';
  const cases: [string, string][] = [
    ['empty', ''],
    ['short', '  short text\r\n\r\nwith lines  '],
    ['long text', word.repeat(5000)],
    ['leading whitespace longer than the first look', ' '.repeat(3000) + word.repeat(100)],
    ['a whitespace run across the first look', 'x'.repeat(1000) + ' \r\n\t '.repeat(20) + word.repeat(100)],
    ['only whitespace after the 200th character', 'y'.repeat(199) + ' '.repeat(5000)],
    ['text of exactly 200 characters then whitespace', 'z'.repeat(200) + '\n'.repeat(2000)],
    ['whitespace only', ' \n'.repeat(4000)],
    ['a space at the 200th character, then only whitespace', 'w'.repeat(199) + ' ' + ' '.repeat(3000) + '\n'],
  ];
  for (const [name, text] of cases) assert.equal(snippetOf(text), collapseWhole(text), name);
  // Whitespace-heavy texts of every length around the look-ahead boundaries.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const len = Math.floor(rnd() * 12000);
    let text = '';
    while (text.length < len) text += rnd() < 0.7 ? ' \r\n\t'[Math.floor(rnd() * 4)].repeat(1 + Math.floor(rnd() * 400)) : 'абв def'.slice(0, 1 + Math.floor(rnd() * 7));
    assert.equal(snippetOf(text), collapseWhole(text), `random text ${i} (${text.length} characters)`);
  }
});

test('X-2: a long inbound letter is indexed with its snippet from the start of its text', async () => {
  const body = 'Құрметті клиент,\r\n\r\n' + 'мәтін '.repeat(20000) + '\r\n';
  const raw = Buffer.from(`From: a@sender.example\r\nTo: b@pochta.localhost\r\nSubject: long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`);
  const parsed = await parseLetter(Readable.from([raw]));
  assert.equal(parsed.snippet, collapseWhole(parsed.text));
  assert.ok(parsed.snippet.startsWith('Құрметті клиент, мәтін мәтін'));
  assert.equal(parsed.snippet.length, 200);
});
