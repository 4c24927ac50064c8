/**
 * Audit events as a discriminated union keyed by `type` (STYLE habit 6). Modules add their
 * event types here so that every security-relevant action has one documented shape.
 */
export type AuditEvent =
  | { type: 'system.started'; payload: { version: string; engine: string } }
  | { type: 'system.migrated'; payload: { engine: string } }
  | { type: 'blob.deleted'; payload: { sha256: string } }
  | { type: 'mail.sent'; payload: { letterId: string; submissionId: string; messageId: string; recipients: number; registered: boolean } }
  | { type: 'mail.received'; payload: { letterIds: string[]; messageId: string | null; remoteAddress: string | null; dmarc: string | null } }
  | { type: 'mail.received_batch'; payload: { messages: { messageId: string | null; remoteAddress: string; dmarc: string | null; letters: { letterId: string; evidenceId: string | null; event: string | null; cmsSha256: string | null }[] }[] } }
  | { type: 'mail.evidence'; payload: { evidenceId: string; event: string; chain: string; position: number; messageId: string; cmsSha256: string } }
  | { type: 'mail.access_refused'; payload: { operation: string; mailboxId: string | null; target: string } }
  | { type: 'mail.deleted'; payload: { letterId: string; mailboxId: string } }
  // demo PKI and operator keys (issue 3, items 6-7)
  | { type: 'demo_pki.initialised'; payload: { root: string; issuing: string; tsa: string } }
  | { type: 'demo_pki.certificate_issued'; payload: { serial: string; kind: string; alg: string; purpose: string; iin: string | null; bin: string | null } }
  | { type: 'demo_pki.certificate_revoked'; payload: { serial: string; reason: string } }
  | { type: 'operator_key.activated'; payload: { fingerprint: string; serial: string; source: 'configured' | 'demo'; previous: string | null } }
  | { type: 'test.event'; payload: Record<string, unknown> }
  // accounts (issue 4)
  | { type: 'agreement.published'; payload: { version: string; sha256: string } }
  | { type: 'agreement.accepted'; payload: { accountId: string; version: string; sha256: string; channel: string } }
  | { type: 'application.accepted'; payload: { applicationId: string; channel: 'online' | 'counter'; applicantKind: string; mailboxId: string; address: string; signerCertificate?: string; postOfficeId?: string } }
  | { type: 'application.refused'; payload: { channel: 'online' | 'counter'; code: string; fields: string[] } }
  | { type: 'auth.login'; payload: { accountId: string; method: 'password' | 'eds' | 'activation'; session: string; ip?: string; asMemberOf?: string } }
  | { type: 'auth.login_failed'; payload: { accountId?: string; method: 'password' | 'eds' | 'code'; reason: string; ip?: string } }
  | { type: 'auth.locked'; payload: { key: string; until: string; failures: number } }
  | { type: 'auth.unlocked'; payload: { accountId: string; by: 'eds' } }
  | { type: 'auth.logout'; payload: { accountId: string; sessions: number; everywhere: boolean } }
  | { type: 'session.revoked'; payload: { accountId: string; session: string } }
  | { type: 'account.activated'; payload: { accountId: string; purpose: string } }
  | { type: 'account.password_reset'; payload: { accountId: string; by: 'eds' | 'code' } }
  | { type: 'account.code_issued'; payload: { accountId: string; purpose: string; expiresAt: string } }
  | { type: 'account.profile_updated'; payload: { accountId: string; mailboxId: string; officialDropped: boolean } }
  | { type: 'mailbox.confirmed'; payload: { accountId: string; mailboxId: string; confirmationId: string; signerCertificate: string } }
  | { type: 'mailbox.closed'; payload: { accountId: string; mailboxId: string; address: string } }
  | { type: 'directory.lookup'; payload: { by: string; kind: 'iin' | 'bin'; found: boolean; refused?: boolean } }
  | { type: 'post_office.created'; payload: { postOfficeId: string; code: string } }
  | { type: 'staff.created'; payload: { accountId: string; login: string; role: string; postOfficeId?: string } }
  | { type: 'member.granted'; payload: { mailboxId: string; memberId: string; role: string } }
  | { type: 'member.revoked'; payload: { mailboxId: string; memberId: string } }
  | { type: 'api_token.created'; payload: { mailboxId: string; tokenId: string; scopes: string[]; expiresAt: string } }
  | { type: 'api_token.revoked'; payload: { mailboxId: string; tokenId: string } }
  | { type: 'account.looked_up'; payload: { by: string; login: string; found: boolean } }
  | { type: 'organisation.head_changed'; payload: { accountId: string; mailboxId: string; bin: string; signerCertificate: string } }
  | { type: 'mailbox.frozen'; payload: { accountId: string; mailboxId: string; bin: string; reason: 'liquidated' } }
  | { type: 'mailbox.letters_purged'; payload: { mailboxId: string; letters: number; more: boolean } }
  // docflow (issue 7)
  | { type: 'docflow.reference_changed'; payload: { kind: string; code: string; version: number; retired: boolean } }
  | { type: 'docflow.document_created'; payload: { documentId: string; mailboxId: string; typeCode: string; files: number; bytes: number } }
  | { type: 'docflow.document_signed'; payload: { documentId: string; position: number; signerSerial: string; signerIin: string | null } }
  | { type: 'docflow.registration_reserved'; payload: { documentId: string; mailboxId: string; journal: string; number: string } }
  | { type: 'docflow.registered'; payload: { documentId: string; mailboxId: string; journal: string; number: string; registrationId: string } }
  | { type: 'docflow.sent'; payload: { documentId: string; deliveryId: string; recipientMailboxId: string } }
  | { type: 'docflow.checked'; payload: { documentId: string; deliveryId: string; outcome: string; reasons: string[] } }
  | { type: 'docflow.receipt_issued'; payload: { documentId: string; deliveryId: string; receiptId: string; kind: string; automatic: boolean } }
  | { type: 'docflow.receipt_missing'; payload: { documentId: string; deliveryId: string; sentAt: string } }
  | { type: 'docflow.receipt_received'; payload: { documentId: string; deliveryId: string; receiptId: string; late: boolean } }
  | { type: 'docflow.execution_changed'; payload: { executionId: string; documentId: string; status: string; deadline?: string } }
  | { type: 'docflow.execution_overdue'; payload: { executionId: string; documentId: string; deadline: string } }
  | { type: 'docflow.execution_due_soon'; payload: { executionId: string; documentId: string; deadline: string } }
  | { type: 'docflow.filed'; payload: { registrationId: string; documentId: string; index: string } }
  | { type: 'docflow.destruction_proposed'; payload: { destructionId: string; mailboxId: string; items: number } }
  | { type: 'docflow.destroyed'; payload: { destructionId: string; mailboxId: string; documents: string[] } }
  | { type: 'docflow.paper_copy'; payload: { documentId: string; copyId: string; sheets: number; certifier: string } }
  | { type: 'docflow.settings_changed'; payload: { mailboxId: string } }
  | { type: 'docflow.access_refused'; payload: { operation: string; mailboxId: string | null; target: string } }
  // hybrid mail (issue 8)
  | { type: 'hybrid.submitted'; payload: { itemId: string; s10: string | null; mode: 'paper' | 'digital_first'; contentKind: string; pages: number; printCentre: string | null } }
  | { type: 'hybrid.event'; payload: { itemId: string; s10: string; event: string; place: string | null } }
  | { type: 'hybrid.event_rejected'; payload: { s10: string; event: string; reason: string } }
  | { type: 'hybrid.print_fallback'; payload: { itemId: string; outcome: 'printed' | 'read_online'; s10: string | null } }
  | { type: 'hybrid.batch_dropped'; payload: { batchId: string; name: string; printCentre: string; items: number; files: number; checksum: string } }
  | { type: 'hybrid.paper_registered'; payload: { paperLetterId: string; postOfficeId: string | null; deliveredTo: string; scans: number; evidenceId: string } }
  | { type: 'hybrid.paper_fate'; payload: { paperLetterId: string; fate: string; previous: string; keepUntil: string | null; evidenceId: string } }
  | { type: 'hybrid.webhook_created'; payload: { webhookId: string; mailboxId: string } }
  | { type: 'hybrid.webhook_revoked'; payload: { webhookId: string; mailboxId: string } }
  | { type: 'hybrid.event_batch'; payload: { lines: number; recorded: number; duplicates: number; refused: number } };

export type AuditEventType = AuditEvent['type'];

export interface AuditContext {
  /** Who acted: `user:<id>`, `staff:<id>`, `system`, `token:<id>`. */
  actor?: string;
  requestId?: string;
}
