/** `jashik operator rotate | list`: the operator's evidence keys. Exit 0 done, 2 refused or usage error. */
import type { Config } from '../../config.ts';
import { isAppError } from '../../shared/errors.ts';
import { migrate, openDatabase, type Database } from '../../storage/db/database.ts';
import { publishedOperatorCertificates } from './published-certificates.ts';
import { rotateOperatorKey } from './rotate-operator-key.ts';

const USAGE = `usage: jashik operator rotate   make a new demo operator key current (demo mode; old certificates stay published)
       jashik operator list     the operator certificates, current first`;

export async function operatorCommand(args: string[], ctx: { config: Config; database: Pick<Database, 'db'> }, io: { out(l: string): void; err(l: string): void }): Promise<number> {
  try {
    if (args[0] === 'rotate' && args.length === 1) {
      const r = await rotateOperatorKey(ctx, { actor: 'cli' });
      io.out(`operator key rotated: ${r.current.subject}, serial ${r.current.serial}, SHA-256 ${r.current.fingerprint}, valid until ${r.current.validTo.toISOString()}`);
      if (r.previous) io.out(`  retired ${r.previous.serial} (${r.previous.fingerprint}): still published at /.well-known/jashik/operator-certificates`);
      return 0;
    }
    if (args[0] === 'list' && args.length === 1) {
      const list = await publishedOperatorCertificates(ctx.database.db);
      if (list.length === 0) io.out('no operator certificates yet (the first evidence or audit checkpoint signature records one)');
      for (const c of list) {
        io.out(`${c.current ? '* current' : '  retired'} ${c.serialNumber} ${c.subject}\n    valid ${c.validFrom} – ${c.validTo}, SHA-256 ${c.fingerprints.sha256}`);
      }
      return 0;
    }
    io.err(USAGE);
    return 2;
  } catch (err) {
    if (!isAppError(err)) throw err;
    io.err(`jashik operator: ${err.message}`);
    return err.status < 500 ? 2 : 1;
  }
}

export async function runOperatorCommand(args: string[], config: Config): Promise<number> {
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await operatorCommand(args, { config, database }, { out: (l) => console.log(l), err: (l) => console.error(l) });
  } finally {
    await database.close();
  }
}
