// smtp-server exports its connection class under this subpath but @types/smtp-server does not
// describe it; greeting-pause.ts reaches into it deliberately (see there why).
declare module 'smtp-server/lib/smtp-connection.js' {
  export const SMTPConnection: unknown;
}
