import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinuteWindow } from './build-smtp-server.ts';

test('X-2 messages per IP per minute: the window counts only messages of the last 60 s and forgets older ones as time passes', () => {
  const w = new MinuteWindow();
  const t0 = 1_000_000;
  assert.equal(w.count(t0), 0);
  for (let i = 0; i < 5; i++) w.add(t0 + i * 10_000); // at 0, 10, 20, 30, 40 s
  assert.equal(w.count(t0 + 40_000), 5);
  assert.equal(w.count(t0 + 59_999), 5, 'the first message is still within the minute');
  assert.equal(w.count(t0 + 60_000), 4, 'a minute after the first message it no longer counts');
  assert.equal(w.count(t0 + 95_000), 1);
  assert.equal(w.count(t0 + 100_000), 0);
});

test('X-2 messages per IP per minute: a long busy stretch keeps counting exactly (the expired front is dropped, not kept)', () => {
  const w = new MinuteWindow();
  // One message every 10 ms for ten minutes: always the 5,999 of the 60 s before (a message
  // exactly 60 s old no longer counts).
  for (let now = 0; now <= 600_000; now += 10) {
    if (now >= 60_000) assert.equal(w.count(now), 5999);
    w.add(now);
  }
});
