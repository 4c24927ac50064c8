/**
 * What a verifier needs to accept demo signatures (registration of demo-signed applications):
 * the trust store — the demo root as anchor, the issuing CA as intermediate — and fresh
 * revocation data made in-process (no HTTP round trip to ourselves). Demo mode only: outside
 * it the demo CA is neither served nor trusted (Conventions).
 */
import { parseCrl } from '../pki/crl.ts';
import type { RevocationOptions } from '../pki/revocation.ts';
import { TrustStore } from '../pki/trust.ts';
import type { Certificate } from '../pki/x509.ts';
import { assertDemoMode, requireDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { currentDemoCrl } from './demo-crl.ts';

/** The demo CA certificates: [root (the anchor), issuing CA]. */
export async function demoTrustAnchors(deps: DemoPkiDeps): Promise<Certificate[]> {
  assertDemoMode(deps.config);
  const ca = await requireDemoCa(deps);
  return [ca.root.cert, ca.issuing.cert];
}

const stores = new WeakMap<Certificate, TrustStore>();

/** A TrustStore for `verifyCms`: the demo root is the anchor, the issuing CA an intermediate. */
export async function demoTrustStore(deps: DemoPkiDeps): Promise<TrustStore> {
  const [root, issuing] = await demoTrustAnchors(deps);
  let store = stores.get(root);
  if (!store) stores.set(root, (store = new TrustStore([root, issuing])));
  return store;
}

/** Revocation options with both demo CRLs, current as of now (they list every revocation so far). */
export async function demoRevocationOptions(deps: DemoPkiDeps): Promise<RevocationOptions> {
  assertDemoMode(deps.config);
  const [issuing, root] = await Promise.all([currentDemoCrl(deps, 'issuing'), currentDemoCrl(deps, 'root')]);
  return { crls: [parseCrl(issuing, 'demo CRL (in-process)'), parseCrl(root, 'demo root CRL (in-process)')] };
}

/** `trust` and `revocation` for `verifyCms(cms, { ...await demoVerifyOptions(deps), receivedAt })`. */
export async function demoVerifyOptions(deps: DemoPkiDeps): Promise<{ trust: TrustStore; revocation: RevocationOptions }> {
  const [trust, revocation] = await Promise.all([demoTrustStore(deps), demoRevocationOptions(deps)]);
  return { trust, revocation };
}

