/** For docflow tests: a throw-away database with the two-organisation scene of flow-fixture.ts on it. */
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { scene } from './flow-fixture.ts';
import { makePerson, type TestReceiptKeysDouble } from './testing.ts';

export type Scene = Awaited<ReturnType<typeof scene>>;

/** With `informationSystemKeyForB`, organisation B signs its receipts with an information-system key (the automatic path). */
export async function openScene(opts: { informationSystemKeyForB?: boolean } = {}): Promise<{ t: TestDatabase; s: Scene }> {
  const t = await createTestDatabase();
  const s = await scene(t.database);
  if (opts.informationSystemKeyForB) {
    (s.deps.receiptKeys as TestReceiptKeysDouble).keys.set(s.B.id, makePerson(s.ca, { bin: s.B.bin!, informationSystem: true }).signer);
  }
  return { t, s };
}

export async function closeScene(t: TestDatabase | undefined, s: Scene | undefined): Promise<void> {
  s?.cleanup();
  await t?.drop();
}
