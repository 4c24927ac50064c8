/**
 * The NCA (Kazakhstan) certificate profile: who the holder is (IIN, BIN, names), which roles
 * the extended key usage grants, and whether the key is for signing documents or for
 * authentication. The rules are from the NCA's practice as documented in
 * shared/fixtures/nca-test/README.md. Unknown OIDs are kept and shown; identity is not
 * rejected on the IIN/BIN checksum (the NCA's own test PKI numbers fail it).
 */
import { perObject } from './memo.ts';
import { OID, oidName } from './oids.ts';
import { parseCertificate, type Certificate, type KeyUsageName } from './x509.ts';

export { parseCertificate, type Certificate };

export type NcaRole = 'individual' | 'organisation' | 'first_head' | 'right_to_sign' | 'financial' | 'hr' | 'employee';

/** signing = document signatures; authentication = log-in/TLS only; both = 2022 GOST keys. */
export type KeyPurpose = 'signing' | 'authentication' | 'both' | 'unspecified';

const ROLE_BY_EKU: Record<string, NcaRole> = {
  [OID.ncaIndividual]: 'individual',
  [OID.ncaOrganisation]: 'organisation',
  [OID.ncaFirstHead]: 'first_head',
  [OID.ncaRightToSign]: 'right_to_sign',
  [OID.ncaFinancial]: 'financial',
  [OID.ncaHr]: 'hr',
  [OID.ncaEmployee]: 'employee',
};

const KNOWN_EKU = new Set<string>([...Object.keys(ROLE_BY_EKU), OID.ekuClientAuth, OID.ekuEmailProtection, OID.ekuServerAuth, OID.ekuTimeStamping, OID.ekuOcspSigning]);
const SIGN_POLICIES = new Set<string>([OID.ncaPolicySignLegal, OID.ncaPolicySignIndividual]);
const AUTH_POLICIES = new Set<string>([OID.ncaPolicyAuthLegal, OID.ncaPolicyAuthIndividual]);
const KNOWN_POLICIES = new Set<string>([...SIGN_POLICIES, ...AUTH_POLICIES, OID.ncaPolicyBoth2022, OID.ncaPolicyCa, OID.ncaPolicyTsa]);

export interface NcaIdentity {
  /** 12 digits from SERIALNUMBER "IIN…". */
  iin?: string;
  /** 12 digits from OU "BIN…" (legal entities). */
  bin?: string;
  commonName?: string;
  surname?: string;
  /** The given name: CN is "SURNAME NAME", so it is CN without the surname. */
  givenName?: string;
  /** GIVENNAME in the NCA profile holds the patronymic. */
  patronymic?: string;
  organisation?: string;
  country?: string;
  email?: string;
  roles: NcaRole[];
  keyPurpose: KeyPurpose;
  /** EKU and policy OIDs not in the NCA profile, kept for display. */
  unknownExtKeyUsages: string[];
  unknownPolicies: string[];
}

function attr(cert: Certificate, oid: string): string | undefined {
  return cert.subject.attributes.find((a) => a.oid === oid)?.value;
}

export function keyPurposeOf(cert: Certificate): KeyPurpose {
  const eku = cert.extKeyUsage ?? [];
  const pol = cert.policies;
  const sign = eku.includes(OID.ekuEmailProtection) || pol.some((p) => SIGN_POLICIES.has(p));
  const auth = eku.includes(OID.ekuClientAuth) || pol.some((p) => AUTH_POLICIES.has(p));
  if (pol.includes(OID.ncaPolicyBoth2022) || (sign && auth)) return 'both';
  if (sign) return 'signing';
  if (auth) return 'authentication';
  // No NCA markers (foreign CAs, some state-body and bank CAs): judge by key usage bits.
  const ku: KeyUsageName[] = cert.keyUsage ?? [];
  if (ku.includes('nonRepudiation')) return 'signing';
  if (ku.includes('digitalSignature')) return ku.includes('keyEncipherment') ? 'authentication' : 'both';
  return 'unspecified';
}

