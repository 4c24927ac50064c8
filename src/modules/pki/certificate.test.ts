/**
 * The NCA certificate profile on certificates shaped the way real CAs issue them, including
 * the odd ones: no EKU (some state-body and bank CAs), unknown EKU/policy/extension OIDs,
 * damaged optional extensions. SPEC MB-5, MB-11.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitForAuthentication, fitForSigning, ncaIdentity, summarizeCertificate } from './certificate.ts';
import { octets, oid, seq } from './der-write.ts';
import { OID } from './oids.ts';
import { generateKey, makeCa, makeLeaf, nextSerial, spkiOf, YEAR } from './testkit.ts';
import { issueCertificate, ncaSubject } from './x509-build.ts';
import type { KeyUsageName } from './x509.ts';

const ca = makeCa();
const key = generateKey('p256');
const t = { notBefore: new Date(Date.now() - YEAR), notAfter: new Date(Date.now() + YEAR) };

function cert(o: { eku?: string[]; policies?: string[]; ku?: KeyUsageName[]; extra?: { oid: string; critical?: boolean; value: Uint8Array }[]; subject?: [string, string][] }) {
  return issueCertificate({
    subject: o.subject ?? ncaSubject({ surname: 'ӘБІЛОВ', name: 'ҚАЙРАТ', patronymic: 'НҰРЛАНҰЛЫ', iin: '850101300127', bin: '050140000656', org: 'ЖШС "ТЕСТ"' }),
    spki: spkiOf(key.publicKey), issuer: ca.cert, signer: ca.signer, serialNumber: nextSerial(), ...t,
    keyUsage: o.ku, extKeyUsage: o.eku, policies: o.policies, extraExtensions: o.extra,
  });
}

test('MB-5: organisation roles from EKU: first head, right to sign, financial, HR, employee', () => {
  const c = cert({ eku: [OID.ekuEmailProtection, OID.ncaOrganisation, OID.ncaRightToSign, OID.ncaFinancial, OID.ncaHr, OID.ncaEmployee], policies: [OID.ncaPolicySignLegal], ku: ['digitalSignature', 'nonRepudiation'] });
  const id = ncaIdentity(c);
  assert.deepEqual(id.roles, ['organisation', 'right_to_sign', 'financial', 'hr', 'employee']);
  assert.deepEqual([id.iin, id.bin, id.surname, id.givenName, id.patronymic, id.organisation], ['850101300127', '050140000656', 'ӘБІЛОВ', 'ҚАЙРАТ', 'НҰРЛАНҰЛЫ', 'ЖШС "ТЕСТ"']);
  assert.equal(id.keyPurpose, 'signing');
  assert.equal(fitForSigning(c), true);
  assert.equal(fitForAuthentication(c), false);
});

test('MB-11: signing vs authentication from EKU and policy; 2022 keys serve both', () => {
  const auth = cert({ eku: [OID.ekuClientAuth, OID.ncaIndividual], policies: [OID.ncaPolicyAuthIndividual], ku: ['digitalSignature', 'keyEncipherment'] });
  assert.equal(ncaIdentity(auth).keyPurpose, 'authentication');
  assert.equal(fitForSigning(auth), false);
  assert.equal(fitForAuthentication(auth), true);
  const both = cert({ eku: [OID.ekuEmailProtection, OID.ncaIndividual], policies: [OID.ncaPolicyBoth2022], ku: ['digitalSignature', 'nonRepudiation', 'keyAgreement'] });
  assert.equal(ncaIdentity(both).keyPurpose, 'both');
  assert.ok(fitForSigning(both) && fitForAuthentication(both));
  // Key usage without a signing bit is not fit for signing whatever the EKU says.
  assert.equal(fitForSigning(cert({ eku: [OID.ekuEmailProtection], ku: ['keyEncipherment'] })), false);
});

test('MB-5: no EKU, unknown EKU, policy and extension OIDs are kept and shown, never a crash', () => {
  const noEku = cert({ ku: ['digitalSignature', 'nonRepudiation'] });
  assert.deepEqual(ncaIdentity(noEku).roles, []);
  assert.equal(ncaIdentity(noEku).keyPurpose, 'signing');
  const odd = cert({ eku: ['1.2.3.4.5.6', OID.ncaIndividual], policies: ['1.2.398.9.9.9'], ku: ['digitalSignature'], extra: [{ oid: '1.2.398.3.3.5', value: octets(Buffer.from('x')) }] });
  const s = summarizeCertificate(odd);
  assert.deepEqual(s.identity.unknownExtKeyUsages, ['1.2.3.4.5.6']);
  assert.deepEqual(s.identity.unknownPolicies, ['1.2.398.9.9.9']);
  assert.deepEqual(s.unknownExtensions, [{ oid: '1.2.398.3.3.5', critical: false }]);
  assert.equal(s.identity.keyPurpose, 'both');
  // A damaged non-critical extension we know becomes a problem entry.
  const damaged = cert({ extra: [{ oid: OID.extKeyUsage, value: seq(oid('1.2.3'), Buffer.from([0x02, 0x05])) }] });
  assert.equal(damaged.problems.length, 1);
  // A subject without IIN/BIN (a server or CA certificate) just has none.
  const plain = cert({ subject: [['CN', 'pochta.kz'], ['O', 'Kazpost']] });
  assert.deepEqual([ncaIdentity(plain).iin, ncaIdentity(plain).bin], [undefined, undefined]);
});

test('MB-5: the IIN/BIN checksum is not a reason to reject an identity', () => {
  const leaf = makeLeaf(ca, { iin: '123456789011' }); // the NCA test IIN, which fails the checksum
  assert.equal(ncaIdentity(leaf.cert).iin, '123456789011');
});
