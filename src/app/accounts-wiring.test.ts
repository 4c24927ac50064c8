import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { contextWithoutStorage } from './context.ts';
import { accountsDeps } from './accounts-wiring.ts';

const ctx = (demo: boolean, env: Record<string, string> = {}) => contextWithoutStorage(loadConfig({ JASHIK_DEMO: demo ? 'on' : 'off', ...env }), createLogger('silent'));

test('MB-13: outside demo mode, start-up is refused without the e-gov gateway or the NCA trust directory, naming the variable', () => {
  assert.throws(() => accountsDeps(ctx(false)), (e) => e instanceof ConfigError && e.variable === 'JASHIK_EGOV_URL');
  const gw = { JASHIK_EGOV_URL: 'https://gw.example/bip-sync', JASHIK_EGOV_SENDER_ID: 'id', JASHIK_EGOV_PASSWORD: 'pw' };
  assert.throws(() => accountsDeps(ctx(false, gw)), (e) => e instanceof ConfigError && e.variable === 'JASHIK_TRUST_DIR');
  const deps = accountsDeps(ctx(false, { ...gw, JASHIK_TRUST_DIR: '/etc/jashik/trust', JASHIK_CLOSED_MAILBOX_RETENTION_DAYS: '30' }));
  assert.equal(deps.registry.kind, 'egov-gateway');
  assert.equal(deps.closedMailboxRetentionDays, 30, 'the retention period comes from config.accounts');
});

test('Conventions: in demo mode the demo registry is used, and building the routes touches no storage', () => {
  const deps = accountsDeps(ctx(true));
  assert.equal(deps.registry.kind, 'demo-file');
  assert.equal(deps.demo, true);
});
