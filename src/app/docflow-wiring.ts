/**
 * Docflow's dependencies from the application context: organisation roles from the accounts
 * module's member grants, signature trust (demo CA in demo mode, else JASHIK_TRUST_DIR), the operator's evidence key, information-system keys for automatic
 * receipts under `<dataDir>/docflow/is-keys/`, and notices into mailboxes through the mail
 * module. Storage is reached lazily, so registering routes for the OpenAPI export touches none.
 */
import path from 'node:path';
import type { AppContext } from './context.ts';
import { ConfigError } from '../config.ts';
import { demoRevocationOptions, demoTrustStore } from '../modules/demo-pki/demo-trust.ts';
import { httpFetcher } from '../modules/pki/revocation.ts';
import { loadTrustStore } from '../modules/pki/trust.ts';
import { operatorSigner } from '../modules/operator-keys/operator-signer.ts';
import { fileReceiptKeys } from '../modules/docflow/file-receipt-keys.ts';
import { mailboxNotifier } from '../modules/docflow/mailbox-notifier.ts';
import { sqlMembership } from '../modules/docflow/sql-membership.ts';
import type { DocflowDeps, DocflowTrust, EvidenceSigner, MembershipPolicy, Notifier, ReceiptKeys } from '../modules/docflow/types.ts';
import type { Database } from '../storage/db/database.ts';
import type { BlobStore } from '../storage/blobs/blob-store.ts';

/** Signature trust: the demo CA in demo mode (unless JASHIK_TRUST_DIR is set), else the NCA certificates in JASHIK_TRUST_DIR. */
export function docflowTrust(ctx: AppContext): DocflowTrust {
  const dir = ctx.config.trustDir;
  if (ctx.config.demo && !dir) {
    const deps = () => ({ config: ctx.config, db: ctx.database.db });
    return { trustStore: () => demoTrustStore(deps()), revocation: () => demoRevocationOptions(deps()) };
  }
  if (!dir) throw new ConfigError('JASHIK_TRUST_DIR', 'a directory with the NCA root and issuing CA certificates (required outside demo mode)', '');
  return { trustStore: () => loadTrustStore(dir), revocation: async () => ({ useCertificateUrls: true, fetcher: httpFetcher, timeoutMs: 10_000, ocspCacheSeconds: ctx.config.ocspCacheSeconds }) };
}

export function docflowDeps(ctx: AppContext): DocflowDeps {
  let membership: MembershipPolicy | undefined;
  let trust: DocflowTrust | undefined;
  let evidence: EvidenceSigner | undefined;
  let receiptKeys: ReceiptKeys | undefined;
  let notifier: Notifier | undefined;
  return {
    get database(): Database { return ctx.database; },
    get blobs(): BlobStore { return ctx.blobs; },
    get membership() { return (membership ??= sqlMembership({ database: ctx.database })); },
    get trust() { return (trust ??= docflowTrust(ctx)); },
    get evidence() { return (evidence ??= operatorSigner({ config: ctx.config, database: ctx.database })); },
    get receiptKeys() { return (receiptKeys ??= fileReceiptKeys({ database: ctx.database, dir: path.join(ctx.config.dataDir, 'docflow', 'is-keys'), log: ctx.log })); },
    get notifier() { return (notifier ??= mailboxNotifier({ blobs: ctx.blobs, domain: ctx.config.domain })); },
    operator: ctx.config.domain,
    now: () => new Date(),
  };
}
