import { test } from 'node:test';
import assert from 'node:assert/strict';
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
