/** Mail from the operator itself (codes, notices) to an external address: composed, DKIM-signed, relayed now. */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { send, targetsFor, type RelayOptions } from './relay-letter.ts';

export async function sendSystemMail(relay: RelayOptions, domain: string, to: string, subject: string, text: string): Promise<void> {
  const from = `no-reply@${domain}`;
  const raw = await new MailComposer({ from: { name: 'Jashik', address: from }, to, subject, text, messageId: `<${randomUUID()}@${domain}>`, headers: { 'Auto-Submitted': 'auto-generated' } }).compile().build();
  let last = 'no mail exchanger';
  for (const target of await targetsFor(to, relay)) {
    const o = await send(target, relay, domain, from, to, raw);
    if (o.ok) return;
    last = o.response;
    if (o.permanent) break;
  }
  throw new Error(`notice to ${to} not sent: ${last}`);
}
