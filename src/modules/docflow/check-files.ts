/**
 * DF-2, DF-3: one or more DOC/DOCX content files, at most 6 attachments in the allowed formats,
 * 62,914,560 bytes over all of them; every file's type is read from its bytes and must agree
 * with its name. All problems are reported together, naming each file's field.
 */
import type { FieldError } from '../../shared/errors.ts';
import { CONTENT_FORMATS, formatOfName, nameAgrees, sniffFormat, type FileFormat } from './formats.ts';
import { field, refuse } from './field-texts.ts';
import { DOCFLOW_LIMITS } from './types.ts';

export interface NewFile {
  role: 'content' | 'attachment';
  filename: string;
  content: Buffer;
}

export interface CheckedFile extends NewFile {
  format: FileFormat;
}

const FILENAME_RE = /^[^\\/\u0000-\u001f]{1,200}$/;

/** DF-6, DF-18: an electronic copy of a paper document has the scan (or a text file) as its content. */
export const PAPER_COPY_CONTENT_FORMATS: readonly FileFormat[] = ['pdf', 'tiff', 'jpeg', 'rtf', 'doc', 'docx'];

export function checkFiles(files: NewFile[], limits = DOCFLOW_LIMITS, contentFormats: readonly FileFormat[] = CONTENT_FORMATS): CheckedFile[] {
  const errors: FieldError[] = [];
  const content = files.filter((f) => f.role === 'content');
  const attachments = files.filter((f) => f.role === 'attachment');
  if (content.length === 0) errors.push(field('files', 'content_required'));
  if (content.length > limits.contentFiles) errors.push(field('files', 'too_many_content'));
  if (attachments.length > limits.attachments) {
    // Name the first attachment beyond the limit: files[i] of the request.
    const seventh = files.indexOf(attachments[limits.attachments]);
    errors.push(field(`files[${seventh}]`, 'too_many_attachments'));
  }
  const total = files.reduce((n, f) => n + f.content.length, 0);
  if (total > limits.totalBytes) throw refuse('DOCFLOW_TOO_LARGE', [field('files', 'too_large')], `${total} bytes > ${limits.totalBytes}`);
  const checked: CheckedFile[] = [];
  files.forEach((f, i) => {
    const name = `files[${i}]`;
    if (!FILENAME_RE.test(f.filename) || f.filename.trim() !== f.filename || f.filename === '.' || f.filename === '..') {
      errors.push(field(`${name}.filename`, 'filename'));
      return;
    }
    const named = formatOfName(f.filename);
    const actual = sniffFormat(f.content);
    if (!named) {
      errors.push(field(`${name}.filename`, 'format_not_allowed'));
      return;
    }
    if (!actual || !nameAgrees(named, actual)) {
      errors.push(field(`${name}.content`, actual ? 'format_mismatch' : 'format_not_allowed', 'format_mismatch'));
      return;
    }
    if (f.role === 'content' && !contentFormats.includes(actual)) {
      errors.push(field(`${name}.filename`, 'content_format'));
      return;
    }
    checked.push({ ...f, format: actual });
  });
  if (errors.length) throw refuse('DOCFLOW_DOCUMENT_INVALID', errors);
  return checked;
}
