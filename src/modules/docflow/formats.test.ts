import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOfName, nameAgrees, sniffFormat } from './formats.ts';
import { formatNumber, validPattern } from './numbering.ts';
import { checkRequisites } from './requisites.ts';
import { docxText } from './text-extract.ts';
import { makeDocx, zipStore } from './zip-write.ts';

const ole = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), Buffer.from(stream, 'utf16le')]);
const ooxml = (part: string) => zipStore([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: part, data: Buffer.from('<x/>') }]);

test('DF-3: every allowed format is recognised by its bytes', () => {
  const cases: [Buffer, string][] = [
    [Buffer.from('%PDF-1.7'), 'pdf'], [Buffer.from([0x49, 0x49, 0x2a, 0x00, 1]), 'tiff'], [Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 1]), 'tiff'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'], [Buffer.from('{\\rtf1 hello}'), 'rtf'], [ole('WordDocument'), 'doc'], [ole('Workbook'), 'xls'],
    [ole('PowerPoint Document'), 'ppt'], [makeDocx(['x']), 'docx'], [ooxml('xl/workbook.xml'), 'xlsx'], [ooxml('ppt/presentation.xml'), 'pptx'],
    [Buffer.from('Rar!\x1a\x07\x00'), 'rar'], [zipStore([{ name: 'a.txt', data: Buffer.from('a') }]), 'zip'],
  ];
  for (const [bytes, format] of cases) assert.equal(sniffFormat(bytes), format, format);
});

test('DF-3: executables, scripts and unknown bytes are not any allowed format', () => {
  assert.equal(sniffFormat(Buffer.from('MZ\x90\x00')), undefined);
  assert.equal(sniffFormat(Buffer.from('\x7fELF')), undefined);
  assert.equal(sniffFormat(Buffer.from('#!/bin/sh\n')), undefined);
  assert.equal(sniffFormat(Buffer.alloc(0)), undefined);
  assert.equal(sniffFormat(Buffer.from('PK\x03\x04 broken zip')), undefined);
});

test('DF-3: the extension must agree with the content (.jpg and .jpeg alike; a DOCX is also a ZIP)', () => {
  assert.equal(formatOfName('scan.JPG'), 'jpeg');
  assert.equal(formatOfName('scan.jpeg'), 'jpeg');
  assert.equal(formatOfName('virus.exe'), undefined);
  assert.equal(nameAgrees('zip', 'docx'), true);
  assert.equal(nameAgrees('docx', 'zip'), false);
  assert.equal(nameAgrees('pdf', 'docx'), false);
});

test('DF-12: registration numbers follow the pattern; a pattern without {seq} is refused', () => {
  assert.equal(formatNumber('{index}/{seq}', { index: '01-01', seq: 7, year: 2026, journal: 'outgoing' }), '01-01/7');
  assert.equal(formatNumber('{journal}-{yy}-{seq}', { index: '01-01', seq: 12, year: 2026, journal: 'incoming' }), 'ВХ-26-12');
  assert.equal(validPattern('{index}/{seq}/{year}'), true);
  assert.equal(validPattern('{index}'), false);
  assert.equal(validPattern('{seq}{evil}'), false);
});

test('DF-4/DF-5: requisites are checked for presence and shape; unknown ones are named', () => {
  const errors = checkRequisites({ title: '', bogus: 1, incomingReference: { number: '5', date: '1 May' } }, { sheets: { main: -1, attachments: 0 }, paperOriginal: 'maybe' }, ['requisites.title', 'card.subject']);
  const names = errors.map((e) => `${e.name}:${e.code}`).sort();
  assert.deepEqual(names, ['card.paperOriginal:malformed', 'card.sheets:malformed', 'card.subject:required', 'requisites.bogus:unknown', 'requisites.incomingReference.date:malformed', 'requisites.title:required']);
});

test('DF-4/DF-5: a requisite of white space only (spaces, tabs, line breaks, no-break and ideographic spaces) is missing; one visible character makes it present', () => {
  const blank = ' \t\n\u00a0\u2028\u3000\ufeff';
  const errors = checkRequisites({ title: blank, addressee: `${blank}Х${blank}` }, { subject: blank, executorSurname: blank }, ['requisites.title', 'requisites.addressee', 'card.subject']);
  assert.deepEqual(errors.map((e) => `${e.name}:${e.code}`).sort(), ['card.subject:required', 'requisites.title:required']);
  assert.deepEqual(checkRequisites({}, { questionNature: blank, executorPhone: '\u00a0+7' }, []), []);
});

test('DF-1: the text of a DOCX is extracted for search, Kazakh letters intact', () => {
  assert.equal(docxText(makeDocx(['Әріптестер, қош келдіңіздер!', 'Екінші абзац & <белгі>'])), 'Әріптестер, қош келдіңіздер!\nЕкінші абзац & <белгі>');
});
