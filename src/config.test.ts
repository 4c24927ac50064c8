import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, describeConfig, loadConfig } from './config.ts';

test('defaults: data under ./data, ports 8080/2525, embedded database and file blobs, demo on', () => {
  const c = loadConfig({});
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.httpPort, 8080);
  assert.equal(c.smtpPort, 2525);
  assert.equal(c.domain, 'pochta.localhost');
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.blobUrl, undefined);
  assert.equal(c.demo, true);
});

test('demo mode is off by default with an external database, and can be forced', () => {
  assert.equal(loadConfig({ JASHIK_DATABASE_URL: 'postgres://u:p@db:5432/jashik' }).demo, false);
  assert.equal(loadConfig({ JASHIK_DATABASE_URL: 'postgres://u:p@db:5432/jashik', JASHIK_DEMO: 'on' }).demo, true);
});

for (const [variable, value, expects] of [
  ['JASHIK_HTTP_PORT', '80a', /JASHIK_HTTP_PORT: expected a TCP port/],
  ['JASHIK_SMTP_PORT', '70000', /JASHIK_SMTP_PORT: expected a TCP port/],
  ['JASHIK_DOMAIN', 'not a domain', /JASHIK_DOMAIN: expected a DNS domain/],
  ['JASHIK_DATABASE_URL', 'mysql://x', /JASHIK_DATABASE_URL: expected postgres:\/\//],
  ['JASHIK_BLOB_URL', 'http://bucket', /JASHIK_BLOB_URL: expected s3:\/\/bucket\/prefix/],
  ['JASHIK_DEMO', 'maybe', /JASHIK_DEMO: expected on\/off/],
] as const) {
  test(`a wrong ${variable} stops start-up naming the variable and what it expects`, () => {
    assert.throws(() => loadConfig({ [variable]: value }), (err: unknown) => err instanceof ConfigError && expects.test(err.message));
  });
}

test('`jashik config` output hides the database password', () => {
  const shown = JSON.stringify(describeConfig(loadConfig({ JASHIK_DATABASE_URL: 'postgres://jashik:s3cr3t@db:5432/jashik' })));
  assert.ok(!shown.includes('s3cr3t'));
  assert.ok(shown.includes('***'));
});

/** Every variable set, secrets included, so that every parser runs and every secret is on hand to leak. */
function fullEnv(hybridFile: string): Record<string, string> {
  return {
    JASHIK_DATA_DIR: '/srv/jashik', JASHIK_HTTP_HOST: '127.0.0.1', JASHIK_HTTP_PORT: '8081', JASHIK_SMTP_HOST: '127.0.0.2', JASHIK_SMTP_PORT: '2526', JASHIK_SMTP_PROCESSES: '2',
    JASHIK_DOMAIN: 'pochta.kz', JASHIK_DATABASE_URL: 'postgres://jashik:Db-S3cret@db:5432/jashik', JASHIK_BLOB_URL: 's3://bucket/prefix', JASHIK_S3_ENDPOINT: 'https://s3.internal',
    JASHIK_S3_FORCE_PATH_STYLE: 'off', AWS_REGION: 'kz-1', JASHIK_DEMO: 'off', JASHIK_LOG_LEVEL: 'warn',
    JASHIK_OPERATOR_KEY_P12: '/etc/jashik/operator.p12', JASHIK_OPERATOR_KEY_PASSWORD_ENV: 'OPKEY_PW', OPKEY_PW: 'Op-Key-S3cret', JASHIK_TSA_URL: 'http://tsa.example/tsp',
    JASHIK_AUDIT_CHECKPOINT_ENTRIES: '50', JASHIK_AUDIT_CHECKPOINT_MINUTES: '5', JASHIK_BLOB_SWEEP_GRACE_HOURS: '48', JASHIK_BLOB_SWEEP_EVERY_HOURS: '12', JASHIK_RATE_LIMITS: 'verifyEvidence=30/60',
    JASHIK_TRUST_DIR: '/etc/jashik/trust',
    JASHIK_EGOV_URL: 'https://gw.example/bip-sync', JASHIK_EGOV_SENDER_ID: 'jashik-sender', JASHIK_EGOV_PASSWORD: 'Egov-S3cret', JASHIK_EGOV_PERSON_SERVICE: 'GBDFL_X', JASHIK_EGOV_ORGANISATION_SERVICE: 'GBDUL_X',
    JASHIK_MAIL_MAX_CONTENT_BYTES: '1000000', JASHIK_MAIL_MAX_MESSAGE_BYTES: '3000000', JASHIK_MAIL_MAX_RECIPIENTS: '7',
    JASHIK_SMTP_RELAY: 'smtps://relay-user:Relay%40S3cret@relay.example:465', JASHIK_SMTP_AUTH_CHECKS: 'off', JASHIK_SMTP_TLS_KEY: '/etc/jashik/smtp.key', JASHIK_SMTP_TLS_CERT: '/etc/jashik/smtp.crt',
    JASHIK_DKIM_SELECTOR: 'jan2026', JASHIK_SMTP_MAX_CONNECTIONS_PER_IP: '40', JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE: '900', JASHIK_SMTP_GREETING_PAUSE_MS: '0',
    JASHIK_HYBRID_CONFIG: hybridFile, JASHIK_CLOSED_MAILBOX_RETENTION_DAYS: '30', JASHIK_REGISTRY_RECHECK_HOURS: '0.5',
  };
}
const SECRETS = ['Db-S3cret', 'Op-Key-S3cret', 'Egov-S3cret', 'Relay@S3cret', 'Relay%40S3cret'];

function withHybridFile(content: unknown, run: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-config-'));
  try {
    const file = path.join(dir, 'hybrid.json');
    fs.writeFileSync(file, JSON.stringify(content));
    run(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('module settings are read into typed sections of the one Config: mail, registry, hybrid, accounts, trust', () => {
  withHybridFile({ batchWindowMinutes: 30, pdf: { maxPages: 10 } }, (file) => {
    const c = loadConfig(fullEnv(file));
    assert.deepEqual(c.mail.limits, { attachmentsBytes: 1_000_000, messageBytes: 3_000_000, recipientsPerLetter: 7 });
    assert.deepEqual(c.mail.smarthost, { host: 'relay.example', port: 465, secure: true, user: 'relay-user', pass: 'Relay@S3cret' });
    assert.equal(c.mail.authChecks, false);
    assert.deepEqual(c.mail.smtpTls, { keyFile: '/etc/jashik/smtp.key', certFile: '/etc/jashik/smtp.crt' });
    assert.equal(c.mail.dkimSelector, 'jan2026');
    assert.deepEqual(c.mail.smtpPerIp, { connections: 40, messagesPerMinute: 900 });
    assert.equal(c.mail.smtpGreetingPauseMs, 0);
    assert.deepEqual(c.registry.egov, { url: 'https://gw.example/bip-sync', senderId: 'jashik-sender', password: 'Egov-S3cret', personServiceId: 'GBDFL_X', organisationServiceId: 'GBDUL_X' });
    assert.equal(c.hybrid.batchWindowMinutes, 30);
    assert.equal(c.hybrid.pdf.maxPages, 10);
    assert.equal(c.hybrid.pdf.leftMarginMm, 15, 'keys the file does not name keep their defaults');
    assert.equal(c.hybrid.file, file);
    assert.deepEqual(c.accounts, { closedMailboxRetentionDays: 30, registryRecheckHours: 0.5 });
    assert.equal(c.trustDir, '/etc/jashik/trust');
  });
});

test('module settings defaults: 60 MB content, message limit grown for base64, relay none, checks on, selector jashik, retention 365 days, re-check 24 h, no gateway', () => {
  const c = loadConfig({});
  assert.equal(c.mail.limits.attachmentsBytes, 62_914_560);
  assert.equal(c.mail.limits.messageBytes, 90 * 1024 * 1024);
  assert.equal(loadConfig({ JASHIK_MAIL_MAX_CONTENT_BYTES: '100000000' }).mail.limits.messageBytes, 140_000_000 + 1024 * 1024, 'larger content: room for base64 and headers');
  assert.equal(c.mail.smarthost, undefined);
  assert.equal(c.mail.authChecks, true);
  assert.equal(c.mail.dkimSelector, 'jashik');
  assert.deepEqual(c.registry, {});
  assert.deepEqual(c.accounts, { closedMailboxRetentionDays: 365, registryRecheckHours: 24 });
  assert.equal(c.hybrid.dropDir, path.join(c.dataDir, 'print-centres'));
  assert.equal(c.trustDir, undefined);
});

for (const [variable, value, expects] of [
  ['JASHIK_MAIL_MAX_CONTENT_BYTES', '60MB', /JASHIK_MAIL_MAX_CONTENT_BYTES: expected a size in bytes/],
  ['JASHIK_MAIL_MAX_RECIPIENTS', '0', /JASHIK_MAIL_MAX_RECIPIENTS: expected a whole number of at least 1/],
  ['JASHIK_SMTP_RELAY', 'http://relay.example', /JASHIK_SMTP_RELAY: expected smtp:\/\/host:port or smtps:\/\/user:password@host:port/],
  ['JASHIK_SMTP_AUTH_CHECKS', 'sometimes', /JASHIK_SMTP_AUTH_CHECKS: expected on or off/],
  ['JASHIK_SMTP_TLS_KEY', '/etc/jashik/smtp.key', /JASHIK_SMTP_TLS_CERT: expected both JASHIK_SMTP_TLS_KEY and JASHIK_SMTP_TLS_CERT, or neither/],
  ['JASHIK_DKIM_SELECTOR', 'not a label', /JASHIK_DKIM_SELECTOR: expected a DNS label/],
  ['JASHIK_SMTP_PROCESSES', 'many', /JASHIK_SMTP_PROCESSES: expected auto, or a whole number 1-64/],
  ['JASHIK_SMTP_MAX_CONNECTIONS_PER_IP', 'many', /JASHIK_SMTP_MAX_CONNECTIONS_PER_IP: expected a whole number/],
  ['JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE', '-1', /JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE: expected a whole number/],
  ['JASHIK_SMTP_GREETING_PAUSE_MS', '20000', /JASHIK_SMTP_GREETING_PAUSE_MS: expected milliseconds from 0 to 10000/],
  ['JASHIK_TRUST_PROXY', 'true', /JASHIK_TRUST_PROXY: expected off, or a comma-separated list of proxy addresses/],
  ['JASHIK_TRUST_PROXY', '10.0.0.0/33', /JASHIK_TRUST_PROXY: expected off, or a comma-separated list/],
  ['JASHIK_TRUST_PROXY', 'balancer.example', /JASHIK_TRUST_PROXY: expected off, or a comma-separated list/],
  ['JASHIK_EGOV_URL', 'gw.example', /JASHIK_EGOV_URL: expected an http\(s\) URL/],
  ['JASHIK_CLOSED_MAILBOX_RETENTION_DAYS', 'a year', /JASHIK_CLOSED_MAILBOX_RETENTION_DAYS: expected days \(0 or more\)/],
  ['JASHIK_REGISTRY_RECHECK_HOURS', '0', /JASHIK_REGISTRY_RECHECK_HOURS: expected hours \(more than 0\)/],
  ['JASHIK_HYBRID_CONFIG', '/nonexistent/hybrid.json', /JASHIK_HYBRID_CONFIG: expected a readable JSON file of hybrid settings \(ENOENT\)/],
] as const) {
  test(`a wrong ${variable} stops start-up at configuration time, naming the variable`, () => {
    assert.throws(() => loadConfig({ [variable]: value }), (err: unknown) => err instanceof ConfigError && expects.test(err.message));
  });
}

test('JASHIK_SMTP_PROCESSES: unset is 1 (SMTP in the main process), auto is one per CPU the process may use', () => {
  assert.equal(loadConfig({}).smtpProcesses, 1);
  assert.equal(loadConfig({ JASHIK_SMTP_PROCESSES: 'auto' }).smtpProcesses, os.availableParallelism());
  for (const bad of ['0', '65']) assert.throws(() => loadConfig({ JASHIK_SMTP_PROCESSES: bad }), /JASHIK_SMTP_PROCESSES: expected auto, or a whole number 1-64/);
});

test('a wrong value in the JASHIK_HYBRID_CONFIG file stops start-up naming the variable and the key', () => {
  withHybridFile({ serviceCodes: { registered: 'rr1' } }, (file) => {
    assert.throws(() => loadConfig({ JASHIK_HYBRID_CONFIG: file }), (err: unknown) => err instanceof ConfigError && /JASHIK_HYBRID_CONFIG: expected serviceCodes\.registered: two capital letters/.test(err.message));
  });
});

test('a gateway URL without its sender id or password is refused naming the missing variable, and the error never shows the password', () => {
  assert.throws(() => loadConfig({ JASHIK_EGOV_URL: 'https://gw.example/' }), (e: unknown) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_SENDER_ID');
  assert.throws(() => loadConfig({ JASHIK_EGOV_URL: 'https://gw.example/', JASHIK_EGOV_SENDER_ID: 'id' }), (e: unknown) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_PASSWORD');
  assert.throws(() => loadConfig({ JASHIK_SMTP_RELAY: 'http://u:Relay-S3cret@relay.example' }), (e: unknown) => e instanceof ConfigError && !e.message.includes('Relay-S3cret'));
});

test('`jashik config` names every variable loadConfig reads and shows none of the secrets given in the environment', () => {
  withHybridFile({}, (file) => {
    const read = new Set<string>();
    const recording = (env: Record<string, string>) => new Proxy(env, { get: (t, k) => (typeof k === 'string' && read.add(k), t[k as string]) });
    const full = loadConfig(recording(fullEnv(file)));
    loadConfig(recording({}));
    const readVariables = [...read].filter((k) => k.startsWith('JASHIK_'));
    for (const v of ['JASHIK_SMTP_RELAY', 'JASHIK_EGOV_PASSWORD', 'JASHIK_HYBRID_CONFIG', 'JASHIK_TRUST_DIR', 'JASHIK_REGISTRY_RECHECK_HOURS']) assert.ok(read.has(v), `loadConfig does not read ${v}`);
    for (const c of [full, loadConfig({}), loadConfig({ JASHIK_DATABASE_URL: 'postgres://u:p@db/x' })]) {
      const shown = describeConfig(c);
      for (const v of readVariables) assert.ok(v in shown, `${v} is not printed by jashik config`);
    }
    const shown = JSON.stringify(describeConfig(full));
    for (const secret of SECRETS) assert.ok(!shown.includes(secret), `jashik config shows the secret ${secret}`);
    assert.match(shown, /"JASHIK_SMTP_RELAY":"smtps:\/\/relay-user:\*\*\*@relay\.example:465"/);
    assert.match(shown, /"JASHIK_EGOV_PASSWORD":"\(set, not shown\)"/);
  });
});

test('SMTP worker processes get the same Config over IPC: it is plain JSON data', () => {
  withHybridFile({ tariff: [{ registered: true, maxPages: 20, priceTiyn: 90_000 }] }, (file) => {
    for (const env of [{}, fullEnv(file), { JASHIK_DEMO: 'off' }]) {
      const c = loadConfig(env);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(c)), c);
    }
  });
});

test('JASHIK_OCSP_CACHE_SECONDS: OCSP answers fetched online are reused 300 s by default, 0 asks every time, a wrong value stops start-up', () => {
  assert.equal(loadConfig({}).ocspCacheSeconds, 300);
  assert.equal(loadConfig({ JASHIK_OCSP_CACHE_SECONDS: '0' }).ocspCacheSeconds, 0);
  assert.equal(loadConfig({ JASHIK_OCSP_CACHE_SECONDS: '60' }).ocspCacheSeconds, 60);
  assert.equal(describeConfig(loadConfig({ JASHIK_OCSP_CACHE_SECONDS: '60' })).JASHIK_OCSP_CACHE_SECONDS, 60);
  for (const bad of ['5m', '-1', '86401']) {
    assert.throws(() => loadConfig({ JASHIK_OCSP_CACHE_SECONDS: bad }), (err: unknown) => err instanceof ConfigError && /JASHIK_OCSP_CACHE_SECONDS: expected a whole number 0-86400/.test(err.message));
  }
});

test('JASHIK_TRUST_PROXY: off by default; a list of addresses, CIDR ranges and proxy-addr names is kept as given', () => {
  assert.deepEqual(loadConfig({}).trustProxy, []);
  assert.deepEqual(loadConfig({ JASHIK_TRUST_PROXY: 'off' }).trustProxy, []);
  assert.deepEqual(loadConfig({ JASHIK_TRUST_PROXY: ' 10.0.0.0/8, loopback ,2001:db8::/32,192.0.2.7' }).trustProxy, ['10.0.0.0/8', 'loopback', '2001:db8::/32', '192.0.2.7']);
  assert.equal(describeConfig(loadConfig({ JASHIK_TRUST_PROXY: 'loopback' })).JASHIK_TRUST_PROXY, 'loopback');
});

test('JASHIK_JOB_CONCURRENCY: four jobs at once by default, a chosen number 1-32, a wrong value stops start-up', () => {
  assert.equal(loadConfig({}).jobConcurrency, 4);
  assert.equal(loadConfig({ JASHIK_JOB_CONCURRENCY: '8' }).jobConcurrency, 8);
  assert.equal(describeConfig(loadConfig({ JASHIK_JOB_CONCURRENCY: '8' })).JASHIK_JOB_CONCURRENCY, 8);
  for (const bad of ['0', '33', 'many', '2.5']) {
    assert.throws(() => loadConfig({ JASHIK_JOB_CONCURRENCY: bad }), (err: unknown) => err instanceof ConfigError && /JASHIK_JOB_CONCURRENCY: expected a whole number 1-32/.test(err.message));
  }
});
