/**
 * `jashik verify`, `jashik sign` and `jashik cert` (issue 3, item 8), as functions the CLI
 * dispatcher calls with the arguments after the command name. Exit codes: 0 valid/done,
 * 1 invalid signature, 2 unreadable input or usage error. The key password is read only from
 * the environment variable named by --password-env and never printed.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.ts';
import { parseCertificate, summarizeCertificate } from './certificate.ts';
import { addCmsSigner, addSignatureTimestamp, signCms } from './cms-sign.ts';
import { formatCertificate, formatReport } from './cli-format.ts';
import { httpFetcher, type Fetcher } from './revocation.ts';
import { loadP12Signer, loadPemSigner, type HashName } from './sign.ts';
import { loadTrustStore, TrustStore } from './trust.ts';
import { buildTimestampRequest, tokenFromResponse } from './tsp.ts';
import { verifyCms } from './verify.ts';
import { parseSignedData } from './cms-parse.ts';
import { evidenceDocumentOf, parseEvidenceBatchManifest } from '../operator-keys/evidence-batch.ts';

export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string): unknown };
  readFile(path: string): Promise<Uint8Array>;
  env?: Record<string, string | undefined>;
  /** HTTP for CRL/OCSP/TSA; tests inject one bound to loopback servers. */
  fetcher?: Fetcher;
}

class UsageError extends Error {}

const VERIFY_USAGE = 'usage: jashik verify FILE [--content DATA_FILE] [--document EVIDENCE_JSON] [--trust DIR] [--crl FILE|URL]... [--ocsp URL]... [--ocsp-response FILE]... [--timestamp FILE]... [--at ISO_TIME] [--received-at ISO_TIME] [--purpose signing|authentication] [--no-revocation] [--json]';
const SIGN_USAGE = 'usage: jashik sign (--p12 FILE | --key FILE --cert FILE) [--password-env VAR] [--detached] [--hash sha256|sha384|sha512] [--pss] [--add-to CMS_FILE] [--tsa URL] IN > OUT.p7s';
const CERT_USAGE = 'usage: jashik cert FILE [--json]';

function time(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(d.getTime())) throw new UsageError(`${name}: expected an ISO 8601 time such as 2022-06-01T12:00:00Z, got ${JSON.stringify(value)}`);
  return d;
}

/** Runs a command body, mapping failures to exit code 2 with a one-line message. */
async function guarded(io: CliIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) io.stderr.write(`jashik: ${err.message}\n${usage}\n`);
    else if (isAppError(err)) io.stderr.write(`jashik: ${err.code}: ${err.message}\n`);
    else if ((err as NodeJS.ErrnoException)?.code === 'ENOENT' || (err as NodeJS.ErrnoException)?.code === 'EISDIR' || (err as NodeJS.ErrnoException)?.code === 'EACCES') io.stderr.write(`jashik: cannot read ${(err as NodeJS.ErrnoException).path ?? 'input'}: ${(err as NodeJS.ErrnoException).code}\n`);
    else if ((err as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) io.stderr.write(`jashik: ${(err as Error).message}\n${usage}\n`);
    else throw err;
    return 2;
  }
}

export async function runVerifyCommand(argv: string[], io: CliIo): Promise<number> {
  return guarded(io, VERIFY_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        content: { type: 'string' }, document: { type: 'string' }, trust: { type: 'string' }, crl: { type: 'string', multiple: true }, ocsp: { type: 'string', multiple: true },
        'ocsp-response': { type: 'string', multiple: true }, timestamp: { type: 'string', multiple: true }, at: { type: 'string' },
        'received-at': { type: 'string' }, purpose: { type: 'string' }, 'no-revocation': { type: 'boolean' }, json: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('exactly one signature FILE expected');
    if (values.purpose && values.purpose !== 'signing' && values.purpose !== 'authentication') throw new UsageError('--purpose: signing or authentication');
    const cms = await io.readFile(positionals[0]);
    const content = values.content ? await io.readFile(values.content) : undefined;
    const document = values.document ? await io.readFile(values.document) : undefined;
    const trustDir = values.trust ?? io.env?.JASHIK_TRUST_DIR;
    const trust = trustDir ? await loadTrustStore(trustDir) : new TrustStore([]);
    const crls: Uint8Array[] = [];
    const crlUrls: string[] = [];
    for (const c of values.crl ?? []) {
      if (/^https?:\/\//i.test(c)) crlUrls.push(c);
      else crls.push(await io.readFile(c));
    }
    const report = await verifyCms(cms, {
      trust, content, at: time(values.at, '--at'), receivedAt: time(values['received-at'], '--received-at'),
      purpose: values.purpose as 'signing' | 'authentication' | undefined,
      timestampTokens: await Promise.all((values.timestamp ?? []).map((f) => io.readFile(f))),
      revocation: {
        mode: values['no-revocation'] ? 'off' : 'require', crls, crlUrls, ocspUrls: values.ocsp ?? [],
        ocspResponses: await Promise.all((values['ocsp-response'] ?? []).map((f) => io.readFile(f))),
        fetcher: io.fetcher ?? httpFetcher,
      },
    });
    if (trustDir === undefined) io.stderr.write('jashik: no --trust directory (or JASHIK_TRUST_DIR): no certificate can be trusted\n');
    for (const p of trust.problems) io.stderr.write(`jashik: trust directory: ${p}\n`);
    const evidence = evidenceCheck(cms, content, document);
    io.stdout.write(values.json ? `${JSON.stringify(evidence ? { ...report, evidence } : report, null, 2)}\n` : formatReport(report) + (evidence ? evidenceLines(evidence) : ''));
    return report.valid && (!evidence || evidence.valid) ? 0 : 1;
  });
}

