/**
 * SPF, DKIM and DMARC of an inbound message (mailauth), through the one injectable resolver
 * (this machine has no DNS; tests and benchmarks pass a stub). The summary is stored with the
 * letter; the DMARC verdict decides reject / quarantine (Junk) / deliver.
 */
import type { Readable } from 'node:stream';
import { authenticate } from 'mailauth';
import type { DnsResolve } from './types.ts';

export interface AuthSummary {
  spf: string | null;
  dkim: { domain: string | null; result: string }[];
  dmarc: { result: string; policy: string | null; domain: string | null } | null;
  /** What the DMARC policy asks of a failing message. */
  action: 'deliver' | 'quarantine' | 'reject';
}

export async function checkAuth(message: Readable, o: { ip: string; helo?: string; sender?: string | null; mta: string; resolve: DnsResolve }): Promise<AuthSummary> {
  const r = await authenticate(message, {
    ip: o.ip,
    helo: o.helo,
    sender: o.sender ?? undefined,
    mta: o.mta,
    resolver: o.resolve as never,
    disableArc: true,
    disableBimi: true,
  });
  const dmarc = r.dmarc
    ? { result: String(r.dmarc.status?.result ?? 'none'), policy: (r.dmarc as { policy?: string }).policy ?? null, domain: (r.dmarc as { domain?: string }).domain ?? null }
    : null;
  let action: AuthSummary['action'] = 'deliver';
  if (dmarc?.result === 'fail') action = dmarc.policy === 'reject' ? 'reject' : dmarc.policy === 'quarantine' ? 'quarantine' : 'deliver';
  return {
    spf: r.spf ? String((r.spf as { status?: { result?: string } }).status?.result ?? 'none') : null,
    dkim: (r.dkim?.results ?? []).map((d: { signingDomain?: string; status?: { result?: string } }) => ({ domain: d.signingDomain ?? null, result: String(d.status?.result ?? 'none') })),
    dmarc,
    action,
  };
}
