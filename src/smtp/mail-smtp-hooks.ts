/** The SMTP edge of the mail module: RCPT TO → checkRecipient, DATA → receiveMessage. No rules here. */
import type { SMTPServerSession } from 'smtp-server';
import { checkRecipient, receiveMessage, type InboundDeps } from '../modules/mail/receive-message.ts';
import type { SmtpHooks } from './build-smtp-server.ts';

export function mailSmtpHooks(deps: InboundDeps): SmtpHooks {
  return {
    onRecipient: (address) => checkRecipient(deps, address),
    async onMessage(stream, session: SMTPServerSession) {
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
      await receiveMessage(deps, stream, {
        mailFrom: mailFrom || null,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        remoteAddress: session.remoteAddress,
        heloName: session.hostNameAppearsAs,
      });
    },
  };
}
