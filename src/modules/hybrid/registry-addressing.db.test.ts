import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { refusal } from '../../../test/support/refusals.ts';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { demoSeed, readDemoRegistry, seedDemoRegistry } from '../demo-pki/demo-registry.ts';
import { demoFileRegistry, DEMO_REGISTRY_FILE } from '../identity/demo-file-registry.ts';
import { memoryRegistry } from '../identity/state-registry.ts';
import { compilePostcodePatterns, validateKzAddress } from './address.ts';
import { defaultHybridConfig } from './hybrid-config.ts';
import { regionFromRegistry, stateRegistryAddresses } from './registry-addresses.ts';
import { submitHybridLetter } from './submit-hybrid-letter.ts';
import { ADDRESS, hybridTestEnv, makeMailbox, senderActor, type HybridTestEnv } from './testkit.ts';

function validId(make: (serial: number) => string): string {
  for (let s = 1; ; s++) {
    try { return make(s); } catch { /* no check digit for this serial */ }
  }
}
const IIN_WITH_MAILBOX = validId((s) => makeIin('1980-02-02', 'female', 300 + s));
const IIN_PAPER = validId((s) => makeIin('1975-06-15', 'male', 400 + s));
const IIN_NO_ADDRESS = validId((s) => makeIin('1999-12-31', 'male', 500 + s));
const BIN_NO_POSTCODE = validId((s) => makeBin(2010, 5, 4, 0, 600 + s));

let t: TestDatabase;
let env: HybridTestEnv;
let dataDir: string;
before(async () => {
  t = await createTestDatabase();
  // The demo registry file, read through the identity module's demo adapter, as in demo mode.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-registry-'));
  fs.writeFileSync(path.join(dataDir, DEMO_REGISTRY_FILE), JSON.stringify({
    persons: [
      { iin: IIN_WITH_MAILBOX, surname: 'Сәрсенова', name: 'Гүлнар', postalAddress: { region: 'almaty', locality: 'Алматы', street: 'Сатпаев көшесі', house: '30', postcode: '050040' } },
      { iin: IIN_PAPER, surname: 'Оспанов', name: 'Ерлан', patronymic: 'Серікұлы', postalAddress: { region: 'Карагандинская область', locality: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '49', apartment: '12', postcode: '100012' } },
      { iin: IIN_NO_ADDRESS, surname: 'Адресіз', name: 'Азамат' },
    ],
    organisations: [{ bin: BIN_NO_POSTCODE, name: 'ТОО «Индекссіз»', postalAddress: { region: 'г. Астана', locality: 'Астана', street: 'Достық', house: '5' } }],
  }));
  env = hybridTestEnv(t.database, stateRegistryAddresses(() => demoFileRegistry(dataDir)));
});
after(async () => {
  env.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await t.drop();
});

test('MB-7: by IIN with a mailbox, a hybrid-scoped token\'s letter is delivered electronically; nothing is printed', async () => {
  const org = await senderActor(t.database, { organisation: true, bin: '120340022222' });
  const rcpt = await makeMailbox(t.database);
  await t.database.db.execute(sql`update mailboxes set iin = ${IIN_WITH_MAILBOX} where id = ${rcpt.mailboxId}`);
  const token = { actor: 'token:reg1', kind: 'token' as const, mailboxId: org.mailboxId, scopes: ['hybrid'] };
  const r = await submitHybridLetter(env, token, { recipient: { idNumber: IIN_WITH_MAILBOX }, content: { text: 'Электронды жолмен' } });
  assert.equal(r.mode, 'mailbox');
  assert.equal(r.s10, null);
  assert.ok(r.letterId);
  const letters = await t.database.pool.query('select 1 from letters where id = $1 and mailbox_id = $2', [r.letterId, rcpt.mailboxId]);
  assert.equal(letters.rows.length, 1);
});

test('MB-7: by IIN with no mailbox, the letter goes straight to paper at the registered address from the registry adapter', async () => {
  const org = await senderActor(t.database, { organisation: true, bin: '120340033333' });
  const r = await submitHybridLetter(env, org, { recipient: { idNumber: IIN_PAPER }, content: { text: 'Қағазға' } });
  assert.equal(r.mode, 'paper');
  assert.match(r.s10 ?? '', /^RR\d{9}KZ$/);
  assert.equal(r.printCentre, 'PC-ASTANA', 'Karaganda region is printed in the northern centre');
  const row = (await t.database.pool.query('select recipient_address, region, recipient_id_number from hybrid_items where id = $1', [r.itemId])).rows[0];
  assert.deepEqual(row.recipient_address, { recipientName: 'Оспанов Ерлан Серікұлы', region: 'karaganda', locality: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '49', apartment: '12', postcode: '100012' });
  assert.equal(row.region, 'karaganda');
  assert.equal(row.recipient_id_number, IIN_PAPER);
  // An explicit address still wins over the registry's.
  const explicit = await submitHybridLetter(env, org, { recipient: { idNumber: IIN_PAPER, address: ADDRESS }, content: { text: 'Басқа мекенжай' } });
  assert.equal(explicit.printCentre, 'PC-ALMATY');
});

