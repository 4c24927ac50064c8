/**
 * Builds the accounts module's dependencies from the application context: the state registry
 * (demo file in demo mode, else the e-government gateway — required), signature trust (the
 * demo CA in demo mode, else the NCA certificates in JASHIK_TRUST_DIR — required — with
 * revocation checked online through the certificates' OCSP/CRL addresses), argon2id hashing,
 * the closed-mailbox retention; all settings from `ctx.config`.
 * Storage is reached lazily, so route registration for the OpenAPI export touches none.
 */
import { ConfigError } from '../config.ts';
import type { AccountsDeps } from '../modules/accounts/accounts-deps.ts';
import { argon2Hasher } from '../modules/accounts/password.ts';
import type { SignatureTrust } from '../modules/accounts/signature-check.ts';
import { demoRevocationOptions, demoTrustStore } from '../modules/demo-pki/demo-trust.ts';
import { stateRegistryFromConfig } from '../modules/identity/registry-from-config.ts';
import { httpFetcher } from '../modules/pki/revocation.ts';
import { loadTrustStore } from '../modules/pki/trust.ts';
import type { AppContext } from './context.ts';

export function signatureTrust(ctx: AppContext): SignatureTrust {
  const dir = ctx.config.trustDir;
  if (ctx.config.demo && !dir) {
    const deps = () => ({ config: ctx.config, db: ctx.database.db });
    return { trustStore: () => demoTrustStore(deps()), revocation: () => demoRevocationOptions(deps()) };
  }
  if (!dir) throw new ConfigError('JASHIK_TRUST_DIR', 'a directory with the NCA root and issuing CA certificates (required outside demo mode)', '');
  return {
    trustStore: () => loadTrustStore(dir),
    revocation: async () => ({ useCertificateUrls: true, fetcher: httpFetcher, timeoutMs: 10_000, ocspCacheSeconds: ctx.config.ocspCacheSeconds }),
  };
}

export function accountsDeps(ctx: AppContext): AccountsDeps {
  const registry = stateRegistryFromConfig(ctx.config);
  const trust = signatureTrust(ctx);
  return {
    get db() {
      return ctx.database.db;
    },
    get blobs() {
      return ctx.blobs;
    },
    trust,
    registry,
    hasher: argon2Hasher,
    domain: ctx.config.domain,
    demo: ctx.config.demo,
    closedMailboxRetentionDays: ctx.config.accounts.closedMailboxRetentionDays,
  };
}