/** Fit for signing a document: a signing key, or one without any stated restriction. */
export function fitForSigning(cert: Certificate): boolean {
  const ku = cert.keyUsage;
  if (ku && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation')) return false;
  const p = keyPurposeOf(cert);
  return p === 'signing' || p === 'both' || p === 'unspecified';
}

export function fitForAuthentication(cert: Certificate): boolean {
  if (cert.keyUsage && !cert.keyUsage.includes('digitalSignature')) return false;
  const p = keyPurposeOf(cert);
  return p === 'authentication' || p === 'both' || p === 'unspecified';
}

export function ncaIdentity(cert: Certificate): NcaIdentity {
  const serial = attr(cert, OID.serialNumber);
  const iin = serial?.match(/^IIN(\d{12})$/)?.[1];
  const bin = cert.subject.attributes.filter((a) => a.oid === OID.orgUnit).map((a) => a.value.match(/^BIN(\d{12})$/)?.[1]).find(Boolean);
  const commonName = attr(cert, OID.cn);
  const surname = attr(cert, OID.surname);
  let givenName: string | undefined;
  if (commonName && surname && commonName.startsWith(`${surname} `)) givenName = commonName.slice(surname.length + 1).trim() || undefined;
  const roles: NcaRole[] = [];
  for (const e of cert.extKeyUsage ?? []) {
    const r = ROLE_BY_EKU[e];
    if (r && !roles.includes(r)) roles.push(r);
  }
  return {
    iin, bin, commonName, surname, givenName,
    patronymic: attr(cert, OID.givenName),
    organisation: attr(cert, OID.org),
    country: attr(cert, OID.country),
    email: attr(cert, OID.email),
    roles,
    keyPurpose: keyPurposeOf(cert),
    unknownExtKeyUsages: (cert.extKeyUsage ?? []).filter((e) => !KNOWN_EKU.has(e)),
    unknownPolicies: cert.policies.filter((p) => !KNOWN_POLICIES.has(p)),
  };
}

/** JSON-friendly description: what `jashik cert` prints and reports embed. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  publicKeyAlgorithm: string;
  signatureAlgorithm: string;
  identity: NcaIdentity;
  keyUsage: string[];
  extKeyUsage: string[];
  policies: string[];
  isCa: boolean;
  crlUrls: string[];
  ocspUrls: string[];
  fingerprintSha256: string;
  unknownExtensions: { oid: string; critical: boolean }[];
  problems: string[];
}

const KNOWN_EXT = new Set<string>([OID.subjectKeyId, OID.keyUsage, OID.subjectAltName, OID.basicConstraints, OID.crlDistributionPoints, OID.certificatePolicies, OID.authorityKeyId, OID.extKeyUsage, OID.freshestCrl, OID.authorityInfoAccess]);

/**
 * The summary of a certificate, made once per certificate object (a parsed certificate is not
 * changed; the same officials' certificates come with document after document) and frozen, so
 * the reports that share it cannot change it for each other.
 */
export const summarizeCertificate = perObject((cert: Certificate): CertificateSummary => deepFreeze(describe(cert)));

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function describe(cert: Certificate): CertificateSummary {
  return {
    subject: cert.subject.text,
    issuer: cert.issuer.text,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    publicKeyAlgorithm: oidName(cert.publicKeyAlgorithm.oid),
    signatureAlgorithm: oidName(cert.signatureAlgorithm.oid),
    identity: ncaIdentity(cert),
    keyUsage: [...(cert.keyUsage ?? [])],
    extKeyUsage: (cert.extKeyUsage ?? []).map(oidName),
    policies: [...cert.policies],
    isCa: cert.basicConstraints?.ca ?? false,
    crlUrls: [...cert.crlUrls],
    ocspUrls: [...cert.ocspUrls],
    fingerprintSha256: cert.fingerprint,
    unknownExtensions: cert.extensions.filter((e) => !KNOWN_EXT.has(e.oid)).map((e) => ({ oid: e.oid, critical: e.critical })),
    problems: [...cert.problems],
  };
}