test('MB-7 (bad input): the registry has no address → refused naming recipient.address; an incomplete one → naming the missing part; nothing accepted', async () => {
  const org = await senderActor(t.database, { organisation: true, bin: '120340044444' });
  const n = Number((await t.database.pool.query('select count(*) as n from hybrid_items')).rows[0].n);
  const e1 = await refusal(submitHybridLetter(env, org, { recipient: { idNumber: IIN_NO_ADDRESS }, content: { text: 'x' } }));
  assert.equal(e1.code, 'HYBRID_NO_POSTAL_ADDRESS');
  assert.deepEqual(e1.fields.map((f) => `${f.name}:${f.code}`), ['recipient.address:unknown']);
  assert.match(e1.fields[0].message.en, /registry has no address/);
  const e2 = await refusal(submitHybridLetter(env, org, { recipient: { idNumber: BIN_NO_POSTCODE }, content: { text: 'x' } }));
  assert.equal(e2.code, 'HYBRID_NO_POSTAL_ADDRESS');
  assert.deepEqual(e2.fields.map((f) => `${f.name}:${f.code}`), ['registry.postalAddress.postcode:required', 'recipient.address:registry_address_unusable']);
  assert.equal(Number((await t.database.pool.query('select count(*) as n from hybrid_items')).rows[0].n), n);
});

test('MB-7: registry region names (Russian, Kazakh, city forms) map to region codes; an unknown one is kept for validation to refuse', () => {
  assert.equal(regionFromRegistry('Карагандинская область'), 'karaganda');
  assert.equal(regionFromRegistry('Қарағанды облысы'), 'karaganda');
  assert.equal(regionFromRegistry('г. Алматы'), 'almaty');
  assert.equal(regionFromRegistry('Алматы облысы'), 'almaty_region', 'the oblast is not the city');
  assert.equal(regionFromRegistry('Алматинская обл.'), 'almaty_region');
  assert.equal(regionFromRegistry('Абай область'), 'abai');
  assert.equal(regionFromRegistry('shymkent'), 'shymkent');
  assert.equal(regionFromRegistry('Atlantis'), undefined);
});

test('MB-7: every seed entry of the demo registry with a postal address yields a printable address; the one without has none', async () => {
  const seed = demoSeed();
  const registry = stateRegistryAddresses(() => memoryRegistry(seed.persons, seed.organisations));
  const patterns = compilePostcodePatterns(defaultHybridConfig('/tmp').postcodePatterns);
  const ids = [...seed.persons.map((p) => p.iin), ...seed.organisations.map((o) => o.bin)];
  let withAddress = 0;
  for (const id of ids) {
    const a = await registry.postalAddressOf(id);
    if (!a) continue;
    withAddress++;
    const v = validateKzAddress(a, patterns);
    assert.ok(v.ok, `${id}: ${JSON.stringify(v)}`);
  }
  assert.equal(withAddress, ids.length - 1);
  assert.equal(await registry.postalAddressOf(seed.persons.find((p) => p.surname === 'Жақсылықов')!.iin), null);
});

test('MB-7: re-seeding a demo registry file written before addresses existed adds the seed addresses and keeps everything else', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-seed-'));
  const seed = demoSeed();
  const old = { version: 1, persons: seed.persons.map(({ postalAddress: _, ...p }) => p), organisations: seed.organisations.map(({ postalAddress: _, ...o }) => o) };
  old.persons[0] = { ...old.persons[0], name: 'Өзгертілген' };
  fs.writeFileSync(path.join(dir, DEMO_REGISTRY_FILE), JSON.stringify(old));
  await seedDemoRegistry(dir);
  const after = await readDemoRegistry(dir);
  assert.deepEqual(after.persons.map((p) => p.postalAddress), seed.persons.map((p) => p.postalAddress));
  assert.deepEqual(after.organisations.map((o) => o.postalAddress), seed.organisations.map((o) => o.postalAddress));
  assert.equal(after.persons[0].name, 'Өзгертілген', 'what the file held is kept');
  fs.rmSync(dir, { recursive: true, force: true });
});
