/**
 * Runs a Drizzle `sql` statement as a named (server-side prepared) statement, on the connection
 * of the transaction (or on the pool). For the few large statements a hot path sends over and
 * over with the same text and different parameters — the docflow check batch's CTEs, each
 * several kilobytes of SQL: PostgreSQL parses and analyses such a statement once per connection
 * instead of on every batch, and the text no longer crosses the socket each time.
 *
 * Drizzle names statements only on its query builders (`.prepare(name)`), not on `execute`,
 * hence this small helper. The name is derived from the text, so two texts never share a name
 * (node-postgres refuses that), and at most MAX_NAMED distinct texts are ever named per process:
 * a caller whose text varies with its data falls back to unnamed statements instead of filling
 * every connection with prepared statements.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Tx } from './database.ts';

const MAX_NAMED = 200;
const names = new Map<string, string>();

/** The statement name for `text` ('jashik_x_' + a digest of it), or undefined once MAX_NAMED texts have been named. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `jashik_x_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

// Drizzle keeps these on the database and transaction objects without exporting them in its types.
type Internals = { dialect: PgDialect; session: { client: pg.Pool | pg.ClientBase } };

/** Executes `query` like `tx.execute(query)` (same rows, same parameter handling), as a named statement. */
export async function executeNamed<R extends pg.QueryResultRow>(tx: Tx, query: SQL): Promise<R[]> {
  const { dialect, session } = tx as unknown as Internals;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await session.client.query<R>({ name: statementName(text), text, values: params as unknown[] });
  return result.rows;
}

/**
 * A Drizzle prepared query, built once (its SQL and result mapping), run on the connection of
 * `tx`: Drizzle binds a prepared query to the connection it was built on, so a statement used
 * inside many transactions would otherwise be rebuilt in each one (the check batch's delivery
 * select cost about 1 ms to build, every batch).
 */
export function onConnectionOf<Q extends object>(prepared: Q, tx: Tx): Q {
  const bound = Object.create(prepared) as Q & { client: unknown };
  bound.client = (tx as unknown as Internals).session.client;
  return bound;
}
