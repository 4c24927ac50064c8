/** the sender's status line is read from the evidence chain, per recipient. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryStatus, statusSettled, type StatusRecord } from '../../web/src/screens/mail/delivery-status.ts';

const ev = (position: number, event: string, recipient: string | null, createdAt = `2026-11-23T06:0${position}:00Z`): StatusRecord => ({ position, event, recipient, createdAt });

test('X-3: the latest record naming a recipient is its status — opened beats delivered, whatever order the list came in', () => {
  const chain = [ev(3, 'ContentHandover', 'bolat@pochta.kz'), ev(1, 'SubmissionAcceptance', 'bolat@pochta.kz, asel@pochta.kz'), ev(2, 'ContentConsignment', 'bolat@pochta.kz')];
  assert.deepEqual(deliveryStatus(chain, ['bolat@pochta.kz', 'asel@pochta.kz']), [
    { recipient: 'bolat@pochta.kz', event: 'ContentHandover', at: '2026-11-23T06:03:00Z' },
    { recipient: 'asel@pochta.kz', event: 'SubmissionAcceptance', at: '2026-11-23T06:01:00Z' },
  ]);
});

test('X-3: a recipient address matches whatever its case; a recipient with no record yet has no status', () => {
  assert.deepEqual(deliveryStatus([ev(1, 'RelayToNonERDS', 'Friend@Example.org')], ['friend@example.org', 'other@example.org']), [
    { recipient: 'friend@example.org', event: 'RelayToNonERDS', at: '2026-11-23T06:01:00Z' },
    { recipient: 'other@example.org', event: null, at: null },
  ]);
});

test('X-3: the status is settled only when every recipient has a final record (opened, failed, relayed, expired)', () => {
  const delivered = deliveryStatus([ev(1, 'SubmissionAcceptance', 'a@x.kz'), ev(2, 'ContentConsignment', 'a@x.kz')], ['a@x.kz']);
  assert.equal(statusSettled(delivered), false);
  assert.equal(statusSettled(deliveryStatus([ev(1, 'ContentHandover', 'a@x.kz'), ev(2, 'ContentConsignment', 'b@x.kz')], ['a@x.kz', 'b@x.kz'])), false);
  for (const final of ['ContentHandover', 'AcceptanceRejectionExpiry', 'ContentConsignmentFailure', 'RelayToNonERDS', 'SubmissionRejection']) {
    assert.equal(statusSettled(deliveryStatus([ev(1, final, 'a@x.kz')], ['a@x.kz'])), true, final);
  }
  assert.equal(statusSettled([]), false);
});
