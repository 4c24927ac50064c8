/** JSON schemas of the mail API (they generate the OpenAPI document). */
const str = (max: number) => ({ type: 'string', maxLength: max }) as const;
const nullableStr = { type: 'string', nullable: true } as const;

export const err = { $ref: 'Error#' } as const;
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, err]));

export const attachmentInfo = {
  type: 'object',
  required: ['filename', 'contentType', 'size', 'sha256'],
  properties: { filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' } },
} as const;

export const letterSummary = {
  type: 'object',
  required: ['id', 'folder', 'direction', 'messageId', 'threadId', 'subject', 'from', 'to', 'cc', 'sentAt', 'receivedAt', 'snippet', 'size', 'seen', 'flagged', 'keywords', 'hasAttachments', 'attachments', 'registered', 'verifiedSender', 'handedOverAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    folder: { type: 'string', description: 'inbox, sent, drafts, trash, archive, junk, or a user folder id' },
    direction: { type: 'string', enum: ['in', 'out', 'draft'] },
    messageId: nullableStr,
    threadId: nullableStr,
    subject: { type: 'string' },
    from: { type: 'object', required: ['address', 'name'], properties: { address: { type: 'string' }, name: { type: 'string' } } },
    to: { type: 'array', items: { type: 'string' } },
    cc: { type: 'array', items: { type: 'string' } },
    sentAt: nullableStr,
    receivedAt: { type: 'string', format: 'date-time' },
    snippet: { type: 'string' },
    size: { type: 'integer' },
    seen: { type: 'boolean' },
    flagged: { type: 'boolean' },
    keywords: { type: 'array', items: { type: 'string' } },
    hasAttachments: { type: 'boolean' },
    attachments: { type: 'array', items: attachmentInfo },
    registered: { type: 'boolean' },
    verifiedSender: { type: 'boolean', description: 'Official sender or registered letter; set by jashik only, never by headers' },
    handedOverAt: nullableStr,
  },
} as const;

export const letterPage = {
  type: 'object',
  required: ['letters', 'nextCursor'],
  properties: { letters: { type: 'array', items: letterSummary }, nextCursor: nullableStr },
} as const;

export const sendBody = {
  type: 'object',
  required: ['to', 'subject'],
  additionalProperties: false,
  properties: {
    to: { type: 'array', minItems: 1, maxItems: 100, items: str(254) },
    cc: { type: 'array', maxItems: 100, items: str(254) },
    subject: str(998),
    text: str(10 * 1024 * 1024),
    html: str(10 * 1024 * 1024),
    registered: { type: 'boolean', default: false },
    handoverDeadline: { type: 'string', format: 'date-time', description: 'Registered letters: when an unopened letter yields AcceptanceRejectionExpiry' },
    inReplyTo: { type: 'string', format: 'uuid', description: 'A letter of your mailbox this one answers' },
    draftId: { type: 'string', format: 'uuid', description: 'The draft this letter was written in (removed when the letter is accepted)' },
    attachments: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['filename', 'contentBase64'],
        additionalProperties: false,
        properties: { filename: str(255), contentType: str(255), contentBase64: { type: 'string' } },
      },
    },
  },
} as const;

export const sendResult = {
  type: 'object',
  required: ['submissionId', 'letterId', 'messageId', 'registered', 'duplicate'],
  properties: { submissionId: { type: 'string' }, letterId: { type: 'string' }, messageId: { type: 'string' }, registered: { type: 'boolean' }, duplicate: { type: 'boolean' } },
} as const;

export const idsBody = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: { ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', format: 'uuid' } } },
} as const;

export const evidenceSummary = {
  type: 'object',
  required: ['id', 'event', 'position', 'messageId', 'sender', 'recipient', 'createdAt', 'cmsSha256'],
  properties: {
    id: { type: 'string' }, event: { type: 'string' }, position: { type: 'integer' }, messageId: { type: 'string' },
    sender: nullableStr, recipient: nullableStr, createdAt: { type: 'string' }, cmsSha256: { type: 'string' },
  },
} as const;

export const verifyResult = {
  type: 'object',
  required: ['valid', 'problems'],
  properties: {
    valid: { type: 'boolean' },
    problems: { type: 'array', items: { type: 'string' } },
    event: nullableStr,
    meaning: { type: 'string', nullable: true, description: "What the evidence proves, in the request's language" },
    document: { type: 'object', nullable: true, additionalProperties: true },
    batch: {
      type: 'object', nullable: true, required: ['issuedAt', 'count'],
      description: 'Set when the operator signed this evidence together with others (one signature over a manifest of their SHA-256 digests): when, and how many documents the batch lists',
      properties: { issuedAt: { type: 'string' }, count: { type: 'integer' } },
    },
    signer: { type: 'object', nullable: true, properties: { subject: { type: 'string' }, serialNumber: { type: 'string' }, fingerprintSha256: { type: 'string' } } },
    signingTime: nullableStr,
    timestamp: nullableStr,
  },
} as const;

export const draftBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    to: { type: 'array', maxItems: 100, items: str(254) },
    cc: { type: 'array', maxItems: 100, items: str(254) },
    subject: str(998),
    text: str(10 * 1024 * 1024),
    html: str(10 * 1024 * 1024),
    draftId: { type: 'string', format: 'uuid', description: 'The draft this one replaces' },
    attachments: sendBody.properties.attachments,
  },
} as const;
