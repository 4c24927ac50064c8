/**
 * In-process cache of resolved sessions, so that a signed-in request usually costs no database
 * round trip to find out who is calling.
 *
 * What keeps it correct:
 * - PostgreSQL notifies `jashik_sessions` whenever something a resolved session depends on
 *   changes (migration 0014: triggers on sessions, accounts and agreement_versions): 'a:<account
 *   id>' or '*'. Each process holds one LISTEN connection and drops what a notification names, so
 *   a change made anywhere (another node, an SMTP worker, a job, psql) applies within moments.
 * - While that connection is not up (starting, broken, reconnecting, a heartbeat unanswered) the
 *   cache is bypassed and emptied: no notification can be missed unnoticed.
 * - A lookup that read the database before a change was announced does not fill the cache (its
 *   row may predate the change): fills compare the time their query started with the time of the
 *   last change seen for that account, or for everyone.
 * - A change made by this process (logout, revocation, password reset, closing, agreement
 *   acceptance, profile) calls `sessionsChanged` inside its transaction: the account's entries go
 *   at once, and the account is not cached again until its notification has arrived (the
 *   transaction has committed) — so the very next request here sees the change, whoever answers
 *   first. A change whose notification never comes (rolled back) stops holding after HOLD_MAX_MS.
 * - Entries live ENTRY_TTL_MS at most and the cache holds at most `max` of them. A hit is used
 *   only while the session needs no touch (last seen under a minute ago): every decision about the
 *   idle timeout and the touch itself is taken on the database row, exactly as without the cache.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Database, Tx } from '../../storage/db/database.ts';

export const SESSION_CHANNEL = 'jashik_sessions';
const ENTRY_TTL_MS = 30_000;
/** A local change keeps its account uncached at least this long, and until its notification arrives… */
const HOLD_MIN_MS = 2_000;
/** …but no longer than this when none arrives (the transaction rolled back). */
const HOLD_MAX_MS = 10_000;
/** A database read older than this when it returns does not fill the cache (changes seen before then are forgotten). */
const FILL_MAX_AGE_MS = 5_000;
const HEARTBEAT_MS = 10_000;
const RECONNECT_MAX_MS = 30_000;

/** What a live session resolves to, as `resolveSession` returns it, plus the times its checks need. */
export interface CachedSession<R> {
  accountId: string;
  expiresAt: number;
  lastSeenAt: number;
  resolved: R;
}

/** A database read in progress: when it started, for `put`. */
export type FillTicket = number;

export interface SessionCache<R = unknown> {
  /** True while the LISTEN connection is up: only then is anything served or stored. */
  readonly listening: boolean;
  get(sessionId: string): CachedSession<R> | undefined;
  /** Take before reading the database; pass to `put` with what was read. */
  ticket(): FillTicket;
  put(ticket: FillTicket, sessionId: string, entry: CachedSession<R>): void;
  /** Resolves once listening (tests, start-up). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

const caches = new Map<Tx, Cache<unknown>>();

/** The cache serving lookups made through this database handle, if one was started (transactions get none). */
export function sessionCacheFor<R>(db: Tx): SessionCache<R> | undefined {
  return caches.get(db) as SessionCache<R> | undefined;
}

/**
 * This process changed an account's sessions or the account (or, with '*', something every
 * session depends on). Call inside the changing transaction, after the change.
 */
export function sessionsChanged(accountId: string | '*'): void {
  for (const c of caches.values()) c.markLocal(accountId);
}

export interface SessionCacheOptions {
  log: Pick<Logger, 'warn' | 'info'>;
  max?: number;
  ttlMs?: number;
  heartbeatMs?: number;
  /** HOLD_MIN_MS, shorter in tests. */
  holdMinMs?: number;
}

/** Starts the cache for this database handle: `resolveSession(database.db, …)` uses it from now on. */
export function startSessionCache<R>(database: Database, opts: SessionCacheOptions): SessionCache<R> {
  if (caches.has(database.db)) throw new Error('a session cache already runs for this database');
  const cache = new Cache<R>(database, opts);
  caches.set(database.db, cache as Cache<unknown>);
  cache.connect();
  return cache;
}

class Cache<R> implements SessionCache<R> {
  listening = false;
  private readonly entries: LRUCache<string, CachedSession<R>>;
  /** Until when fills of an account are refused (performance.now() ms): the last change seen, or a local change still held. */
  private readonly changedUntil = new Map<string, number>();
  /** Local changes awaiting their notification: account → when marked. */
  private readonly held = new Map<string, number>();
  private allChangedUntil = Infinity;
  private heldAll: number | undefined;
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pingsOut = 0;
  private readonly pingId = `ping:${randomUUID()}`;
  private waiters: (() => void)[] = [];
  private readonly holdMinMs: number;

  constructor(
    private readonly database: Database,
    private readonly opts: SessionCacheOptions,
  ) {
    this.entries = new LRUCache({ max: opts.max ?? 10_000, ttl: opts.ttlMs ?? ENTRY_TTL_MS });
    this.holdMinMs = opts.holdMinMs ?? HOLD_MIN_MS;
  }

