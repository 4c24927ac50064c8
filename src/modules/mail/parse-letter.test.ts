import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { MAX_PARTS, parseLetter, snippetOf } from './parse-letter.ts';

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

/** A multipart letter with text, HTML and two attachments (one base64, one quoted-printable). */
function multipartLetter(): Buffer {
  const b = 'b0undary';
  return Buffer.from([
    'From: "Әсел Ноғай" <Asel@Sender.example>', 'To: b@pochta.localhost, c@pochta.localhost', 'Cc: d@pochta.localhost',
    'Subject: =?UTF-8?B?0KXQsNGCINGC0LXQutGB0YLRlg==?=', 'Message-ID: <m1@sender.example>', 'In-Reply-To: <m0@sender.example>',
    'References: <r0@sender.example> <m0@sender.example>', 'Date: Mon, 23 Nov 2026 08:00:00 +0000', 'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`, '',
    `--${b}`, 'Content-Type: multipart/alternative; boundary="alt"', '',
    '--alt', 'Content-Type: text/plain; charset=utf-8', '', 'Сәлем,   қазақ   тілі', '',
    '--alt', 'Content-Type: text/html; charset=utf-8', '', '<p>Сәлем, <b>қазақ</b></p>', '--alt--', '',
    `--${b}`, 'Content-Type: application/pdf; name="өтініш.pdf"', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="өтініш.pdf"', '',
    Buffer.from('%PDF-1.4 not really'.repeat(50)).toString('base64').replace(/.{76}/g, '$&\r\n'), '',
    `--${b}`, 'Content-Type: text/csv; name="a.csv"', 'Content-Transfer-Encoding: quoted-printable', 'Content-Disposition: attachment; filename="a.csv"', '',
    'a;b=3Dc', '1;2', `--${b}--`, '',
  ].join('\r\n'));
}

test('X-2: a letter given in memory as a Buffer is parsed exactly as the same bytes streamed (fields, parts and attachment digests)', async () => {
  const raw = multipartLetter();
  const streamed = await parseLetter(Readable.from([raw.subarray(0, 100), raw.subarray(100, 333), raw.subarray(333)]), { keepHtml: true });
  const inMemory = await parseLetter(raw, { keepHtml: true });
  assert.deepEqual(inMemory, streamed);
  // The comparison means something only if the letter was really understood.
  assert.equal(inMemory.messageId, '<m1@sender.example>');
  assert.equal(inMemory.fromAddress, 'asel@sender.example');
  assert.deepEqual(inMemory.to, ['b@pochta.localhost', 'c@pochta.localhost']);
  assert.deepEqual(inMemory.attachments.map((a) => a.filename), ['өтініш.pdf', 'a.csv']);
  assert.equal(inMemory.attachments[1].size, 'a;b=c\r\n1;2'.length);
  assert.deepEqual(inMemory.parts.map((p) => p.name), ['text', 'html', 'өтініш.pdf', 'a.csv']);
});

test('X-2 bad input: a letter in memory with more parts than allowed is refused, with the same error as when streamed', async () => {
  const parts = Array.from({ length: MAX_PARTS + 1 }, (_, i) => `--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="p${i}"\r\n\r\n${i}\r\n`).join('');
  const raw = Buffer.from(`From: a@sender.example\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n${parts}--x--\r\n`);
  const streamed = await parseLetter(Readable.from([raw])).then(() => null, (e: Error) => e);
  const inMemory = await parseLetter(raw).then(() => null, (e: Error) => e);
  assert.ok(streamed instanceof Error, 'the streamed letter is refused');
  assert.ok(inMemory instanceof Error, 'the letter in memory is refused');
  assert.equal(inMemory.message, streamed.message);
});
