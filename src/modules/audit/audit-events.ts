/**
 * Audit events as a discriminated union keyed by `type` (STYLE habit 6). Modules add their
 * event types here so that every security-relevant action has one documented shape.
 */
export type AuditEvent =
  | { type: 'system.started'; payload: { version: string; engine: string } }
  | { type: 'system.migrated'; payload: { engine: string } }
  | { type: 'blob.deleted'; payload: { sha256: string } }
  | { type: 'test.event'; payload: Record<string, unknown> };

export type AuditEventType = AuditEvent['type'];

export interface AuditContext {
  /** Who acted: `user:<id>`, `staff:<id>`, `system`, `token:<id>`. */
  actor?: string;
  requestId?: string;
}
