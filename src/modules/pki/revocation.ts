/**
 * Revocation status of one certificate at the trusted time, from stored validation data
 * (OCSP responses and CRLs supplied or carried in the CMS: offline, for archives) first, then
 * online (OCSP with a nonce, CRL download) through an injectable fetcher. A source that
 * cannot be had, is stale, or is not signed by the right authority adds a reason; with no
 * definitive answer the status is `unknown` — never `good`.
 *
 * Online answers are cached as the policy allows: CRLs until their nextUpdate, OCSP answers
 * (good or revoked, never unknown) for `ocspCacheSeconds` at most and never past their
 * nextUpdate. A cached answer is judged for each verification time as a fetched one is; the
 * report says it was reused, and `onReuse` hands its bytes to whoever keeps validation data.
 */
import { isAppError } from '../../shared/errors.ts';
import { checkCrlSignature, crlCovers, crlStatus, parseCrl, type Crl, type CrlAnswer } from './crl.ts';
import { buildOcspRequest, checkOcspSignature, findSingle, parseOcspResponse, type OcspResponse, type OcspSingle } from './ocsp.ts';
import { BoundedMemo, bytesKey, perObject } from './memo.ts';
import type { RevocationReport } from './report.ts';
import type { Certificate } from './x509.ts';

export interface FetchRequest {
  method: 'GET' | 'POST';
  body?: Uint8Array;
  contentType?: string;
  timeoutMs: number;
}

/** Fetches a URL's body; throws on any failure. Tests inject one talking to loopback servers. */
export type Fetcher = (url: string, req: FetchRequest) => Promise<Uint8Array>;

export const MAX_FETCH_BYTES = 64 * 1024 * 1024;

/** Clock skew tolerated between an OCSP responder and us (answers without nextUpdate). */
export const OCSP_SKEW_MS = 15 * 60_000;

