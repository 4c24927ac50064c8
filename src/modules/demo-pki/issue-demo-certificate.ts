/**
 * `jashik ca issue`: an NCA-shaped demo certificate (RSA, or GOST 34.10-2015 512-bit) for a
 * person — individual, or head / signatory / employee of an organisation — in a PKCS#12 file,
 * with the holder added to the demo registry so the certificate can register at once.
 * Numbers must pass the IIN/BIN checksum (demo data is clean, unlike the NCA test PKI's).
 */
import { generateKeyPairSync } from 'node:crypto';
import { validateBin, validateIin } from '../../domain/iin-bin.ts';
import { AppError, fieldError, type FieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { bitString, octets, oid, seq } from '../pki/der-write.ts';
import { GOST_OID, gostGenerateKey } from '../pki/gost/index.ts';
import { ncaSubject } from '../pki/x509-build.ts';
import type { Certificate } from '../pki/x509.ts';
import { assertDemoMode, ensureDemoCa, lockDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { addDemoHolder, type DemoRole } from './demo-registry.ts';
import { issueDemoLeaf } from './issue-demo-leaf.ts';
import { ncaProfile, type DemoAlg, type DemoLeafKind, type NcaProfile } from './nca-profile.ts';
import { gostPrivateKeyInfo, writeKalkanPkcs12, writeStandardPkcs12 } from './pkcs12-write.ts';
import { recordDemoCertificate } from './record-certificate.ts';

export interface IssueDemoCertificateInput {
  kind: string;
  iin: string;
  bin?: string;
  org?: string;
  /** "SURNAME NAME" or "SURNAME NAME PATRONYMIC". */
  name: string;
  alg?: string;
  /** An authentication key instead of a signing key (RSA only). */
  auth?: boolean;
  /** Protects the PKCS#12 file. */
  password: string;
}

export interface IssuedDemoCertificate {
  certificate: Certificate;
  p12: Buffer;
  profile: NcaProfile;
}

const KINDS: DemoLeafKind[] = ['individual', 'head', 'signatory', 'employee'];
const NAME_PART = /^\p{L}[\p{L}'’-]*$/u;

const t = (kk: string, ru: string, en: string) => ({ kk, ru, en });

interface Checked {
  kind: DemoLeafKind;
  alg: DemoAlg;
  surname: string;
  name: string;
  patronymic?: string;
}

function check(input: IssueDemoCertificateInput): Checked {
  const fields: FieldError[] = [];
  const kind = input.kind as DemoLeafKind;
  if (!KINDS.includes(kind)) fields.push(fieldError('kind', 'enum', t('Түрі: individual, head, signatory немесе employee', 'Вид: individual, head, signatory или employee', 'kind must be individual, head, signatory or employee')));
  const alg = (input.alg ?? 'rsa') as DemoAlg;
  if (alg !== 'rsa' && alg !== 'gost2015') fields.push(fieldError('alg', 'enum', t('Алгоритм: rsa немесе gost2015', 'Алгоритм: rsa или gost2015', 'alg must be rsa or gost2015')));
  if (alg === 'gost2015' && input.auth) {
    fields.push(fieldError('auth', 'not_applicable', t('ГОСТ 2015 кілті қол қоюға да, аутентификацияға да жарайды: --auth керек емес', 'Ключ ГОСТ 2015 служит и для подписи, и для аутентификации: --auth не нужен', 'a GOST 2015 key serves both signing and authentication (as the NCA 2022 keys): leave out --auth')));
  }
  const iin = validateIin(input.iin ?? '');
  if (!iin.ok) fields.push(fieldError('iin', iin.rule, iin.message));
  const legal = kind !== 'individual';
  if (legal && KINDS.includes(kind)) {
    const bin = validateBin(input.bin ?? '');
    if (!input.bin) fields.push(fieldError('bin', 'required', t('Ұйым қызметкерінің сертификатына БСН керек', 'Для сертификата сотрудника организации нужен БИН', `a ${kind} certificate needs the organisation's --bin`)));
    else if (!bin.ok) fields.push(fieldError('bin', bin.rule, bin.message));
    const org = (input.org ?? '').trim();
    if (!org || org.length > 200 || /\p{Cc}/u.test(org)) fields.push(fieldError('org', 'required', t('Ұйым атауы керек (200 таңбаға дейін)', 'Нужно название организации (до 200 символов)', `a ${kind} certificate needs the organisation's name (--org, up to 200 characters)`)));
  } else if (input.bin || input.org) {
    fields.push(fieldError('bin', 'not_applicable', t('Жеке тұлғаның сертификатында БСН болмайды', 'В сертификате физического лица нет БИН', "an individual's certificate carries no BIN or organisation: use --kind head, signatory or employee")));
  }
  const parts = (input.name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => NAME_PART.test(p) && p.length <= 64)) {
    fields.push(fieldError('name', 'format', t('Аты-жөні: "ТЕГІ АТЫ [ӘКЕСІНІҢ АТЫ]", тек әріптер', 'ФИО: "ФАМИЛИЯ ИМЯ [ОТЧЕСТВО]", только буквы', 'name must be "SURNAME NAME [PATRONYMIC]", letters only')));
  }
  if (!/^[\x21-\x7e]{8,128}$/.test(input.password ?? '')) {
    fields.push(fieldError('password', 'format', t('Құпиясөз: 8–128 латын әрпі, цифр немесе белгі', 'Пароль: 8–128 латинских букв, цифр или знаков', 'the PKCS#12 password must be 8-128 printable ASCII characters without spaces')));
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { detail: fields.map((f) => `${f.name}: ${f.message.en}`).join('; '), fields });
  const up = (s: string) => s.toLocaleUpperCase('kk');
  return { kind, alg, surname: up(parts[0]), name: up(parts[1]), patronymic: parts[2] ? up(parts[2]) : undefined };
}

const ROLE: Record<Exclude<DemoLeafKind, 'individual'>, DemoRole> = { head: 'head', signatory: 'signatory', employee: 'employee' };

export async function issueDemoCertificate(deps: DemoPkiDeps, input: IssueDemoCertificateInput, audit: AuditContext = {}): Promise<IssuedDemoCertificate> {
  assertDemoMode(deps.config);
  const c = check(input);
  const { ca } = await ensureDemoCa(deps, audit.actor);
  const profile = ncaProfile(c.kind, c.alg, input.auth ?? false);
  const org = c.kind === 'individual' ? undefined : (input.org ?? '').trim();
  const subject: [string, string][] = [...ncaSubject({ surname: c.surname, name: c.name, patronymic: c.patronymic, iin: input.iin, bin: org ? input.bin : undefined, org }), ['OU', 'TEST']];
  let certificate: Certificate;
  let p12: Buffer;
  if (c.alg === 'gost2015') {
    const k = gostGenerateKey('tc26-512-a');
    const spki = seq(seq(oid(GOST_OID.gost2015_512Key), seq(oid(GOST_OID.gost2015_512CurveA), oid(GOST_OID.streebog512))), bitString(octets(k.publicKey)));
    certificate = issueDemoLeaf(ca, { subject, spki, ...profile });
    const pki = gostPrivateKeyInfo(k.privateKey, GOST_OID.gost2015_512Key, GOST_OID.gost2015_512CurveA, GOST_OID.streebog512);
    p12 = writeKalkanPkcs12(pki, [certificate.der, ca.issuing.cert.der, ca.root.cert.der], input.password);
  } else {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    certificate = issueDemoLeaf(ca, { subject, spki: publicKey.export({ type: 'spki', format: 'der' }), ...profile });
    p12 = writeStandardPkcs12(privateKey, [certificate.der, ca.issuing.cert.der, ca.root.cert.der], input.password, `${c.surname} ${c.name}`);
  }
  await deps.db.transaction(async (tx) => {
    await lockDemoCa(tx);
    await addDemoHolder(deps.config.dataDir, {
      iin: input.iin, surname: c.surname, name: c.name, patronymic: c.patronymic,
      organisation: org && c.kind !== 'individual' ? { bin: input.bin!, name: org, role: ROLE[c.kind] } : undefined,
    });
    await recordDemoCertificate(tx, certificate, { issuer: 'issuing', kind: c.kind, alg: c.alg });
    await appendAudit(tx, {
      type: 'demo_pki.certificate_issued',
      payload: { serial: certificate.serialNumber, kind: c.kind, alg: c.alg, purpose: profile.purpose, iin: input.iin, bin: org ? input.bin! : null },
    }, audit);
  });
  return { certificate, p12, profile };
}
