/** For docflow tests: a throw-away database with the two-organisation scene of flow-fixture.ts on it. */
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { scene } from './flow-fixture.ts';

export type Scene = Awaited<ReturnType<typeof scene>>;

export async function openScene(): Promise<{ t: TestDatabase; s: Scene }> {
  const t = await createTestDatabase();
  return { t, s: await scene(t.database) };
}

export async function closeScene(t: TestDatabase | undefined, s: Scene | undefined): Promise<void> {
  s?.cleanup();
  await t?.drop();
}
