/**
 * Hybrid mail's dependencies from the application context: the operator evidence signer, mail
 * delivery into mailboxes, the print-centre drop (a directory under the data dir by default),
 * and the registry of postal addresses. Storage is reached lazily (OpenAPI export touches none).
 *
 * Letters addressed by IIN/BIN with no mailbox go to the registered postal address from the
 * state registry (demo file in demo mode, else the e-government gateway), chosen on first use.
 */
import type { AppContext } from './context.ts';
import { jashikMailDelivery } from '../modules/hybrid/mail-delivery.ts';
import { directoryPrintDrop, type PrintDrop } from '../modules/hybrid/print-drop.ts';
import type { EvidenceSigner, MailDelivery } from '../modules/hybrid/ports.ts';
import type { SubmitDeps } from '../modules/hybrid/submit-hybrid-letter.ts';
import { operatorSigner } from '../modules/operator-keys/operator-signer.ts';
import type { Database } from '../storage/db/database.ts';
import type { BlobStore } from '../storage/blobs/blob-store.ts';
import { stateRegistryFromConfig } from '../modules/identity/registry-from-config.ts';
import type { StateRegistry } from '../modules/identity/state-registry.ts';
import { stateRegistryAddresses } from '../modules/hybrid/registry-addresses.ts';

export interface HybridDeps extends SubmitDeps {
  drop: PrintDrop;
}


export function hybridDeps(ctx: AppContext): HybridDeps {
  let signer: EvidenceSigner | undefined;
  let mail: MailDelivery | undefined;
  let drop: PrintDrop | undefined;
  let stateRegistry: StateRegistry | undefined;
  return {
    get database(): Database { return ctx.database; },
    get blobs(): BlobStore { return ctx.blobs; },
    config: ctx.config.hybrid,
    get signer() { return (signer ??= operatorSigner({ config: ctx.config, database: ctx.database })); },
    get mail() { return (mail ??= jashikMailDelivery({ blobs: ctx.blobs, domain: ctx.config.domain })); },
    get drop() { return (drop ??= directoryPrintDrop(this.config.dropDir)); },
    operator: ctx.config.domain,
    registry: stateRegistryAddresses(() => (stateRegistry ??= stateRegistryFromConfig(ctx.config))),
  };
}
