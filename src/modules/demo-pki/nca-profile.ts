/**
 * The NCA certificate profile of demo leaves, as the NCA issues them (shared/fixtures/nca-test
 * README): key usage, extended key usage (purpose + role OIDs) and certificate policies.
 *
 * RSA keys are either for signing (EKU emailProtection, policy …2.3 individual / …2.1 legal,
 * keyUsage digitalSignature+nonRepudiation) or for authentication (EKU clientAuth, policy
 * …2.4 / …2.2, digitalSignature+keyEncipherment). GOST 2015 keys follow the 2022 generation:
 * one key for both (policy 1.2.398.3.3.2), keyUsage digitalSignature+nonRepudiation+keyAgreement.
 */
import { OID } from '../pki/oids.ts';
import type { KeyUsageName } from '../pki/x509.ts';

export type DemoLeafKind = 'individual' | 'head' | 'signatory' | 'employee';
export type DemoAlg = 'rsa' | 'gost2015';

export interface NcaProfile {
  keyUsage: KeyUsageName[];
  extKeyUsage: string[];
  policies: string[];
  purpose: 'signing' | 'authentication' | 'both';
}

const ROLE_EKU: Record<DemoLeafKind, string[]> = {
  individual: [OID.ncaIndividual],
  head: [OID.ncaOrganisation, OID.ncaFirstHead],
  signatory: [OID.ncaOrganisation, OID.ncaRightToSign],
  employee: [OID.ncaOrganisation, OID.ncaEmployee],
};

export function ncaProfile(kind: DemoLeafKind, alg: DemoAlg, auth: boolean): NcaProfile {
  const legal = kind !== 'individual';
  if (alg === 'gost2015') {
    return { keyUsage: ['digitalSignature', 'nonRepudiation', 'keyAgreement'], extKeyUsage: [OID.ekuEmailProtection, ...ROLE_EKU[kind]], policies: [OID.ncaPolicyBoth2022], purpose: 'both' };
  }
  if (auth) {
    return {
      keyUsage: ['digitalSignature', 'keyEncipherment'], extKeyUsage: [OID.ekuClientAuth, ...ROLE_EKU[kind]],
      policies: [legal ? OID.ncaPolicyAuthLegal : OID.ncaPolicyAuthIndividual], purpose: 'authentication',
    };
  }
  return {
    keyUsage: ['digitalSignature', 'nonRepudiation'], extKeyUsage: [OID.ekuEmailProtection, ...ROLE_EKU[kind]],
    policies: [legal ? OID.ncaPolicySignLegal : OID.ncaPolicySignIndividual], purpose: 'signing',
  };
}
