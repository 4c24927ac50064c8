import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { authenticate } from 'mailauth';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { createLogger } from '../shared/logger.ts';
import { startJobWorkers } from '../storage/jobs/job-worker.ts';
import { buildSmtpServer, type SmtpServerHandle, type SmtpLimits } from './build-smtp-server.ts';
import { mailSmtpHooks } from './mail-smtp-hooks.ts';
import { smtpConnect } from './smtp-test-client.ts';
import { getLetterRaw } from '../modules/mail/get-letter.ts';
import { listLetters } from '../modules/mail/list-letters.ts';
import { mailJobHandlers } from '../modules/mail/mail-jobs.ts';
import { sendLetter } from '../modules/mail/send-letter.ts';
import { makeMailbox, tempBlobStore, testEvidenceSigner, TEST_DOMAIN } from '../modules/mail/test-support.ts';
import { DEFAULT_MAIL_LIMITS, type DnsResolve } from '../modules/mail/types.ts';
import type { InboundDeps } from '../modules/mail/receive-message.ts';
import { confirmNotifyAddress, getNotifyAddress, setNotifyAddress } from '../modules/mail/notify-address.ts';

let t: TestDatabase;
const blobs = tempBlobStore();
const signer = testEvidenceSigner();
const dkimKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkimTxt = `v=DKIM1; k=rsa; p=${dkimKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

/** The local DNS stub: this machine has no DNS, and tests never reach the network. */
const zone: Record<string, Record<string, unknown>> = {
  'example.org': { TXT: [['v=spf1 ip4:127.0.0.1 -all']], MX: [{ exchange: '127.0.0.1', priority: 10 }] },
  '_dmarc.example.org': { TXT: [['v=DMARC1; p=reject']] },
  'strict.example': { TXT: [['v=spf1 -all']] },
  '_dmarc.strict.example': { TXT: [['v=DMARC1; p=reject']] },
  'q.example': { TXT: [['v=spf1 -all']] },
  '_dmarc.q.example': { TXT: [['v=DMARC1; p=quarantine']] },
  'bounce.example': { MX: [{ exchange: '127.0.0.1', priority: 10 }] },
  'later.example': { MX: [{ exchange: '127.0.0.1', priority: 10 }] },
  [`sel._domainkey.${TEST_DOMAIN}`]: { TXT: [[dkimTxt]] },
};
const resolve: DnsResolve = async (name, rrtype) => {
  const r = zone[name.toLowerCase()]?.[rrtype];
  if (!r) throw Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return r;
};

let deps: InboundDeps;
const servers: SmtpServerHandle[] = [];
async function startInbound(limits: Partial<SmtpLimits> = {}, inbound: Partial<InboundDeps> = {}): Promise<number> {
  const s = buildSmtpServer({ domain: TEST_DOMAIN, log: createLogger('silent'), hooks: mailSmtpHooks({ ...deps, ...inbound }), limits });
  servers.push(s);
  return s.listen(0, '127.0.0.1');
}

/** The "external" MX: a loopback SMTP sink that records what it receives and answers as told. */
const sink: { received: { from: string; to: string[]; raw: Buffer }[]; answer: (rcpt: string) => number } = { received: [], answer: () => 250 };
let sinkServer: SMTPServer;
let sinkPort = 0;

before(async () => {
  t = await createTestDatabase();
  deps = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS, resolve, authChecks: true };
  sinkServer = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onRcptTo(addr, _s, cb) {
      const code = sink.answer(addr.address);
      if (code >= 400) return cb(Object.assign(new Error(code >= 500 ? '5.1.1 user unknown' : '4.2.1 try later'), { responseCode: code }));
      cb();
    },
    onData(stream, session, cb) {
      void buffer(stream).then((raw) => {
        sink.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => sinkServer.listen(0, '127.0.0.1', () => r()));
  sinkPort = (sinkServer.server.address() as { port: number }).port;
});
after(async () => {
  for (const s of servers) await s.close();
  await new Promise<void>((r) => sinkServer.close(() => r()));
  await t?.drop();
  blobs.cleanup();
});

async function drain(): Promise<void> {
  const w = startJobWorkers({
    database: t.database, log: createLogger('silent'), pollMs: 20, retryBaseMs: 30,
    handlers: mailJobHandlers({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve, mxPort: sinkPort, timeoutMs: 5000, dkim: { domainName: TEST_DOMAIN, keySelector: 'sel', privateKey: dkimKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } } }),
  });
  await w.idle();
  await w.stop();
}

const countLetters = async () => Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from letters`)).rows[0].n);

