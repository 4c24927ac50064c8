/**
 * The `jashik` command. Each subcommand calls the same service functions as HTTP and SMTP;
 * none holds rules of its own.
 */
import { ConfigError, describeConfig, loadConfig, type Config } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { openDatabase, migrate } from '../storage/db/database.ts';
import { verifyAuditLog } from '../modules/audit/verify-audit.ts';
import { reportAuditCheckpoints } from '../modules/audit/checkpoints/verify-audit-checkpoints.ts';
import { startSystem } from '../app/start-system.ts';
import { runCaCommand } from '../modules/demo-pki/cli.ts';
import { runOperatorCommand } from '../modules/operator-keys/cli.ts';
import { runAdminCommand } from './accounts-commands.ts';

type Command = (args: string[], config: Config) => Promise<number>;

const USAGE = `usage: jashik <command>

  start                 run the system (HTTP, SMTP, workers) on the configured storage
  migrate               apply database migrations and exit
  config                print the effective configuration (no secrets)
  audit verify          check the audit log's hash chain and its signed checkpoints; exit 1 naming the first bad entry
  verify FILE [...]     verify a CMS signature (see jashik verify --help)
  sign --p12 FILE ...   sign a file with a PKCS#12 key
  cert FILE [--json]    print a certificate's NCA identity and roles
  docflow verify-package FILE [--at TIME]   re-verify a document archive package offline
  ca init|issue|revoke  the demo CA (demo mode only; see jashik ca help)
  operator rotate|list  the operator's evidence keys (rotate: demo mode)
  admin create --login L  the first operator admin (prints a one-time activation code)
`;

const commands: Record<string, Command> = {
  // Docflow: verify an archive package offline; seed the reference data (issue 7).
  docflow: async (args, config) => (await import('../modules/docflow/cli.ts')).runDocflowCommand(args, config),
  ca: runCaCommand,
  operator: runOperatorCommand,
  admin: (args, config) => runAdminCommand(args, config),
  async start(_args, config) {
    const log = createLogger(config.logLevel);
    const system = await startSystem(config, log);
    let signals = 0;
    const shutdown = (signal: string) => {
      if (++signals > 1) process.exit(1);
      log.info({ signal }, 'shutting down: draining HTTP and SMTP, finishing or releasing jobs');
      system.stop().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    return new Promise<number>(() => {}); // runs until a signal
  },

  async migrate(_args, config) {
    const database = await openDatabase(config);
    try {
      await migrate(database);
      console.log(`migrations applied (${database.engine} PostgreSQL)`);
      return 0;
    } finally {
      await database.close();
    }
  },

  async config(_args, config) {
    for (const [k, v] of Object.entries(describeConfig(config))) console.log(`${k}=${String(v)}`);
    return 0;
  },

  async audit(args, config) {
    if (args[0] !== 'verify') {
      console.error('usage: jashik audit verify');
      return 2;
    }
    const database = await openDatabase(config);
    try {
      await migrate(database);
      const verdict = await verifyAuditLog(database.db);
      // Signed checkpoints also catch a rewritten chain and a cut tail (issue 3, item 7).
      const checkpointsOk = await reportAuditCheckpoints(database.db, (line) => console.log(line));
      if (verdict.ok) {
        console.log(`audit log intact: ${verdict.entries} entries, head ${verdict.head}`);
        return checkpointsOk ? 0 : 1;
      }
      console.log(`audit log BROKEN at entry ${verdict.firstBad.seq}: ${verdict.firstBad.message} (${verdict.entries} entries before it are intact)`);
      return 1;
    } finally {
      await database.close();
    }
  },
};

const pkiCommands: Record<string, string> = { verify: 'runVerifyCommand', sign: 'runSignCommand', cert: 'runCertCommand' };

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name in pkiCommands) {
    // The signature commands need no database or configuration.
    const cli = (await import('../modules/pki/cli.ts')) as Record<string, (a: string[], io: unknown) => Promise<number>>;
    return cli[pkiCommands[name]](args, defaultIo());
  }
  const command = commands[name];
  if (!command) {
    console.error(`jashik: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`jashik: configuration error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  return command(args, config);
}

function defaultIo() {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: async (p: string) => (await import('node:fs/promises')).readFile(p),
    env: process.env,
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`jashik: ${err.message}`);
    process.exit(1);
  },
);
