/**
 * Per-IP request limits (@fastify/rate-limit), registered once for the whole server with
 * `global: false`: only routes that carry a limit are counted, each with its own window.
 *
 * Where a limit comes from, first match wins:
 * 1. `JASHIK_RATE_LIMITS`, e.g. `verifyEvidence=10/60,login=5/60` (operationId = requests /
 *    window in seconds): the operator's override, for any route with an operationId;
 * 2. the route's own `config.rateLimit` (the accounts credential paths set theirs beside them);
 * 3. DEFAULT_ROUTE_LIMITS below, for public and code-checking routes that set none.
 *
 * Credential paths are also throttled per account and per IP with growing delays and lockouts
 * in the accounts service (`modules/accounts/throttle.ts`); these limits only bound the rate
 * of requests an address can send at all.
 *
 * Over the limit: 429 with the project's error body (RATE_LIMITED, kk/ru/en) and Retry-After.
 * The client address is the socket's unless the peer is a proxy listed in `JASHIK_TRUST_PROXY`
 * (Fastify `trustProxy`), then the address it forwards: behind a load balancer, list it, or all
 * requests share the balancer's address and its limits.
 * Counts are kept in each node's memory: N application nodes admit up to N times a limit
 * (the per-account throttle, in the database, is shared).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

export interface RouteLimit {
  max: number;
  windowSeconds: number;
}

export type RouteLimits = Record<string, RouteLimit>;

/** Routes that need a limit and do not set one themselves. */
export const DEFAULT_ROUTE_LIMITS: RouteLimits = {
  // Public, no sign-in, parses and verifies CMS up to a megabyte: the most expensive open door.
  // The cabinet verifies each record of a letter it shows (one call per record), so a person
  // reading registered letters makes a few calls a letter: 60 a minute leaves room for that.
  verifyEvidence: { max: 60, windowSeconds: 60 },
  // Each sends an e-mail with a code / checks a code (the service also caps wrong codes per code).
  setNotifyAddress: { max: 10, windowSeconds: 60 },
  confirmNotifyAddress: { max: 10, windowSeconds: 60 },
};

const ITEM_RE = /^([A-Za-z][A-Za-z0-9_]*)=(\d{1,7})\/(\d{1,7})$/;

/** Parses `JASHIK_RATE_LIMITS`; throws a message naming the bad item. */
export function parseRateLimits(raw: string | undefined): RouteLimits {
  const limits: RouteLimits = {};
  for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = ITEM_RE.exec(item);
    if (!m || Number(m[3]) < 1) throw new Error(`"${item}" is not operationId=requests/seconds`);
    limits[m[1]] = { max: Number(m[2]), windowSeconds: Number(m[3]) };
  }
  return limits;
}

const asPluginConfig = (l: RouteLimit) => ({ max: l.max, timeWindow: l.windowSeconds * 1000 });

export async function registerRateLimits(app: FastifyInstance, overrides: RouteLimits = {}): Promise<void> {
  // Added before the plugin's own onRoute hook, so the plugin sees the limit chosen here.
  app.addHook('onRoute', (route) => {
    const id = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (id === undefined) return;
    const chosen = overrides[id] ?? (route.config?.rateLimit ? undefined : DEFAULT_ROUTE_LIMITS[id]);
    if (chosen) route.config = { ...route.config, rateLimit: asPluginConfig(chosen) };
  });
  await app.register(rateLimit, {
    global: false,
    // The plugin sets Retry-After and the x-ratelimit-* headers before this error is thrown;
    // the error handler renders it like any AppError.
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', { detail: `over ${ctx.max} requests per ${ctx.after}` }),
  });
}