test('X-2: a message from a real SMTP client is stored byte for byte in the Inbox with its SPF/DMARC results', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const raw = Buffer.from(
    `From: Айгүл <aigul@example.org>\r\nTo: ${b.address}\r\nSubject: =?UTF-8?B?${Buffer.from('Сәлем').toString('base64')}?=\r\nMessage-ID: <in-1@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0500\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nҚайырлы күн!\r\n.leading dot line\r\n`,
  );
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'mx.example.org' });
  const info = await client.sendMail({ envelope: { from: 'aigul@example.org', to: [b.address] }, raw });
  assert.match(info.response, /^250/);
  const [l] = (await listLetters(t.database, b)).letters;
  assert.equal(l.subject, 'Сәлем');
  assert.equal(l.from.address, 'aigul@example.org');
  assert.equal(l.verifiedSender, false, 'external mail never carries the verified-sender mark');
  const got = await buffer((await getLetterRaw({ ...deps }, b, l.id)).stream);
  assert.deepEqual(got, raw);
  const auth = await t.database.db.execute<{ auth_results: { spf: string; dmarc: { result: string } } }>(sql`select auth_results from letters where id = ${l.id}`);
  assert.equal(auth.rows[0].auth_results.spf, 'pass');
  assert.equal(auth.rows[0].auth_results.dmarc.result, 'pass');
  const ev = await t.database.db.execute<{ event: string }>(sql`select event from mail_evidence where chain = ${l.id}`);
  assert.deepEqual(ev.rows.map((r) => r.event), ['ReceivedFromNonERDS']);
});

test('X-2 bad input: unknown recipient 550 and relay to another domain 550 at RCPT TO; nothing stored', async () => {
  const port = await startInbound();
  const before = await countLetters();
  const c = await smtpConnect(port);
  assert.equal((await c.send('EHLO client.example')).code, 250);
  assert.equal((await c.send('MAIL FROM:<a@example.org>')).code, 250);
  const unknown = await c.send(`RCPT TO:<nobody@${TEST_DOMAIN}>`);
  assert.equal(unknown.code, 550);
  assert.match(unknown.text, /5\.1\.1/);
  const relay = await c.send('RCPT TO:<someone@gmail.com>');
  assert.equal(relay.code, 550);
  assert.match(relay.text, /relay/i);
  c.destroy();
  assert.equal(await countLetters(), before);
});

test('X-2: DMARC policy reject refuses the message with 550; quarantine puts it in Junk', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const msg = (from: string) => Buffer.from(`From: ${from}\r\nTo: ${b.address}\r\nSubject: spoof\r\n\r\nbody\r\n`);
  await assert.rejects(client.sendMail({ envelope: { from: 'x@strict.example', to: [b.address] }, raw: msg('boss@strict.example') }), (e: { responseCode: number }) => e.responseCode === 550);
  await client.sendMail({ envelope: { from: 'x@q.example', to: [b.address] }, raw: msg('boss@q.example') });
  assert.equal((await listLetters(t.database, b, { folder: 'junk' })).letters.length, 1);
  assert.equal((await listLetters(t.database, b, { folder: 'inbox' })).letters.length, 0);
});