  get(sessionId: string): CachedSession<R> | undefined {
    return this.listening ? this.entries.get(sessionId) : undefined;
  }

  ticket(): FillTicket {
    return performance.now();
  }

  put(ticket: FillTicket, sessionId: string, entry: CachedSession<R>): void {
    const now = performance.now();
    if (!this.listening || now - ticket > FILL_MAX_AGE_MS) return;
    if (ticket <= this.allChangedUntil || ticket <= (this.changedUntil.get(entry.accountId) ?? -Infinity)) return;
    this.entries.set(sessionId, entry);
  }

  markLocal(accountId: string): void {
    const now = performance.now();
    if (accountId === '*') {
      this.heldAll = now;
      this.allChangedUntil = Math.max(this.allChangedUntil, now + HOLD_MAX_MS);
      this.entries.clear();
      return;
    }
    this.held.set(accountId, now);
    this.changedUntil.set(accountId, Math.max(this.changedUntil.get(accountId) ?? -Infinity, now + HOLD_MAX_MS));
    this.dropAccount(accountId);
    this.prune(now);
  }

  /** A notification: this account (or everyone) changed in a committed transaction. */
  private changed(accountId: string | '*'): void {
    const now = performance.now();
    if (accountId === '*') {
      this.entries.clear();
      const marked = this.heldAll;
      this.heldAll = undefined;
      this.allChangedUntil = marked === undefined ? Math.max(this.allChangedUntil, now) : Math.max(now, marked + this.holdMinMs);
      return;
    }
    this.dropAccount(accountId);
    const marked = this.held.get(accountId);
    this.held.delete(accountId);
    this.changedUntil.set(accountId, marked === undefined ? Math.max(this.changedUntil.get(accountId) ?? -Infinity, now) : Math.max(now, marked + this.holdMinMs));
    this.prune(now);
  }

  private dropAccount(accountId: string): void {
    const gone: string[] = [];
    for (const [k, v] of this.entries.entries()) if (v.accountId === accountId) gone.push(k);
    for (const k of gone) this.entries.delete(k);
  }

  /** Forgets changes no pending fill can predate any more. */
  private prune(now: number): void {
    if (this.changedUntil.size < 1000) return;
    for (const [k, until] of this.changedUntil) if (until < now - FILL_MAX_AGE_MS) this.changedUntil.delete(k);
    for (const [k, at] of this.held) if (at < now - HOLD_MAX_MS) this.held.delete(k);
  }

  /** Not listening: serve and store nothing until LISTEN is up again. */
  private down(reason: string): Promise<void> {
    const was = this.listening;
    this.listening = false;
    this.allChangedUntil = Infinity;
    this.entries.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    const c = this.client;
    this.client = undefined;
    c?.removeAllListeners();
    c?.on('error', () => {});
    const ended = c ? c.end().catch(() => {}) : Promise.resolve();
    if (this.stopped) return ended;
    if (was) this.opts.log.warn({ reason }, 'session cache off until session change notifications are back');
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
    return ended;
  }

  connect(): void {
    if (this.stopped) return;
    // Its own connection, outside the pool: held for as long as the process runs.
    const c = new pg.Client({ ...this.database.pool.options, keepAlive: true, application_name: 'jashik-session-cache' });
    this.client = c;
    c.on('error', (err) => void (this.client === c && this.down(err.message)));
    c.on('end', () => void (this.client === c && this.down('connection ended')));
    c.on('notification', (n) => {
      if (this.client !== c || n.channel !== SESSION_CHANNEL || !n.payload) return;
      if (n.payload === this.pingId) this.pingsOut = 0;
      else if (n.payload === '*') this.changed('*');
      else if (n.payload.startsWith('a:')) this.changed(n.payload.slice(2));
    });
    c.connect()
      .then(() => c.query(`listen ${SESSION_CHANNEL}`))
      .then(() => {
        if (this.client !== c || this.stopped) return;
        // Whatever was read before LISTEN took effect may predate a change nobody told us about.
        this.entries.clear();
        this.allChangedUntil = performance.now();
        this.heldAll = undefined;
        this.listening = true;
        this.retryMs = 500;
        this.pingsOut = 0;
        this.heartbeat = setInterval(() => this.ping(c), this.opts.heartbeatMs ?? HEARTBEAT_MS);
        this.heartbeat.unref();
        for (const w of this.waiters.splice(0)) w();
      })
      .catch((err: Error) => void (this.client === c && this.down(err.message)));
  }

  /** A notification to ourselves: when one goes unanswered for a whole interval, the connection is not trusted. */
  private ping(c: pg.Client): void {
    if (this.client !== c) return;
    if (this.pingsOut > 0) return void this.down('heartbeat unanswered');
    this.pingsOut++;
    c.query('select pg_notify($1, $2)', [SESSION_CHANNEL, this.pingId]).catch((err: Error) => void (this.client === c && this.down(err.message)));
  }

  ready(): Promise<void> {
    return this.listening ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    caches.delete(this.database.db);
    for (const w of this.waiters.splice(0)) w();
    await this.down('stopped');
  }
}
