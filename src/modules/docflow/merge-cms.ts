/**
 * Co-signing (Issue 7 item 3): every official signs the same content file in their own
 * signature tool, so each brings a detached CMS of their own. They are kept as ONE CMS per file:
 * the new SignerInfo, its certificates and its digest algorithm are added to the existing
 * SignedData; existing signers are copied byte for byte, so their signatures stay intact.
 */
import { parseSignedData, type SignedData } from '../pki/cms-parse.ts';
import { algId, ctx, int, oid, seq, setOf, tlv } from '../pki/der-write.ts';
import { OID } from '../pki/oids.ts';

const key = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');

function unique(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((b) => (seen.has(key(b)) ? false : (seen.add(key(b)), true)));
}

/** SignerInfos of `added` not already in `base` (by their exact bytes). */
export function newSigners(base: SignedData, added: SignedData): SignedData['signers'] {
  const have = new Set(base.signers.map((s) => key(s.der)));
  return added.signers.filter((s) => !have.has(key(s.der)));
}

/** One SignedData with the signers of both; both must be detached signatures of the same content type. */
export function mergeCms(baseCms: Uint8Array, addedCms: Uint8Array): Buffer {
  const base = parseSignedData(baseCms);
  const added = parseSignedData(addedCms);
  const signers = [...base.signers.map((s) => s.der), ...newSigners(base, added).map((s) => s.der)];
  const digestAlgs = unique([...base.digestAlgorithms, ...added.digestAlgorithms].map((a) => algId(a.oid, a.params ?? undefined)));
  const certs = unique([...base.certificates, ...added.certificates]);
  const crls = unique([...base.crls, ...added.crls]);
  const body = [int(base.eContentType === OID.data ? 1 : 3), setOf(...digestAlgs), base.encapDer];
  if (certs.length) body.push(tlv(0xa0, ...certs));
  if (crls.length) body.push(tlv(0xa1, ...crls));
  body.push(tlv(0x31, ...signers));
  return Buffer.from(seq(oid(OID.signedData), ctx(0, seq(...body))));
}