export const httpFetcher: Fetcher = async (url, req) => {
  if (!/^https?:\/\//i.test(url)) throw new Error(`not an http(s) URL: ${url}`);
  const res = await fetch(url, {
    method: req.method,
    body: req.body ? Buffer.from(req.body) : undefined,
    headers: req.contentType ? { 'content-type': req.contentType } : undefined,
    signal: AbortSignal.timeout(req.timeoutMs),
    redirect: 'follow',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  const body = new Uint8Array(await res.arrayBuffer());
  if (body.length > MAX_FETCH_BYTES) throw new Error(`response from ${url} is larger than ${MAX_FETCH_BYTES} bytes`);
  return body;
};

export interface RevocationOptions {
  /** 'require' (default): unknown status fails verification; 'off': not checked (reported). */
  mode?: 'require' | 'off';
  /** Stored or preloaded CRLs (parsed ones are reused across verifications: the fast path). */
  crls?: (Crl | Uint8Array)[];
  crlUrls?: string[];
  ocspUrls?: string[];
  /** Stored OCSP responses kept with the document. */
  ocspResponses?: (OcspResponse | Uint8Array)[];
  /** Also use the URLs in the certificates (CRL distribution points, AIA OCSP). Default false. */
  useCertificateUrls?: boolean;
  fetcher?: Fetcher;
  timeoutMs?: number;
  /**
   * How long an OCSP answer fetched online (good or revoked) is reused for the same
   * certificate and responder instead of asking again: at most this many seconds after its
   * thisUpdate and never past its nextUpdate. 0 or unset: every verification asks the
   * responder (production passes JASHIK_OCSP_CACHE_SECONDS).
   */
  ocspCacheSeconds?: number;
  /**
   * Called when a cached online answer (OCSP or CRL) is used instead of fetching it: a caller
   * that keeps what the fetcher returned as the document's validation data (DF-14) keeps this too.
   */
  onReuse?: (item: { kind: 'ocsp' | 'crl'; url: string; der: Uint8Array }) => void;
}

// Downloaded CRLs, reused until their nextUpdate (or for an hour when they state none).
const crlUrlCache = new Map<string, { crl: Crl; until: number }>();

async function crlFromUrl(url: string, fetcher: Fetcher, timeoutMs: number): Promise<{ crl: Crl; cached: boolean }> {
  const hit = crlUrlCache.get(url);
  if (hit && hit.until > Date.now()) return { crl: hit.crl, cached: true };
  const crl = parseCrl(await fetcher(url, { method: 'GET', timeoutMs }), url);
  crlUrlCache.set(url, { crl, until: crl.nextUpdate?.getTime() ?? Date.now() + 3600_000 });
  return { crl, cached: false };
}

// OCSP answers fetched online, by responder URL, issuer key and serial number, with the
// moment they stop being reused (wall clock: how long ago the responder spoke). Only answers
// that were definitive when fetched (their nonce, signature and status checked) are kept.
const ocspUrlCache = new BoundedMemo<{ resp: OcspResponse; until: number }>(4096);

// The issuer's key as a short digest, once per issuer certificate object (trust store CAs recur).
const issuerKeyDigest = perObject((issuer: Certificate) => bytesKey(issuer.publicKeyBits));

// URL, issuer key digest (base64) and serial (hex) joined by newlines: neither of the last two
// holds one, so no two different triples give the same key.
function ocspCacheKey(url: string, cert: Certificate, issuer: Certificate): string {
  return `${url}\n${issuerKeyDigest(issuer)}\n${cert.serialNumber}`;
}

function cachedOcsp(url: string, cert: Certificate, issuer: Certificate): OcspResponse | undefined {
  const hit = ocspUrlCache.get(ocspCacheKey(url, cert, issuer));
  return hit && Date.now() < hit.until ? hit.resp : undefined;
}

function rememberOcsp(url: string, cert: Certificate, issuer: Certificate, resp: OcspResponse, maxAgeMs: number): void {
  const single = findSingle(resp, cert, issuer);
  if (!single || single.status === 'unknown') return;
  const until = Math.min(single.thisUpdate.getTime() + maxAgeMs, single.nextUpdate?.getTime() ?? Infinity);
  if (until > Date.now()) ocspUrlCache.set(ocspCacheKey(url, cert, issuer), { resp, until });
}

// Stored OCSP answers recur (kept until their nextUpdate, as the policy allows): each is read
// once, from a copy of its bytes; its signature and status are still judged on every use.
const storedOcsp = new BoundedMemo<OcspResponse>(4096);

function parseStoredOcsp(der: Uint8Array): OcspResponse {
  const key = bytesKey(der);
  let r = storedOcsp.get(key);
  if (!r) storedOcsp.set(key, (r = parseOcspResponse(Buffer.from(der))));
  return r;
}

type Answer = { report: RevocationReport } | { reason: string };

function base(cert: Certificate): Pick<RevocationReport, 'subject' | 'serialNumber'> {
  return { subject: cert.subject.text, serialNumber: cert.serialNumber };
}

function fromCrl(crl: Crl, cert: Certificate, issuer: Certificate, at: Date, now: Date): Answer | null {
  if (!crlCovers(crl, cert)) return null;
  const bad = checkCrlSignature(crl, issuer);
  if (bad) return { reason: `CRL ${crl.location ?? ''}: ${bad}` };
  const a: CrlAnswer = crlStatus(crl, cert, at, now);
  if (a.status === 'unknown') return { reason: a.reason };
  return { report: { ...base(cert), status: a.status, source: 'crl', location: crl.location, checkedAt: a.checkedAt.toISOString(), revokedAt: a.revokedAt?.toISOString(), reason: a.reason } };
}

// Who signed an OCSP answer is decided by the answer and the issuer alone: a reused answer
// (the same object until its cache time ends) is checked against an issuer object once.
const ocspSignatureGood = new WeakMap<OcspResponse, WeakSet<Certificate>>();

function ocspSignatureProblem(resp: OcspResponse, issuer: Certificate): string | null {
  if (ocspSignatureGood.get(resp)?.has(issuer)) return null;
  const bad = checkOcspSignature(resp, issuer);
  if (!bad) {
    let good = ocspSignatureGood.get(resp);
    if (!good) ocspSignatureGood.set(resp, (good = new WeakSet()));
    good.add(issuer);
  }
  return bad;
}

// An answer's thisUpdate as text, once per answer entry (a reused answer serves many documents).
const thisUpdateText = perObject((single: OcspSingle) => single.thisUpdate.toISOString());

function fromOcsp(resp: OcspResponse, cert: Certificate, issuer: Certificate, at: Date, now: Date, location: string, nonce?: Uint8Array): Answer | null {
  if (resp.responseStatus !== 'successful') return { reason: `OCSP ${location}: responder says ${resp.responseStatus}` };
  const single = findSingle(resp, cert, issuer);
  if (!single) return nonce ? { reason: `OCSP ${location}: the response is not about this certificate` } : null;
  if (nonce && (!resp.nonce || Buffer.compare(resp.nonce, nonce) !== 0)) return { reason: `OCSP ${location}: nonce missing or different (possible replay)` };
  const bad = ocspSignatureProblem(resp, issuer);
  if (bad) return { reason: `OCSP ${location}: ${bad}` };
  if (single.thisUpdate.getTime() > now.getTime() + OCSP_SKEW_MS) return { reason: `OCSP ${location}: answer dated after the verification time` };
  const checkedAt = thisUpdateText(single);
  if (single.status === 'unknown') return { reason: `OCSP ${location}: the responder does not know the certificate` };
  if (single.status === 'non-issued') return { report: { ...base(cert), status: 'revoked', source: 'ocsp', location, checkedAt, revokedAt: single.revokedAt?.toISOString(), reason: 'non-issued certificate' } };
  if (single.status === 'revoked' && single.revokedAt!.getTime() <= at.getTime()) {
    return { report: { ...base(cert), status: 'revoked', source: 'ocsp', location, checkedAt, revokedAt: single.revokedAt!.toISOString(), reason: single.reason } };
  }
  // Current for `at` if produced after it (within clock skew) or still valid at it.
  const current = single.thisUpdate.getTime() >= at.getTime() - OCSP_SKEW_MS || (single.nextUpdate !== undefined && single.nextUpdate.getTime() >= at.getTime());
  if (!current) return { reason: `OCSP ${location}: answer of ${checkedAt} predates the trusted time and has expired` };
  return { report: { subject: cert.subject.text, serialNumber: cert.serialNumber, status: 'good', source: 'ocsp', location, checkedAt } };
}

/** A revoked answer wins over a good one; reasons alone give null. */
function pick(answers: Answer[]): RevocationReport | null {
  let good: RevocationReport | null = null;
  for (const a of answers) {
    if (!('report' in a)) continue;
    if (a.report.status === 'revoked') return a.report;
    if (a.report.status === 'good') good ??= a.report;
  }
  return good;
}

const message = (err: unknown) => (isAppError(err) ? err.message : err instanceof Error ? err.message : String(err));

/** Status of `cert` (issued by `issuer`) at `at`; `now` is the verification time. */
export async function checkRevocation(cert: Certificate, issuer: Certificate, at: Date, now: Date, opts: RevocationOptions, cmsCrls: Crl[] = []): Promise<RevocationReport> {
  if (opts.mode === 'off') return { ...base(cert), status: 'not-checked' };
  const answers: Answer[] = [];
  // 1. Offline: stored OCSP responses and CRLs.
  for (const r of opts.ocspResponses ?? []) {
    try {
      const a = fromOcsp(r instanceof Uint8Array ? parseStoredOcsp(r) : r, cert, issuer, at, now, 'stored response');
      if (a) answers.push(a);
    } catch (err) {
      answers.push({ reason: `stored OCSP response unreadable: ${message(err)}` });
    }
  }
  for (const crls of [opts.crls, cmsCrls]) {
    for (const c of crls ?? []) {
      try {
        const a = fromCrl(c instanceof Uint8Array ? parseCrl(c) : c, cert, issuer, at, now);
        if (a) answers.push(a);
      } catch (err) {
        answers.push({ reason: `CRL unreadable: ${message(err)}` });
      }
    }
  }
  let found = answers.length ? pick(answers) : null;
  if (found) return found;
  // 2. Online: OCSP, then CRLs.
  const fetcher = opts.fetcher ?? httpFetcher;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const ocspUrls = opts.useCertificateUrls && cert.ocspUrls.length ? [...(opts.ocspUrls ?? []), ...cert.ocspUrls] : (opts.ocspUrls ?? []);
  const ocspMaxAgeMs = Math.max(0, opts.ocspCacheSeconds ?? 0) * 1000;
  for (const url of ocspUrls) {
    // A cached answer had its nonce checked when fetched; everything else is judged again.
    const cached = ocspMaxAgeMs > 0 ? cachedOcsp(url, cert, issuer) : undefined;
    const reused = cached && fromOcsp(cached, cert, issuer, at, now, url);
    if (reused && 'report' in reused) {
      opts.onReuse?.({ kind: 'ocsp', url, der: cached.der });
      reused.report.cached = true; // a report fromOcsp made for this call
      answers.push(reused);
      if ((found = pick(answers))) return found;
      continue;
    }
    try {
      const req = buildOcspRequest(cert, issuer);
      const body = await fetcher(url, { method: 'POST', body: req.der, contentType: 'application/ocsp-request', timeoutMs });
      const resp = parseOcspResponse(body);
      const a = fromOcsp(resp, cert, issuer, at, now, url, req.nonce) ?? { reason: `OCSP ${url}: no answer for the certificate` };
      answers.push(a);
      if (ocspMaxAgeMs > 0 && 'report' in a) rememberOcsp(url, cert, issuer, resp, ocspMaxAgeMs);
    } catch (err) {
      answers.push({ reason: `OCSP ${url} unavailable: ${message(err)}` });
    }
    if ((found = pick(answers))) return found;
  }
  const crlUrls = [...(opts.crlUrls ?? []), ...(opts.useCertificateUrls ? cert.crlUrls : [])];
  for (const url of crlUrls) {
    try {
      const { crl, cached } = await crlFromUrl(url, fetcher, timeoutMs);
      if (cached) opts.onReuse?.({ kind: 'crl', url, der: crl.der });
      const a = fromCrl(crl, cert, issuer, at, now);
      if (a) answers.push(cached && 'report' in a ? { report: { ...a.report, cached: true } } : a);
    } catch (err) {
      answers.push({ reason: `CRL ${url} unavailable: ${message(err)}` });
    }
    if ((found = pick(answers))) return found;
  }
  const why: string[] = [];
  for (const a of answers) if ('reason' in a) why.push(a.reason);
  if (why.length === 0) why.push('no CRL or OCSP source covers this certificate');
  return { ...base(cert), status: 'unknown', unknownReasons: why };
}
