/**
 * Human-readable text for the verification report and certificate summary. It walks the same
 * structure `--json` prints, field for field, so the two never tell different stories.
 */
import type { CertificateSummary, NcaIdentity } from './certificate.ts';
import type { ReportError, RevocationReport, SignerReport, VerificationReport } from './report.ts';

function identityLines(id: NcaIdentity, indent: string): string[] {
  const out: string[] = [];
  const person = [id.surname, id.givenName, id.patronymic].filter(Boolean).join(' ') || id.commonName;
  if (person) out.push(`${indent}Name: ${person}`);
  if (id.iin) out.push(`${indent}IIN: ${id.iin}`);
  if (id.bin) out.push(`${indent}BIN: ${id.bin}${id.organisation ? ` (${id.organisation})` : ''}`);
  else if (id.organisation) out.push(`${indent}Organisation: ${id.organisation}`);
  out.push(`${indent}Roles: ${id.roles.length ? id.roles.join(', ') : '(none stated)'}`);
  out.push(`${indent}Key purpose: ${id.keyPurpose}`);
  if (id.unknownExtKeyUsages.length) out.push(`${indent}Other extended key usages: ${id.unknownExtKeyUsages.join(', ')}`);
  if (id.unknownPolicies.length) out.push(`${indent}Other policies: ${id.unknownPolicies.join(', ')}`);
  return out;
}

function errorLines(errors: ReportError[], indent: string): string[] {
  return errors.map((e) => `${indent}- ${e.code}: ${e.message}`);
}

function revocationLine(r: RevocationReport): string {
  const where = r.source ? ` by ${r.source.toUpperCase()}${r.location ? ` ${r.location}` : ''}${r.checkedAt ? ` of ${r.checkedAt}` : ''}` : '';
  const revoked = r.status === 'revoked' ? ` at ${r.revokedAt ?? '?'}${r.reason ? ` (${r.reason})` : ''}` : '';
  const why = r.unknownReasons?.length ? `: ${r.unknownReasons.join('; ')}` : '';
  return `${r.subject} [serial ${r.serialNumber}]: ${r.status}${revoked}${where}${why}`;
}

function signerLines(s: SignerReport): string[] {
  const out = [`Signer ${s.index + 1}: ${s.valid ? 'VALID' : 'INVALID'}`];
  const c = s.certificate;
  if (c) {
    out.push(`  Subject: ${c.subject}`);
    out.push(...identityLines(c.identity, '  '));
    out.push(`  Certificate: serial ${c.serialNumber}, valid ${c.notBefore} to ${c.notAfter}, issuer ${c.issuer}`);
  }
  out.push(`  Algorithm: ${s.signatureAlgorithm} with ${s.digestAlgorithm}; signature ${s.signatureValid ? 'verifies' : 'does not verify'}`);
  if (s.signingTime) out.push(`  Signing time (stated by the signer, not trusted): ${s.signingTime}`);
  out.push(`  Trusted time: ${s.trustedTime} (${s.trustedTimeSource})`);
  if (s.timestamp) out.push(`  Timestamp: ${s.timestamp.valid ? 'valid' : 'INVALID'}${s.timestamp.genTime ? `, ${s.timestamp.genTime}` : ''}${s.timestamp.tsa ? `, by ${s.timestamp.tsa}` : ''}`);
  out.push(`  Chain: ${s.chainValid ? 'trusted' : 'NOT trusted'}`);
  for (const e of s.chain) out.push(`    ${e.subject} [serial ${e.serialNumber}, ${e.notBefore} to ${e.notAfter}]${e.trustAnchor ? ' (trust anchor)' : ''}`);
  out.push(`  Key usage: ${s.keyPurpose ?? 'unknown'} key, ${s.keyUsageFit ? 'fit' : 'NOT fit'} for the purpose`);
  out.push('  Revocation:');
  if (s.revocation.length === 0) out.push('    (not checked: no trusted chain)');
  for (const r of s.revocation) out.push(`    ${revocationLine(r)}`);
  if (s.errors.length) out.push('  Errors:', ...errorLines(s.errors, '    '));
  return out;
}

export function formatReport(r: VerificationReport): string {
  const out = [
    `Signature: ${r.valid ? 'VALID' : 'INVALID'}`,
    `Verification time: ${r.verificationTime}`,
    `Content: ${r.contentType}, ${r.contentLength ?? '?'} bytes, ${r.detached ? 'detached' : 'attached'}`,
  ];
  for (const s of r.signers) out.push(...signerLines(s));
  if (r.errors.length) out.push('Errors:', ...errorLines(r.errors, '  '));
  return `${out.join('\n')}\n`;
}

export function formatCertificate(c: CertificateSummary): string {
  const out = [
    `Subject: ${c.subject}`,
    ...identityLines(c.identity, ''),
    `Issuer: ${c.issuer}`,
    `Serial: ${c.serialNumber}`,
    `Valid: ${c.notBefore} to ${c.notAfter}`,
    `Public key: ${c.publicKeyAlgorithm}; signed with ${c.signatureAlgorithm}`,
    `Key usage: ${c.keyUsage.join(', ') || '(none stated)'}`,
    `Extended key usage: ${c.extKeyUsage.join(', ') || '(none stated)'}`,
    `Policies: ${c.policies.join(', ') || '(none stated)'}`,
    `CA: ${c.isCa ? 'yes' : 'no'}`,
  ];
  if (c.crlUrls.length) out.push(`CRL: ${c.crlUrls.join(', ')}`);
  if (c.ocspUrls.length) out.push(`OCSP: ${c.ocspUrls.join(', ')}`);
  for (const x of c.unknownExtensions) out.push(`Other extension: ${x.oid}${x.critical ? ' (critical)' : ''}`);
  for (const p of c.problems) out.push(`Problem: ${p}`);
  out.push(`SHA-256 fingerprint: ${c.fingerprintSha256}`);
  return `${out.join('\n')}\n`;
}
