/**
 * Who is calling: the cookie session (people) with CSRF protection on state-changing requests,
 * or a bearer API token (integrators, no cookies, so no CSRF). Other modules' routes use
 * `requireSession` / `optionalCaller` from here; the rules (idle and absolute timeouts,
 * revocation, token scopes) live in the accounts module.
 *
 * Cookies: `jashik_session` (HttpOnly, SameSite=Lax, Secure behind TLS — always outside demo
 * mode) and `jashik_csrf` (readable by the page, which echoes it in the `X-CSRF-Token` header).
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { agreementPendingFor } from '../../modules/accounts/agreement-pending.ts';
import { resolveApiToken, type ResolvedToken } from '../../modules/accounts/api-tokens.ts';
import { csrfMatches, resolveSession, SESSION_ABSOLUTE_MS, type ResolvedSession } from '../../modules/accounts/sessions.ts';

/** Our cookie values are base64url: no encoding needed; the attributes are fixed. */
function serialize(name: string, value: string, o: { httpOnly: boolean; sameSite: 'lax'; secure: boolean; path: string; maxAge: number }): string {
  return `${name}=${value}; Max-Age=${o.maxAge}; Path=${o.path}${o.httpOnly ? '; HttpOnly' : ''}${o.secure ? '; Secure' : ''}; SameSite=Lax`;
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!(k in out)) out[k] = part.slice(i + 1).trim();
  }
  return out;
}

export const SESSION_COOKIE = 'jashik_session';
export const CSRF_COOKIE = 'jashik_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session?: ResolvedSession;
    apiToken?: ResolvedToken;
  }
}

export type StaffRole = 'operator_admin' | 'clerk' | 'print_centre';

export interface GuardOptions {
  /** Staff roles allowed; absent = any signed-in account (subject to `kinds`). */
  roles?: StaffRole[];
  kinds?: ('personal' | 'organisation' | 'staff')[];
  /** Routes that work before a new agreement version is accepted (accepting it, logout, me). */
  allowPendingAgreement?: boolean;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieSecure(req: FastifyRequest, demo: boolean): boolean {
  return req.protocol === 'https' || !demo;
}

export function setSessionCookies(reply: FastifyReply, s: { token: string; csrfToken: string }, secure: boolean): void {
  const maxAge = Math.floor(SESSION_ABSOLUTE_MS / 1000);
  reply.header('set-cookie', [
    serialize(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge }),
    serialize(CSRF_COOKIE, s.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', [
    serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 }),
    serialize(CSRF_COOKIE, '', { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge: 0 }),
  ]);
}

function sessionToken(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookies(header)[SESSION_COOKIE] || undefined;
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** Where the guards find the database: read at request time, so routes register without storage. */
export interface DbSource {
  readonly db: Db;
}

const dbOf = (s: Db | DbSource): Db => ('select' in s ? s : s.db);

/** Resolves the cookie session (and checks CSRF on unsafe methods); 401 without one. Use as `onRequest`, so it runs before body validation. */
export function requireSession(source: Db | DbSource, opts: GuardOptions = {}): preHandlerAsyncHookHandler {
  return async (req) => {
    const db = dbOf(source);
    const token = sessionToken(req);
    const session = token ? await resolveSession(db, token) : null;
    if (!session) throw new AppError('UNAUTHENTICATED');
    if (!SAFE.has(req.method) && !csrfMatches(session.csrfToken, req.headers[CSRF_HEADER])) throw new AppError('CSRF_FAILED');
    const a = session.account;
    if (opts.kinds && !opts.kinds.includes(a.kind)) throw new AppError('FORBIDDEN', { detail: `a ${a.kind} account cannot do this` });
    if (opts.roles && (!a.staffRole || !opts.roles.includes(a.staffRole))) throw new AppError('FORBIDDEN', { detail: `role ${a.staffRole ?? 'none'} is not one of ${opts.roles.join(', ')}` });
    if (!opts.allowPendingAgreement && agreementPendingFor(a, session.latestAgreementId)) throw new AppError('AGREEMENT_ACCEPTANCE_REQUIRED');
    req.session = session;
  };
}

/** A session (as above) or a bearer token; 401 when neither. Tokens skip CSRF (no cookies involved). */
export function requireCaller(source: Db | DbSource, opts: GuardOptions = {}): preHandlerAsyncHookHandler {
  const viaSession = requireSession(source, opts);
  return async function (this: unknown, req, reply) {
    const t = bearer(req);
    if (t) {
      const resolved = await resolveApiToken(dbOf(source), t);
      if (!resolved) throw new AppError('UNAUTHENTICATED');
      req.apiToken = resolved;
      return;
    }
    await viaSession.call(this as never, req, reply);
  };
}

export function clientOf(req: FastifyRequest): { ip: string; userAgent?: string } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined };
}

export function auditContext(req: FastifyRequest): { actor?: string; requestId: string } {
  const actor = req.session ? `user:${req.session.account.id}` : req.apiToken ? `token:${req.apiToken.id}` : undefined;
  return { actor, requestId: req.id };
}
