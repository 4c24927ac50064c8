/**
 * Trust anchors and known intermediate CAs, read from a directory of PEM/DER certificates.
 *
 * Which certificates of the directory are anchors: the top-most ones — self-signed roots,
 * and CA certificates whose issuer is not in the directory. So a directory holding the NCA
 * GOST 2022 root and its issuing CA treats the root as the anchor and the issuing CA as an
 * intermediate, while the 2019 issuing CAs (whose roots are not published with them) are
 * anchors themselves, as the fixtures README asks.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '../../shared/errors.ts';
import { looksLikePem, pemBlocks } from './pem.ts';
import { isSelfIssued, parseCertificate, type Certificate } from './x509.ts';

const nameKey = (der: Uint8Array) => Buffer.from(der.buffer, der.byteOffset, der.length).toString('latin1');

/** Whether `issuer`'s key identifier fits `cert`'s authority key identifier (either missing: not ruled out). */
export function keyIdsAllow(issuer: Certificate, cert: Certificate): boolean {
  return !cert.authorityKeyId || !issuer.subjectKeyId || issuer.subjectKeyId === cert.authorityKeyId;
}

/** Certificates indexed by subject, for finding issuers. */
export class CertPool {
  private readonly bySubject = new Map<string, Certificate[]>();
  private readonly fingerprints = new Set<string>();

  constructor(certs: Iterable<Certificate> = []) {
    for (const c of certs) this.add(c);
  }

  add(cert: Certificate): void {
    if (this.fingerprints.has(cert.fingerprint)) return;
    this.fingerprints.add(cert.fingerprint);
    const k = nameKey(cert.subject.der);
    const list = this.bySubject.get(k);
    if (list) list.push(cert);
    else this.bySubject.set(k, [cert]);
  }

  has(cert: Certificate): boolean {
    return this.fingerprints.has(cert.fingerprint);
  }

  /** Certificates whose subject is `cert`'s issuer, filtered by key identifier when both have one. */
  issuersOf(cert: Certificate): Certificate[] {
    const list = this.bySubject.get(nameKey(cert.issuer.der)) ?? [];
    return list.filter((c) => keyIdsAllow(c, cert));
  }

  bySubjectDer(der: Uint8Array): Certificate[] {
    return this.bySubject.get(nameKey(der)) ?? [];
  }

  get size(): number {
    return this.fingerprints.size;
  }
}

export class TrustStore {
  readonly pool: CertPool;
  private readonly anchorSet: Set<string>;
  /** Files that could not be read, with the reason (reported, not fatal). */
  readonly problems: string[] = [];
  /** Chain links inside the trust store already verified (static data: verify once). */
  readonly verifiedLinks = new Set<string>();

  /** `anchors`: all given certificates are anchors; `top`: only the top-most (see above). */
  constructor(readonly certificates: Certificate[], mode: 'top' | 'all' = 'top') {
    this.pool = new CertPool(certificates);
    const anchors = mode === 'all' ? certificates : certificates.filter((c) => isSelfIssued(c) || this.pool.issuersOf(c).length === 0);
    this.anchorSet = new Set(anchors.map((c) => c.fingerprint));
  }

  get anchors(): Certificate[] {
    return this.certificates.filter((c) => this.anchorSet.has(c.fingerprint));
  }

  isAnchor(cert: Certificate): boolean {
    return this.anchorSet.has(cert.fingerprint);
  }

  static async fromDirectory(dir: string): Promise<TrustStore> {
    const certs: Certificate[] = [];
    const problems: string[] = [];
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const file = path.join(dir, name);
      if (!(await stat(file)).isFile()) continue;
      try {
        const data = await readFile(file);
        const ders = looksLikePem(data) ? pemBlocks(data).filter((b) => b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE').map((b) => b.der) : [data];
        for (const der of ders) certs.push(parseCertificate(der));
      } catch (err) {
        if (!isAppError(err)) throw err;
        problems.push(`${name}: ${err.message}`);
      }
    }
    const store = new TrustStore(certs);
    store.problems.push(...problems);
    return store;
  }
}

// Trust directories are read once per process and re-read when a file's mtime changes.
const dirCache = new Map<string, { stamp: string; store: TrustStore }>();

export async function loadTrustStore(dir: string): Promise<TrustStore> {
  const abs = path.resolve(dir);
  const entries = (await readdir(abs)).sort();
  const stamps = await Promise.all(entries.map(async (e) => `${e}:${(await stat(path.join(abs, e))).mtimeMs}`));
  const stamp = stamps.join('|');
  const hit = dirCache.get(abs);
  if (hit && hit.stamp === stamp) return hit.store;
  const store = await TrustStore.fromDirectory(abs);
  dirCache.set(abs, { stamp, store });
  return store;
}
