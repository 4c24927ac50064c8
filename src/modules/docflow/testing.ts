/**
 * Test support for the docflow tests: a throw-away CA issuing NCA-shaped certificates with
 * an organisation's BIN, mailboxes, and TEST DOUBLES of the injected adapters (membership,
 * trust, evidence signer, receipt keys, notifier) — named as doubles, never wired in src/app.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { signCms, type CmsSigner } from '../pki/cms-sign.ts';
import { OID } from '../pki/oids.ts';
import type { RevocationOptions } from '../pki/revocation.ts';
import { nodeSigner } from '../pki/sign.ts';
import { generateKey, makeCa, nextSerial, spkiOf, YEAR, type TestCa } from '../pki/testkit.ts';
import { issueCertificate, ncaSubject } from '../pki/x509-build.ts';
import type { Certificate } from '../pki/x509.ts';
import { makeDocx } from './zip-write.ts';
import type { DocflowDeps, MemberRole, MembershipPolicy, Notifier, ReceiptKeys } from './types.ts';

export interface Person {
  iin: string;
  cert: Certificate;
  signer: CmsSigner;
}

let iinCounter = 100000;
export const nextIin = () => `900101${String(++iinCounter).padStart(6, '0')}`;

/** An NCA-shaped signing certificate of a person in an organisation (BIN in OU). */
export function makePerson(
  ca: TestCa,
  o: { bin?: string; head?: boolean; iin?: string; notBefore?: Date; notAfter?: Date; informationSystem?: boolean; keyPair?: { spki: Uint8Array; signerFor: (cert: Certificate) => CmsSigner } } = {},
): Person {
  const { privateKey, publicKey } = o.keyPair ? { privateKey: undefined, publicKey: undefined } : generateKey('rsa');
  const iin = o.iin ?? nextIin();
  const now = Date.now();
  const cert = issueCertificate({
    subject: ncaSubject({ surname: o.informationSystem ? 'IS' : 'ТЕСТОВ', name: 'ТЕСТ', patronymic: 'ТЕСТОВИЧ', iin, ...(o.bin ? { bin: o.bin, org: 'ТЕСТ ЖШС' } : {}) }),
    spki: o.keyPair ? o.keyPair.spki : spkiOf(publicKey!), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(),
    notBefore: o.notBefore ?? new Date(now - YEAR / 2), notAfter: o.notAfter ?? new Date(now + YEAR),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    extKeyUsage: [OID.ekuEmailProtection, ...(o.bin ? [OID.ncaOrganisation] : [OID.ncaIndividual]), ...(o.head ? [OID.ncaFirstHead] : o.bin ? [OID.ncaEmployee] : [])],
    policies: [o.bin ? OID.ncaPolicySignLegal : OID.ncaPolicySignIndividual],
  });
  return { iin, cert, signer: o.keyPair ? o.keyPair.signerFor(cert) : nodeSigner(privateKey!, cert) };
}

export function detachedSign(content: Uint8Array, p: Person): Buffer {
  return signCms(content, [p.signer], { detached: true });
}

/** TEST DOUBLE: roles kept in memory. */
export class TestMembershipDouble implements MembershipPolicy {
  private readonly roles = new Map<string, MemberRole[]>();
  grant(mailboxId: string, iin: string, ...roles: MemberRole[]): void {
    const k = `${mailboxId}:${iin}`;
    this.roles.set(k, [...new Set([...(this.roles.get(k) ?? []), ...roles])]);
  }
  async rolesOf(actor: { iin: string | null; tokenMailboxId?: string; tokenRoles?: MemberRole[] }, mailboxId: string): Promise<MemberRole[]> {
    if (actor.tokenMailboxId) return actor.tokenMailboxId === mailboxId ? (actor.tokenRoles ?? []) : [];
    return actor.iin ? (this.roles.get(`${mailboxId}:${actor.iin}`) ?? []) : [];
  }
}

