/**
 * How the running system builds the mail module's dependencies from the application context:
 * the settings in `config.mail` (mail-settings.ts, read with the rest of the configuration),
 * the operator's evidence signer, the DNS resolver, and the operator domain's DKIM key (kept
 * under the data directory, generated on first start; publish its TXT record, printed in the log).
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { promises as dns } from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import { operatorSigner } from '../operator-keys/operator-signer.ts';
import type { InboundDeps } from './receive-message.ts';
import type { MailJobDeps } from './mail-jobs.ts';
import type { SendLetterDeps } from './send-letter.ts';
import type { MailSettings } from './mail-settings.ts';
export type { MailSettings } from './mail-settings.ts';
import type { DnsResolve, EvidenceSigner } from './types.ts';

/** The DKIM private key of the operator domain: `<dataDir>/dkim/<selector>.pem`, made on first use. */
export function dkimKey(dataDir: string, selector: string): { privateKey: string; dnsTxt: string } {
  const dir = path.join(dataDir, 'dkim');
  const file = path.join(dir, `${selector}.pem`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = fs.readFileSync(file, 'utf8');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey, dnsTxt: `v=DKIM1; k=rsa; p=${spki}` };
}

export const systemResolver: DnsResolve = (name, rrtype) => dns.resolve(name, rrtype);

export interface MailRuntime {
  settings: MailSettings;
  signer: EvidenceSigner;
  resolve: DnsResolve;
  send: SendLetterDeps;
  inbound: InboundDeps;
  jobs(): MailJobDeps;
}

const runtimes = new WeakMap<AppContext, MailRuntime>();

export function mailRuntime(ctx: AppContext): MailRuntime {
  const existing = runtimes.get(ctx);
  if (existing) return existing;
  const settings = ctx.config.mail;
  const signer = operatorSigner({ config: ctx.config, database: ctx.database });
  const resolve = systemResolver;
  const base = { database: ctx.database, blobs: ctx.blobs, signer, domain: ctx.config.domain, limits: settings.limits };
  const rt: MailRuntime = {
    settings,
    signer,
    resolve,
    send: base,
    inbound: { ...base, resolve, authChecks: settings.authChecks },
    jobs() {
      const key = dkimKey(ctx.config.dataDir, settings.dkimSelector);
      ctx.log.info({ selector: settings.dkimSelector, record: `${settings.dkimSelector}._domainkey.${ctx.config.domain} TXT "${key.dnsTxt}"` }, 'DKIM key for outbound mail');
      return { blobs: ctx.blobs, signer, domain: ctx.config.domain, relay: { smarthost: settings.smarthost, resolve, dkim: { domainName: ctx.config.domain, keySelector: settings.dkimSelector, privateKey: key.privateKey } } };
    },
  };
  runtimes.set(ctx, rt);
  return rt;
}
