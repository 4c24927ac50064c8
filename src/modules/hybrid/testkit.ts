/**
 * Test doubles and fixtures for the hybrid tests and benchmark (not used by the running
 * system): a TEST evidence signer (mail's, from the throw-away test CA), an in-memory address
 * registry, mailboxes and staff actors, and the service dependencies wired together.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { makeMailbox, tempBlobStore, testEvidenceSigner, TEST_DOMAIN, type TestEvidenceSigner } from '../mail/test-support.ts';
import type { KzAddress } from './address.ts';
import { defaultHybridConfig, type HybridConfig } from './hybrid-config.ts';
import { jashikMailDelivery } from './mail-delivery.ts';
import type { AddressRegistry, HybridActor } from './ports.ts';
import type { SubmitDeps } from './submit-hybrid-letter.ts';

export { testEvidenceSigner, TEST_DOMAIN };

/** TEST DOUBLE: the state registry's postal addresses, from a map. */
export function memoryAddressRegistry(entries: Record<string, KzAddress> = {}): AddressRegistry {
  return { postalAddressOf: async (id) => entries[id] ?? null };
}

export const ADDRESS: KzAddress = { recipientName: 'Әлия Қасымова', region: 'almaty', locality: 'Алматы', street: 'Абай даңғылы', house: '10', apartment: '5', postcode: '050000' };

export interface HybridTestEnv extends SubmitDeps {
  signer: TestEvidenceSigner;
  dropDir: string;
  cleanup(): void;
}

export function hybridTestEnv(database: Database, registry: AddressRegistry = memoryAddressRegistry(), over: Partial<HybridConfig> = {}): HybridTestEnv {
  const blobs = tempBlobStore();
  const config = { ...defaultHybridConfig(blobs.dir), ...over };
  return {
    database, blobs: blobs.store, signer: testEvidenceSigner(), config, operator: TEST_DOMAIN, registry,
    mail: jashikMailDelivery({ blobs: blobs.store, domain: TEST_DOMAIN }),
    dropDir: config.dropDir,
    cleanup: blobs.cleanup,
  };
}

export async function senderActor(database: Database, opts: { organisation?: boolean; bin?: string } = {}): Promise<HybridActor & { mailboxId: string; address: string }> {
  const mb = await makeMailbox(database);
  if (opts.organisation) await database.db.execute(sql`update mailboxes set kind = 'organisation', bin = ${opts.bin ?? '120340012345'}, display_name = 'ТОО «Сәлем»' where id = ${mb.mailboxId}`);
  return { actor: mb.actor, kind: 'user', mailboxId: mb.mailboxId, mailboxKind: opts.organisation ? 'organisation' : 'personal', address: mb.address };
}

export function staffActor(role: 'clerk' | 'print_centre' | 'operator_admin', postOfficeId?: string): HybridActor {
  return { actor: `staff:${role}-${Math.random().toString(36).slice(2, 8)}`, kind: 'staff', staffRole: role, postOfficeId };
}

export { makeMailbox };
