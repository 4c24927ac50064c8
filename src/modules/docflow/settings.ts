/** Per-organisation docflow settings: the registration-number pattern ({index}, {seq}, {year}, {yy}, {journal}). */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireRoles } from './access.ts';
import { field, refuse } from './field-texts.ts';
import { DEFAULT_PATTERN, validPattern } from './numbering.ts';
import type { DocflowActor, MembershipPolicy } from './types.ts';

export async function updateSettings(deps: { database: Database; membership: MembershipPolicy }, actor: DocflowActor | undefined, mailboxId: string, input: { numberPattern: string }): Promise<{ numberPattern: string }> {
  const { actor: who } = await requireRoles(deps, actor, mailboxId, ['head'], 'updateDocflowSettings');
  if (!validPattern(input.numberPattern)) throw refuse('VALIDATION_FAILED', [field('numberPattern', 'pattern')]);
  await deps.database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into docflow_settings (mailbox_id, number_pattern) values (${mailboxId}, ${input.numberPattern})
      on conflict (mailbox_id) do update set number_pattern = excluded.number_pattern, updated_at = now()`);
    await appendAudit(tx, { type: 'docflow.settings_changed', payload: { mailboxId } }, { actor: who.actor, requestId: who.requestId });
  });
  return { numberPattern: input.numberPattern };
}

export { DEFAULT_PATTERN };