/** TEST DOUBLE: trust in one test CA, revocation as given (default: not checked). */
export function testTrustDouble(ca: TestCa, revocation: () => RevocationOptions = () => ({ mode: 'off' })) {
  return { trustStore: async () => ca.trust, revocation: async () => revocation() };
}

/** TEST DOUBLE: evidence "signed" with a test key. */
export function testEvidenceSignerDouble(p: Person) {
  return { sign: async (bytes: Uint8Array) => signCms(bytes, [p.signer]) };
}

/** TEST DOUBLE: information-system keys per mailbox. */
export class TestReceiptKeysDouble implements ReceiptKeys {
  readonly keys = new Map<string, CmsSigner>();
  async signerFor(mailboxId: string) {
    return this.keys.get(mailboxId);
  }
}

/** TEST DOUBLE: e-mails collected in memory. */
export class TestNotifierDouble implements Notifier {
  readonly sent: { mailboxId: string; subject: string; text: string }[] = [];
  async email(_tx: unknown, m: { mailboxId: string; subject: string; text: string }) {
    this.sent.push(m);
  }
}

export async function insertMailbox(database: Database, o: { kind?: 'personal' | 'organisation'; official?: boolean; bin?: string; iin?: string; name?: string } = {}): Promise<{ id: string; address: string; bin: string | null }> {
  const id = randomUUID();
  const login = `t${id.slice(0, 8)}`;
  const kind = o.kind ?? 'organisation';
  const bin = kind === 'organisation' ? (o.bin ?? `${Math.floor(100000000000 + Math.random() * 899999999999)}`) : null;
  await database.db.execute(sql`
    insert into mailboxes (id, login, address, kind, official, iin, bin, display_name)
    values (${id}, ${login}, ${`${login}@pochta.localhost`}, ${kind}, ${o.official ?? true}, ${kind === 'personal' ? (o.iin ?? nextIin()) : null}, ${bin}, ${o.name ?? 'ТЕСТ ЖШС'})`);
  return { id, address: `${login}@pochta.localhost`, bin };
}

export function docxFile(text = 'Құрметті әріптестер! Сынақ хаты.') {
  return { role: 'content' as const, filename: 'хат.docx', content: makeDocx([text]) };
}

export const LETTER_REQUISITES = {
  requisites: {
    senderName: '«Тест» ЖШС',
    senderReference: { legalAddress: 'Астана қ., Мәңгілік Ел даңғылы, 1', phone: '+7 7172 000000', email: 'info@test.kz' },
    addressee: '«Алушы» ЖШС директорына',
    executorMark: { surname: 'Тестов', phone: '+7 7172 000001', email: 'testov@test.kz' },
  },
  card: {
    subject: 'Ынтымақтастық туралы',
    sheets: { main: 1, attachments: 0 },
    addresseeOrganisation: '«Алушы» ЖШС',
    executorSurname: 'Тестов',
    executorPhone: '+7 7172 000001',
    paperOriginal: 'none' as const,
    nomenclatureIndex: '01-01',
  },
};

export function baseDeps(database: Database, blobs: BlobStore, ca: TestCa, operator: Person, extra: Partial<DocflowDeps> = {}): DocflowDeps & { membership: TestMembershipDouble; receiptKeys: TestReceiptKeysDouble; notifier: TestNotifierDouble } {
  return {
    database, blobs,
    membership: new TestMembershipDouble(),
    trust: testTrustDouble(ca),
    evidence: testEvidenceSignerDouble(operator),
    receiptKeys: new TestReceiptKeysDouble(),
    notifier: new TestNotifierDouble(),
    operator: 'pochta.localhost',
    now: () => new Date(),
    ...extra,
  } as DocflowDeps & { membership: TestMembershipDouble; receiptKeys: TestReceiptKeysDouble; notifier: TestNotifierDouble };
}

export { makeCa };
