/**
 * Signed documents (ARCHITECTURE, Conventions): canonical JSON (RFC 8785) with `type`,
 * `version`, `issuedAt` and a single-use server `nonce`, signed as CMS over exactly those bytes
 * (attached, or detached with the document sent beside the signature). This file reads what a
 * client sent and checks it is one such document; the signature itself is checked by
 * `signature-check.ts`, the nonce by `nonces.ts`.
 */
import { canonicalJson as canonicalJsonOrUndefined } from '../../shared/canonical-json.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { field, refuse } from './field-errors.ts';

export function canonicalJson(value: unknown): string {
  const out = canonicalJsonOrUndefined(value);
  if (out === undefined) throw new TypeError('value cannot be canonicalised');
  return out;
}

export interface SignedInput {
  /** Base64 of the CMS (DER). */
  signature: string;
  /** The canonical document as text: required with a detached signature, optional (must match) with an attached one. */
  document?: string;
}

export interface ReadDocument {
  cms: Buffer;
  /** The canonical bytes that were signed. */
  bytes: Buffer;
  text: string;
  value: Record<string, unknown>;
  detached: boolean;
}

const B64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decodes the CMS, takes the signed content, and checks it is a canonical JSON object of `type`. */
export function readSignedDocument(input: SignedInput, type: string): ReadDocument {
  const compact = input.signature.replace(/\s+/g, '');
  if (!B64_RE.test(compact)) throw refuse('PKI_MALFORMED', [field('signature', 'signature_malformed', 'not_base64')], 'signature is not base64');
  const cms = Buffer.from(compact, 'base64');
  let eContent: Uint8Array | undefined;
  try {
    eContent = parseSignedData(cms).eContent;
  } catch (err) {
    if (isAppError(err)) throw new AppError(err.code, { detail: err.detail, fields: [field('signature', 'signature_malformed', 'malformed')] });
    throw err;
  }
  const given = input.document === undefined ? undefined : Buffer.from(input.document, 'utf8');
  if (!eContent && !given) throw new AppError('PKI_CONTENT_REQUIRED', { fields: [field('document', 'required')] });
  if (eContent && given && Buffer.compare(Buffer.from(eContent), given) !== 0) throw refuse('PKI_SIGNATURE_INVALID', [field('document', 'document_differs')]);
  const bytes = eContent ? Buffer.from(eContent) : (given as Buffer);
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('VALIDATION_FAILED', [field('document', 'document_not_canonical', 'not_json')]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || canonicalJson(value) !== text || !Buffer.from(text, 'utf8').equals(bytes)) {
    throw refuse('VALIDATION_FAILED', [field('document', 'document_not_canonical', 'not_canonical')]);
  }
  const doc = value as Record<string, unknown>;
  if (doc.type !== type || doc.version !== 1) throw refuse('VALIDATION_FAILED', [field('document.type', 'document_type', 'wrong_type')]);
  if (typeof doc.nonce !== 'string' || typeof doc.issuedAt !== 'string') throw refuse('VALIDATION_FAILED', [field('document.nonce', 'required')]);
  return { cms, bytes, text, value: doc, detached: !eContent };
}

/** The document a client is to sign: callers add their fields; the server supplies the nonce. */
export function buildDocument(type: string, nonce: string, body: Record<string, unknown>, issuedAt = new Date()): string {
  return canonicalJson({ ...body, type, version: 1, issuedAt: issuedAt.toISOString(), nonce });
}
