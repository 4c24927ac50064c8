/** JSON schemas of the docflow API (they generate OpenAPI): requisites as DF-3/DF-4 list them. */
const str = (max: number) => ({ type: 'string', maxLength: max }) as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
export const uuid = { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } as const;
export const nullable = (s: object) => ({ ...s, nullable: true });

const reference = { type: 'object', additionalProperties: false, required: ['number', 'date'], properties: { number: str(100), date } } as const;

/** DF-3 content requisites. */
export const contentRequisitesSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    senderName: str(1000),
    senderReference: { type: 'object', additionalProperties: false, properties: { legalAddress: str(1000), phone: str(100), fax: str(100), email: str(320) } },
    incomingReference: reference,
    placeOfCreation: str(500), addressee: str(2000), approvalMark: str(2000), title: str(2000), attachmentMark: str(2000),
    executorMark: { type: 'object', additionalProperties: false, properties: { surname: str(200), phone: str(100), email: str(320) } },
  },
} as const;

/** DF-4 RCC requisites entered by people (date, number, software and EDS are the system's). */
export const cardRequisitesSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    nomenclatureIndex: str(64), questionNature: str(1000), subject: str(2000),
    sheets: { type: 'object', additionalProperties: false, required: ['main', 'attachments'], properties: { main: { type: 'integer', minimum: 0 }, attachments: { type: 'integer', minimum: 0 } } },
    addresseeOrganisation: str(1000), addresseePosition: str(500), addresseeSurname: str(200), executorSurname: str(200), executorPhone: str(100),
    controlMark: { type: 'boolean' }, executionMark: str(1000), reference,
    paperOriginal: { type: 'string', enum: ['none', 'paper_original', 'paper_copy'] },
  },
} as const;

export const fileInputSchema = {
  type: 'object', additionalProperties: false, required: ['role', 'filename', 'contentBase64'],
  properties: { role: { type: 'string', enum: ['content', 'attachment'] }, filename: str(200), contentBase64: { type: 'string' } },
} as const;

const signerSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string' }, serialNumber: { type: 'string' }, fingerprint: { type: 'string' }, iin: nullable({ type: 'string' }), bin: nullable({ type: 'string' }),
    roles: { type: 'array', items: { type: 'string' } }, name: nullable({ type: 'string' }), notBefore: { type: 'string' }, notAfter: { type: 'string' }, trustedTime: { type: 'string' }, signingTime: nullable({ type: 'string' }),
  },
} as const;

const anyObject = { type: 'object', additionalProperties: true } as const;

export const documentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, status: { type: 'string' }, typeCode: { type: 'string' }, typeVersion: { type: 'integer' }, senderMailboxId: { type: 'string' }, recipientMailboxId: nullable({ type: 'string' }),
    medium: { type: 'string' }, documentDate: nullable({ type: 'string' }), createdAt: { type: 'string' }, sentAt: nullable({ type: 'string' }),
    author: anyObject, requisites: anyObject, card: anyObject,
    rcc: nullable({ type: 'string', description: 'The registration-control card: canonical JSON (RFC 8785) as signed' }), rccSignature: nullable({ type: 'string', description: 'CMS (base64) of the records officer over `rcc`' }), rccSigner: nullable(signerSchema),
    files: { type: 'array', items: { type: 'object', properties: { position: { type: 'integer' }, role: { type: 'string' }, filename: { type: 'string' }, format: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' }, signature: nullable({ type: 'string', description: 'Detached CMS (base64) with every official as a SignerInfo' }), signers: { type: 'array', items: signerSchema } } } },
    registrations: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, journal: { type: 'string' }, number: { type: 'string' }, date: { type: 'string' }, nomenclatureIndex: { type: 'string' }, controlMark: { type: 'boolean' }, executionMark: nullable({ type: 'string' }), filedIndex: nullable({ type: 'string' }), retainUntil: nullable({ type: 'string' }) } } },
    deliveries: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, recipientMailboxId: { type: 'string' }, status: { type: 'string' }, sentAt: { type: 'string' }, receivedAt: { type: 'string' }, check: nullable(anyObject), heldUntil: nullable({ type: 'string' }), receiptId: nullable({ type: 'string' }), alertedAt: nullable({ type: 'string' }) } } },
  },
} as const;

export const receiptSchema = {
  type: 'object', required: ['deliveryId', 'delivered', 'status'],
  properties: {
    deliveryId: { type: 'string' }, delivered: { type: 'boolean' }, status: { type: 'string' }, alertedAt: nullable({ type: 'string' }),
    receipt: nullable({ type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string', enum: ['accepted', 'not_accepted'] }, document: { type: 'string', description: 'The notification-receipt: canonical JSON with the DF-10 fields' }, signature: { type: 'string' }, signer: signerSchema, automatic: { type: 'boolean' }, createdAt: { type: 'string' } } }),
  },
} as const;

export const signatureBody = {
  type: 'object', additionalProperties: false, required: ['signature'],
  properties: { signature: { type: 'string', description: 'CMS (base64), attached or detached, over exactly the prepared document' } },
} as const;

export const executorSchema = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: str(300), iin: str(12), phone: str(100), email: str(320) } } as const;
export { date as dateSchema, str, anyObject };
