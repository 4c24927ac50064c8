/**
 * `jashik admin create --login L [--name NAME]`: the first operator admin (issue 4, item 9).
 * Prints a one-time activation code (14 days): the admin signs in at POST /api/v1/auth/activate
 * with it and sets a password; further staff are created through the API.
 * Exit codes: 0 done, 1 failed, 2 usage error or bad input.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { isAppError } from '../shared/errors.ts';
import { migrate, openDatabase } from '../storage/db/database.ts';
import { createStaffAccount } from '../modules/accounts/staff.ts';

const USAGE = 'usage: jashik admin create --login LOGIN [--name "FULL NAME"]';

export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: AdminIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export async function runAdminCommand(args: string[], config: Config, io: AdminIo = consoleIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    io.err(USAGE);
    return 2;
  }
  let values: { login?: string; name?: string };
  try {
    values = parseArgs({ args: rest, strict: true, options: { login: { type: 'string' }, name: { type: 'string' } } }).values;
  } catch (err) {
    io.err(`jashik admin: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.login) {
    io.err(`jashik admin: --login is required\n${USAGE}`);
    return 2;
  }
  const database = await openDatabase(config);
  try {
    await migrate(database);
    const r = await createStaffAccount({ db: database.db }, { login: values.login, role: 'operator_admin', fullName: values.name ?? values.login }, { actor: 'system', requestId: 'cli' });
    io.out(`operator admin '${r.login}' created`);
    io.out(`  one-time activation code: ${r.activationCode} (valid until ${r.expiresAt})`);
    io.out('  sign in: POST /api/v1/auth/activate {"login","code","password"} — the password is set then');
    return 0;
  } catch (err) {
    if (isAppError(err) && err.status < 500) {
      for (const f of err.fields) io.err(`jashik admin: --${f.name}: ${f.message.en}`);
      if (err.fields.length === 0) io.err(`jashik admin: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await database.close();
  }
}
