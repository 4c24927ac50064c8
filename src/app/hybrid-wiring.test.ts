import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../shared/logger.ts';
import { demoSeed, seedDemoRegistry } from '../modules/demo-pki/demo-registry.ts';
import { contextWithoutStorage } from './context.ts';
import { hybridDeps } from './hybrid-wiring.ts';

test('MB-7: in demo mode, hybrid mail reads registered postal addresses from the demo registry file (as accounts do)', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-wiring-'));
  try {
    const deps = hybridDeps(contextWithoutStorage(loadConfig({ JASHIK_DEMO: 'on', JASHIK_DATA_DIR: dataDir }), createLogger('silent')));
    const seed = demoSeed();
    assert.equal(await deps.registry.postalAddressOf(seed.persons[2].iin), null, 'no file yet: no address');
    await seedDemoRegistry(dataDir);
    const a = await deps.registry.postalAddressOf(seed.persons[2].iin);
    assert.deepEqual(a, { recipientName: 'Иванов Иван Иванович', ...seed.persons[2].postalAddress });
    assert.equal((await deps.registry.postalAddressOf(seed.organisations[0].bin))?.recipientName, seed.organisations[0].name);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('Conventions: building the hybrid dependencies outside demo mode touches neither storage nor the gateway (chosen on first use)', () => {
  assert.doesNotThrow(() => hybridDeps(contextWithoutStorage(loadConfig({ JASHIK_DEMO: 'off' }), createLogger('silent'))));
});
