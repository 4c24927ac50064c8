/** What the accounts routes hand to the services: each service takes only the parts it uses. */
import type { Db } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import type { PasswordHasher } from './password.ts';
import type { SignatureTrust } from './signature-check.ts';

export interface AccountsDeps {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly trust: SignatureTrust;
  readonly registry: StateRegistry;
  readonly hasher: PasswordHasher;
  readonly domain: string;
  readonly demo: boolean;
  /** Days letters of a closed mailbox are kept (default: mailbox-retention.ts). */
  readonly closedMailboxRetentionDays?: number;
}
