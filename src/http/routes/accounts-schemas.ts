/** JSON schemas shared by the accounts routes (they generate OpenAPI). */
export const err = { $ref: 'Error#' } as const;

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, err]));

export const signedBody = {
  type: 'object',
  required: ['signature'],
  additionalProperties: false,
  properties: {
    signature: { type: 'string', maxLength: 2_000_000, description: 'Base64 of the CMS SignedData (DER), attached or detached' },
    document: { type: 'string', maxLength: 200_000, description: 'The canonical JSON document signed (required with a detached signature)' },
  },
} as const;

export const documentToSign = {
  type: 'object',
  required: ['document', 'nonce', 'expiresAt'],
  properties: {
    document: { type: 'string', description: 'Canonical JSON (RFC 8785) to sign as CMS over these exact UTF-8 bytes' },
    nonce: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const mailboxCreated = {
  type: 'object',
  required: ['applicationId', 'mailboxId', 'login', 'address', 'kind'],
  properties: {
    applicationId: { type: 'string', format: 'uuid' },
    mailboxId: { type: 'string', format: 'uuid' },
    login: { type: 'string' },
    address: { type: 'string' },
    kind: { type: 'string', enum: ['personal', 'organisation'] },
  },
} as const;

export const loginResult = {
  type: 'object',
  required: ['accountId', 'login', 'csrfToken', 'expiresAt', 'agreementAcceptanceRequired'],
  properties: {
    accountId: { type: 'string', format: 'uuid' },
    login: { type: 'string' },
    csrfToken: { type: 'string', description: 'Send back in the X-CSRF-Token header on every state-changing request' },
    expiresAt: { type: 'string', format: 'date-time' },
    agreementAcceptanceRequired: { type: 'boolean' },
    organisation: {
      type: 'object',
      description: 'EDS sign-in with a member\'s certificate (the organisation\'s BIN): the organisation mailbox to act in (send its id as X-Mailbox-Id), with the roles held',
      properties: { mailboxId: { type: 'string', format: 'uuid' }, address: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } },
    },
  },
} as const;

export const okBody = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;