type EvidenceCheck = { valid: boolean; problem: string | null; batch: { issuedAt: string; count: number } | null; documentSha256: string | null };

/**
 * Evidence signed in a batch (X-3, operator-keys/evidence-batch.ts): the signature covers a
 * manifest of evidence-document digests, so the document (--document) must be one it lists.
 * Also run when --document is given for a single signature: it must be the signed content.
 */
function evidenceCheck(cms: Uint8Array, content: Uint8Array | undefined, document: Uint8Array | undefined): EvidenceCheck | undefined {
  let signed: Uint8Array | undefined;
  try {
    signed = parseSignedData(cms).eContent ?? content;
  } catch {
    return undefined; // unreadable CMS: the report already says so
  }
  if (!signed || (!document && !parseEvidenceBatchManifest(signed))) return undefined;
  const r = evidenceDocumentOf(signed, document);
  return r.ok
    ? { valid: true, problem: null, batch: r.batch, documentSha256: createHash('sha256').update(r.document).digest('hex') }
    : { valid: false, problem: r.problem, batch: null, documentSha256: null };
}

function evidenceLines(e: EvidenceCheck): string {
  if (!e.valid) return `Evidence document: INVALID\n  ${e.problem}\n`;
  const batch = e.batch ? `, signed in a batch of ${e.batch.count} evidence documents (manifest issued ${e.batch.issuedAt})` : '';
  return `Evidence document: VALID, SHA-256 ${e.documentSha256}${batch}\n`;
}

export async function runSignCommand(argv: string[], io: CliIo): Promise<number> {
  return guarded(io, SIGN_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        p12: { type: 'string' }, key: { type: 'string' }, cert: { type: 'string' }, 'password-env': { type: 'string' }, detached: { type: 'boolean' },
        hash: { type: 'string' }, pss: { type: 'boolean' }, 'add-to': { type: 'string' }, tsa: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('exactly one input file IN expected');
    if (!values.p12 === !(values.key && values.cert)) throw new UsageError('give either --p12 FILE or --key FILE --cert FILE');
    if (values.hash && !['sha256', 'sha384', 'sha512'].includes(values.hash)) throw new UsageError('--hash: sha256, sha384 or sha512');
    let password: string | undefined;
    const envName = values['password-env'];
    if (envName) {
      password = io.env?.[envName];
      if (password === undefined) throw new UsageError(`the environment variable ${envName} (--password-env) is not set`);
    } else if (values.p12) throw new UsageError('--password-env VAR is required with --p12');
    const opts = { hash: values.hash as HashName | undefined, pss: values.pss };
    const signer = values.p12
      ? await loadP12Signer(await io.readFile(values.p12), password!, opts)
      : await loadPemSigner(await io.readFile(values.key!), await io.readFile(values.cert!), password, opts);
    const data = await io.readFile(positionals[0]);
    let cms: Uint8Array = values['add-to']
      ? addCmsSigner(await io.readFile(values['add-to']), signer, { content: data })
      : signCms(data, [signer], { detached: values.detached });
    if (values.tsa) {
      const index = values['add-to'] ? -1 : 0;
      const sd = parseSignedData(cms);
      const i = index < 0 ? sd.signers.length - 1 : index;
      const req = buildTimestampRequest(sd.signers[i].signature);
      const resp = await (io.fetcher ?? httpFetcher)(values.tsa, { method: 'POST', body: req.der, contentType: 'application/timestamp-query', timeoutMs: 15_000 });
      cms = addSignatureTimestamp(cms, i, tokenFromResponse(resp));
    }
    io.stdout.write(cms);
    return 0;
  });
}

export async function runCertCommand(argv: string[], io: CliIo): Promise<number> {
  return guarded(io, CERT_USAGE, async () => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new UsageError('exactly one certificate FILE expected');
    const summary = summarizeCertificate(parseCertificate(await io.readFile(positionals[0])));
    io.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatCertificate(summary));
    return 0;
  });
}
