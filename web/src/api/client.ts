/**
 * The only way the cabinet talks to the server: the documented API (docs/openapi.json).
 * Operations are found by their stable `operationId` in the server's own OpenAPI document, so
 * a screen knows whether the server offers an operation yet (else it shows a placeholder) and
 * never hard-codes a path the API does not document.
 *
 * Every request carries the user's language (server messages come back in it) and, for
 * changes, the session's CSRF token.
 */
import i18n from 'i18next';
import documented from 'virtual:api-operations';

export interface FieldProblem {
  name: string;
  code: string;
  message: string;
}

/** A refusal from the server (its code and its message in the user's language), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Operation {
  method: string;
  path: string;
}

let operations: Promise<Map<string, Operation>> | undefined;

/** The operations in the docs/openapi.json this cabinet was built with. */
function documentedOperations(): Map<string, Operation> {
  return new Map(Object.entries(documented).map(([id, [method, path]]) => [id, { method, path }]));
}

/** operationId → method and path template, from the server's /openapi.json (fetched once), else the documented ones. */
export function loadOperations(): Promise<Map<string, Operation>> {
  operations ??= (async () => {
    const map = new Map<string, Operation>();
    try {
      const r = await fetch('/openapi.json', { headers: { accept: 'application/json' } });
      if (!r.ok) return documentedOperations();
      const doc = (await r.json()) as { paths?: Record<string, Record<string, { operationId?: string }>> };
      for (const [p, methods] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(methods)) {
          if (op && typeof op === 'object' && op.operationId) map.set(op.operationId, { method: method.toUpperCase(), path: p });
        }
      }
    } catch {
      return documentedOperations();
    }
    return map;
  })();
  return operations;
}

export async function hasOperation(id: string): Promise<boolean> {
  return (await loadOperations()).has(id);
}

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function cookieCsrf(): string | undefined {
  const m = document.cookie.match(/(?:^|;\s*)(?:jashik_csrf|csrf_token|csrf)=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

async function resolve(id: string, opts: CallOptions): Promise<Operation & { url: string }> {
  const op = (await loadOperations()).get(id);
  if (!op) throw new ApiError(0, 'NOT_AVAILABLE', i18n.t('errors.codes.NOT_AVAILABLE'));
  const given = Object.values(opts.params ?? {});
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    // A single parameter fills a single placeholder whatever the API calls it ({id}, {letterId}).
    const v = opts.params?.[name] ?? (given.length === 1 && (op.path.match(/\{/g) ?? []).length === 1 ? given[0] : undefined);
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${id}`);
    return encodeURIComponent(v);
  });
  const u = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return { ...op, url: u.pathname + u.search };
}

function headers(method: string, json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language || 'kk' };
  if (json) h['content-type'] = 'application/json';
  const token = csrfToken ?? cookieCsrf();
  if (method !== 'GET' && method !== 'HEAD' && token) h['x-csrf-token'] = token;
  return h;
}

async function toError(r: Response): Promise<ApiError> {
  try {
    const body = (await r.json()) as { error?: { code: string; message: string; fields?: FieldProblem[] } };
    if (body.error) return new ApiError(r.status, body.error.code, body.error.message, body.error.fields ?? []);
  } catch {
    /* not our JSON */
  }
  return new ApiError(r.status, r.status >= 500 ? 'INTERNAL' : 'UNKNOWN', i18n.t('errors.http', { status: r.status }));
}

/** Calls an operation by its operationId; JSON in, JSON out (or a Blob for other types). */
export async function call<T = unknown>(id: string, opts: CallOptions = {}): Promise<T> {
  const op = await resolve(id, opts);
  let r: Response;
  try {
    r = await fetch(op.url, {
      method: op.method,
      credentials: 'same-origin',
      headers: { ...headers(op.method, opts.body !== undefined), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', i18n.t('errors.codes.NETWORK'));
  }
  if (!r.ok) throw await toError(r);
  if (r.status === 204) return undefined as T;
  const type = r.headers.get('content-type') ?? '';
  return (type.includes('json') ? await r.json() : await r.blob()) as T;
}

/** Sends a large body (multipart form or JSON) with upload progress (fetch cannot report it). */
export async function upload<T = unknown>(id: string, form: FormData | object, onProgress: (fraction: number) => void, opts: CallOptions = {}): Promise<T> {
  const json = !(form instanceof FormData);
  const op = await resolve(id, opts);
  return new Promise<T>((done, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open(op.method, op.url);
    for (const [k, v] of Object.entries({ ...headers(op.method, json), ...opts.headers })) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => fail(new ApiError(0, 'NETWORK', i18n.t('errors.codes.NETWORK')));
    xhr.onload = async () => {
      const r = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } });
      if (!r.ok) return fail(await toError(r));
      onProgress(1);
      done((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
    };
    xhr.send(json ? JSON.stringify(form) : (form as FormData));
  });
}

/**
 * A refusal in the user's current language: our catalogue's text for the server's code when we
 * have one (so switching language re-translates it), else the server's own message (the server
 * answers in the language the request asked for).
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (i18n.exists(`errors.codes.${err.code}`)) return i18n.t(`errors.codes.${err.code}`);
    return err.message || i18n.t('errors.unexpected');
  }
  return i18n.t('errors.unexpected');
}

/**
 * A field problem in the user's language: the server's own message (it names exactly what is
 * wrong and arrives in the language the request asked for); our generic text only if it gave none.
 */
export function fieldText(f: FieldProblem): string {
  return f.message || (i18n.exists(`errors.fields.${f.code}`) ? i18n.t(`errors.fields.${f.code}`) : i18n.t('errors.unexpected'));
}
