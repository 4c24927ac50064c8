/** An SMTP answer a mail service gives the SMTP edge: code and enhanced status text. */
export class SmtpReply extends Error {
  constructor(readonly responseCode: number, message: string) {
    super(message);
    this.name = 'SmtpReply';
  }
}
