/** The demo CAs' CRLs, made fresh from the table on every request (short-lived: 10 minutes). */
import { issueCrl } from '../pki/x509-build.ts';
import { requireDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { revokedDemoCertificates, type DemoIssuer } from './record-certificate.ts';

export const CRL_LIFETIME_MS = 10 * 60_000;
const CLOCK_SKEW_MS = 60_000;

/** DER CRL of the issuing CA (`issuing`, leaves) or of the root (`root`, the issuing CA). */
export async function currentDemoCrl(deps: DemoPkiDeps, which: DemoIssuer = 'issuing', now = new Date()): Promise<Buffer> {
  const ca = await requireDemoCa(deps);
  const issuer = which === 'root' ? ca.root : ca.issuing;
  const revoked = await revokedDemoCertificates(deps.db, which);
  // Dated a minute back (whole seconds): a verification that began just before the fetch, or a
  // verifier whose clock is a little behind, still finds the CRL issued before its own time.
  const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000 - CLOCK_SKEW_MS);
  return issueCrl({
    issuer: issuer.cert, signer: issuer.signer, thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + CLOCK_SKEW_MS + CRL_LIFETIME_MS),
    // The CRL number only grows: milliseconds since the epoch.
    crlNumber: BigInt(now.getTime()),
    entries: revoked.map((r) => ({ serialNumber: r.serial, revokedAt: r.revokedAt, reason: r.reason ?? undefined })),
  });
}