test('X-2 bad input: an oversized message is refused (SIZE at MAIL FROM, 552 while streaming) and nothing is stored', async () => {
  const port = await startInbound({ maxMessageBytes: 10_000 }, { limits: { ...DEFAULT_MAIL_LIMITS, messageBytes: 10_000 } });
  const b = await makeMailbox(t.database);
  const before = await countLetters();
  const c = await smtpConnect(port);
  const ehlo = await c.send('EHLO client.example');
  assert.match(ehlo.text, /SIZE 10000/);
  assert.equal((await c.send('MAIL FROM:<a@example.org> SIZE=20000')).code, 552);
  assert.equal((await c.send('MAIL FROM:<a@example.org>')).code, 250);
  assert.equal((await c.send(`RCPT TO:<${b.address}>`)).code, 250);
  assert.equal((await c.send('DATA')).code, 354);
  c.write(`Subject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(300));
  const r = await c.send('.');
  assert.equal(r.code, 552);
  c.destroy();
  assert.equal(await countLetters(), before);
});

test('X-4 bad input: a client that disconnects in the middle of DATA leaves nothing stored', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const before = await countLetters();
  const c = await smtpConnect(port);
  await c.send('EHLO client.example');
  await c.send('MAIL FROM:<a@example.org>');
  await c.send(`RCPT TO:<${b.address}>`);
  assert.equal((await c.send('DATA')).code, 354);
  c.write('Subject: half\r\n\r\nhalf a message');
  await new Promise((r) => setTimeout(r, 100));
  c.destroy();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await countLetters(), before);
});

test('X-2 bad input: recipients per message, connections per IP and messages per IP are limited', async () => {
  const port = await startInbound({ maxRecipients: 2, maxConnectionsPerIp: 2, maxMessagesPerIpPerMinute: 2 });
  const [b, c, d] = [await makeMailbox(t.database), await makeMailbox(t.database), await makeMailbox(t.database)];
  const c1 = await smtpConnect(port);
  await c1.send('EHLO a');
  assert.equal((await c1.send('MAIL FROM:<a@example.org>')).code, 250);
  assert.equal((await c1.send(`RCPT TO:<${b.address}>`)).code, 250);
  assert.equal((await c1.send(`RCPT TO:<${c.address}>`)).code, 250);
  assert.equal((await c1.send(`RCPT TO:<${d.address}>`)).code, 452, 'third recipient');
  await c1.send('RSET');
  assert.equal((await c1.send('MAIL FROM:<a@example.org>')).code, 250);
  await c1.send('RSET');
  assert.equal((await c1.send('MAIL FROM:<a@example.org>')).code, 451, 'third message within a minute');
  const c2 = await smtpConnect(port);
  const c3 = await smtpConnect(port).catch(() => undefined);
  assert.ok(!c3 || c3.greeting.code === 421, 'third connection from one address');
  c1.destroy();
  c2.destroy();
  c3?.destroy();
});

test('X-2 bad input: an idle client is disconnected after the command timeout', async () => {
  const port = await startInbound({ socketTimeoutMs: 300 });
  const c = await smtpConnect(port);
  await c.send('EHLO a');
  const started = Date.now();
  await c.closed;
  assert.ok(Date.now() - started < 3000);
});

test('X-2 bad input: a message of 10,000 parts is refused with 554 and nothing is stored', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const before = await countLetters();
  let body = `From: a@example.org\r\nTo: ${b.address}\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n`;
  for (let i = 0; i < 10_000; i++) body += `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="p${i}.bin"\r\n\r\nx\r\n`;
  body += '--b--\r\n';
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await assert.rejects(client.sendMail({ envelope: { from: 'a@example.org', to: [b.address] }, raw: body }), (e: { responseCode: number }) => e.responseCode === 554);
  assert.equal(await countLetters(), before);
});

test('X-2 bad input: broken MIME boundaries and bad encodings are still stored as received', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const raw = `From: a@example.org\r\nTo: ${b.address}\r\nSubject: =?UTF-8?B?!!!notbase64?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="never"\r\n\r\n--other\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%\r\n`;
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  await client.sendMail({ envelope: { from: 'a@example.org', to: [b.address] }, raw });
  const [l] = (await listLetters(t.database, b)).letters;
  assert.equal((await buffer((await getLetterRaw(deps, b, l.id)).stream)).toString(), raw);
});

test('X-2: a letter to an external address is relayed to the MX, DKIM-signed so that mailauth verifies it', async () => {
  sink.received = [];
  sink.answer = () => 250;
  const a = await makeMailbox(t.database);
  const sent = await sendLetter({ ...deps }, a, { to: ['friend@example.org'], subject: 'Сыртқа', text: 'hello', registered: true });
  await drain();
  assert.equal(sink.received.length, 1);
  const got = sink.received[0];
  assert.deepEqual(got.to, ['friend@example.org']);
  assert.equal(got.from, a.address);
  const res = await authenticate(got.raw, { ip: '127.0.0.1', sender: a.address, mta: 'example.org', resolver: resolve as never, disableArc: true, disableBimi: true });
  assert.equal(res.dkim.results[0].status.result, 'pass');
  assert.equal(res.dkim.results[0].signingDomain, TEST_DOMAIN);
  const d = await t.database.db.execute<{ status: string }>(sql`select status from mail_deliveries where submission_id = ${sent.submissionId}`);
  assert.equal(d.rows[0].status, 'relayed');
  const ev = await t.database.db.execute<{ event: string }>(sql`select event from mail_evidence where chain = ${sent.submissionId} order by position`);
  assert.deepEqual(ev.rows.map((r) => r.event), ['SubmissionAcceptance', 'RelayToNonERDS']);
});

test('X-2: a 5xx from the external server bounces at once into the sender\'s Inbox; a 4xx is retried and then delivered', async () => {
  sink.received = [];
  const a = await makeMailbox(t.database);
  sink.answer = (rcpt) => (rcpt.endsWith('@bounce.example') ? 550 : 250);
  const sent = await sendLetter(deps, a, { to: ['nobody@bounce.example'], subject: 'will bounce', text: 'x', registered: true });
  await drain();
  const notice = (await listLetters(t.database, a)).letters[0];
  assert.match(notice.subject, /Undelivered/);
  const ev = await t.database.db.execute<{ event: string }>(sql`select event from mail_evidence where chain = ${sent.submissionId} order by position`);
  assert.deepEqual(ev.rows.map((r) => r.event), ['SubmissionAcceptance', 'RelayToNonERDSFailure']);

  let tries = 0;
  sink.answer = (rcpt) => (rcpt.endsWith('@later.example') && ++tries < 3 ? 451 : 250);
  await sendLetter(deps, a, { to: ['x@later.example'], subject: 'later', text: 'x' });
  await drain();
  assert.equal(tries, 3);
  assert.equal(sink.received.filter((r) => r.to[0] === 'x@later.example').length, 1);
});

test('X-2 bad input: a client that stalls in the middle of DATA is cut off after the data timeout and nothing is stored', async () => {
  const port = await startInbound({ socketTimeoutMs: 400 });
  const b = await makeMailbox(t.database);
  const before = await countLetters();
  const c = await smtpConnect(port);
  await c.send('EHLO a');
  await c.send('MAIL FROM:<a@example.org>');
  await c.send(`RCPT TO:<${b.address}>`);
  assert.equal((await c.send('DATA')).code, 354);
  c.write('Subject: slow\r\n\r\nthe rest never comes');
  const started = Date.now();
  await c.closed;
  assert.ok(Date.now() - started < 5000);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await countLetters(), before);
});

test('X-2 bad input: a full mailbox is refused with 452 at RCPT TO (try later), nothing stored', async () => {
  const port = await startInbound();
  const full = await makeMailbox(t.database, undefined, { quotaBytes: 1 });
  await t.database.db.execute(sql`update mailboxes set used_bytes = 1 where id = ${full.mailboxId}`);
  const c = await smtpConnect(port);
  await c.send('EHLO a');
  await c.send('MAIL FROM:<a@example.org>');
  const r = await c.send(`RCPT TO:<${full.address}>`);
  assert.equal(r.code, 452);
  c.destroy();
});

test('X-2: twenty sessions at once each get their own RCPT answer (250, 550 unknown, 452 full) and every accepted message is stored with its blob reference and evidence; a message over the quota at commit is refused 452 while the others in its batch are stored', async () => {
  const port = await startInbound({}, { authChecks: false });
  const known = await Promise.all(Array.from({ length: 6 }, () => makeMailbox(t.database)));
  const full = await makeMailbox(t.database, undefined, { quotaBytes: 1 });
  await t.database.db.execute(sql`update mailboxes set used_bytes = 1 where id = ${full.mailboxId}`);
  const raw = (i: number, to: string) => `From: A <a@example.org>\r\nTo: ${to}\r\nCc: "Q, \\"x\\"" <cc@example.org>\r\nSubject: together ${i} 'сәлем'\r\nMessage-ID: <together-${i}@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0500\r\n\r\nbody ${String(i).padStart(3, '0')} {"x"}\\\r\n`;
  // Room for exactly one of the two messages sent to it at the same moment.
  const tight = await makeMailbox(t.database);
  await t.database.db.execute(sql`update mailboxes set quota_bytes = ${Buffer.byteLength(raw(100, tight.address)) + 20} where id = ${tight.mailboxId}`);
  const before = await countLetters();
  type Case = { rcpt: string; rcptCode: number; dataCodes: number[] };
  const cases: Case[] = [
    ...Array.from({ length: 14 }, (_, i): Case => ({ rcpt: known[i % known.length].address, rcptCode: 250, dataCodes: [250] })),
    ...Array.from({ length: 2 }, (): Case => ({ rcpt: `nobody-${Math.random().toString(36).slice(2)}@${TEST_DOMAIN}`, rcptCode: 550, dataCodes: [] })),
    ...Array.from({ length: 2 }, (): Case => ({ rcpt: full.address, rcptCode: 452, dataCodes: [] })),
    ...Array.from({ length: 2 }, (): Case => ({ rcpt: tight.address, rcptCode: 250, dataCodes: [250, 452] })),
  ];
  const dataReplies = await Promise.all(cases.map(async (c, i) => {
    const s = await smtpConnect(port);
    try {
      await s.send('EHLO a');
      await s.send('MAIL FROM:<a@example.org>');
      assert.equal((await s.send(`RCPT TO:<${c.rcpt}>`)).code, c.rcptCode, `session ${i} RCPT TO ${c.rcpt}`);
      if (c.rcptCode !== 250) return undefined;
      assert.equal((await s.send('DATA')).code, 354);
      s.write(raw(100 + i, c.rcpt));
      return (await s.send('.')).code;
    } finally {
      s.destroy();
    }
  }));
  const known250 = dataReplies.slice(0, 14);
  assert.deepEqual(known250, Array(14).fill(250));
  assert.deepEqual(dataReplies.slice(18).sort(), [250, 452], 'one message fits the tight mailbox, the other is refused with 452');
  assert.equal(await countLetters(), before + 15);
  const stored = await t.database.db.execute<{ mailbox: string; refs: string; evidence: string }>(sql`
    select m.address as mailbox,
           (select count(*) from blob_refs r where r.owner_kind = 'letter' and r.owner_id = l.id::text and r.sha256 = l.raw_sha256) as refs,
           (select count(*) from mail_evidence e where e.chain = l.id and e.event = 'ReceivedFromNonERDS') as evidence
    from letters l join mailboxes m on m.id = l.mailbox_id where l.subject like 'together %'`);
  assert.equal(stored.rows.length, 15);
  for (const r of stored.rows) assert.deepEqual([Number(r.refs), Number(r.evidence)], [1, 1], `letter in ${r.mailbox}`);
  for (const k of known) assert.equal(stored.rows.filter((r) => r.mailbox === k.address).length, k === known[0] || k === known[1] ? 3 : 2);
  assert.equal(stored.rows.filter((r) => r.mailbox === tight.address).length, 1);
  // Every column of a letter stored in a batch, quoting characters and all.
  const one = await t.database.db.execute<Record<string, unknown>>(sql`
    select l.subject, l.from_address, l.from_name, l.to_addresses, l.cc_addresses, l.sent_at, l.snippet, l.has_attachments, l.attachments, l.auth_results,
           l.message_id, l.thread_id, l.direction, l.folder, l.search_tsv @@ to_tsquery('simple', 'сәлем') as found
    from letters l where l.message_id = '<together-100@example.org>'`);
  assert.deepEqual({ ...one.rows[0], sent_at: new Date(String(one.rows[0].sent_at)).toISOString() }, {
    subject: "together 100 'сәлем'", from_address: 'a@example.org', from_name: 'A', to_addresses: [known[0].address], cc_addresses: ['cc@example.org'],
    sent_at: '2026-11-23T05:00:00.000Z', snippet: 'body 100 {"x"}\\', has_attachments: false, attachments: [], auth_results: null,
    message_id: '<together-100@example.org>', thread_id: '<together-100@example.org>', direction: 'in', folder: 'inbox', found: true,
  });
});

test('X-2 bad input: deeply nested MIME (200 levels) neither crashes the server nor loses the raw bytes', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  let body = 'innermost\r\n';
  for (let i = 0; i < 200; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}--n${i}--\r\n`;
  const raw = `From: a@example.org\r\nTo: ${b.address}\r\nSubject: nested\r\nMIME-Version: 1.0\r\n${body}`;
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const sent = await client.sendMail({ envelope: { from: 'a@example.org', to: [b.address] }, raw }).then(() => 250, (e: { responseCode: number }) => e.responseCode);
  assert.ok(sent === 250 || sent === 554, `answered ${sent}`);
  if (sent === 250) {
    const [l] = (await listLetters(t.database, b)).letters;
    assert.equal((await buffer((await getLetterRaw(deps, b, l.id)).stream)).toString(), raw);
  }
  // The server still serves the next client.
  const c = await smtpConnect(port);
  assert.equal((await c.send('EHLO a')).code, 250);
  c.destroy();
});

test('X-2: STARTTLS is offered and a client can upgrade before sending', async () => {
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
  const info = await client.sendMail({ envelope: { from: 'a@example.org', to: [b.address] }, raw: `From: a@example.org\r\nTo: ${b.address}\r\nSubject: tls\r\n\r\nover TLS\r\n` });
  assert.match(info.response, /^250/);
  assert.equal((await listLetters(t.database, b)).letters[0].subject, 'tls');
});

test('MB-1 item 7: a verified external address is told that a registered letter arrived and from whom — never its content', async () => {
  sink.received = [];
  sink.answer = () => 250;
  const a = await makeMailbox(t.database);
  const b = await makeMailbox(t.database);
  await assert.rejects(setNotifyAddress(t.database, b, { address: b.address, domain: TEST_DOMAIN }), { code: 'VALIDATION_FAILED' }, 'must be external');
  await setNotifyAddress(t.database, b, { address: 'b.personal@example.org', domain: TEST_DOMAIN });
  await drain();
  const codeMail = sink.received.find((r) => r.to[0] === 'b.personal@example.org')!;
  const code = /: (\d{6})/.exec((await simpleParser(codeMail.raw)).text ?? '')![1];
  await assert.rejects(confirmNotifyAddress(t.database, b, code === '000000' ? '111111' : '000000'), { code: 'VALIDATION_FAILED' });
  await confirmNotifyAddress(t.database, b, code);
  assert.deepEqual(await getNotifyAddress(t.database, b), { address: 'b.personal@example.org', verified: true });
  sink.received = [];
  await sendLetter(deps, a, { to: [b.address], subject: 'Құпия тақырып', text: 'құпия мазмұн', registered: true });
  await sendLetter(deps, a, { to: [b.address], subject: 'plain letter', text: 'no notice for this one' });
  await drain();
  assert.equal(sink.received.length, 1, 'one notice: the registered letter only');
  const parsed = await simpleParser(sink.received[0].raw);
  const notice = `${parsed.subject}\n${parsed.text}`;
  assert.ok(notice.includes(a.address), 'names the sender');
  assert.ok(!/құпия/i.test(notice), 'no subject or content');
  assert.match(notice, /registered letter/);
});

test('X-2: swaks (Debian\'s SMTP test client) delivers into a mailbox', async (tc) => {
  const { spawnSync, execFile } = await import('node:child_process');
  if (spawnSync('swaks', ['--version'], { stdio: 'ignore' }).error) return tc.skip('swaks is not installed (apt-get install swaks)');
  const port = await startInbound();
  const b = await makeMailbox(t.database);
  const out = await new Promise<string>((resolve, reject) =>
    execFile('swaks', ['--server', `127.0.0.1:${port}`, '--from', 'aigul@example.org', '--to', b.address, '--helo', 'mx.example.org', '--header', 'Subject: swaks сынақ', '--body', 'Сәлем from swaks'], { timeout: 30_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  assert.match(out, /<- {2}250/);
  const [l] = (await listLetters(t.database, b)).letters;
  assert.equal(l.from.address, 'aigul@example.org');
  assert.match(l.subject, /swaks/);
});
