/**
 * BER input, re-encoded as DER before the lean DER reader sees it (SPEC X-2: signatures that
 * OpenSSL and the NCA tools verify). `openssl cms -sign -stream`/`-indef`, pkijs (attached
 * content) and other signing tools write valid CMS in BER: indefinite lengths and constructed
 * OCTET STRINGs. Verification stays on DER (der.ts is strict and fast); only an input that
 * DER reading refuses comes here, so DER input costs nothing extra.
 *
 * Re-encoding is safe where a signature covers the bytes: signed attributes are hashed as
 * their DER (RFC 5652 5.4), and the eContent digest is over the content octets, which for a
 * constructed OCTET STRING is the concatenation of its pieces. SET OF elements keep their
 * order (OpenSSL verifies signed attributes in the order received, too). It is NOT safe for
 * signed objects carried inside: a certificate's or CRL's signature is over its TBS bytes as
 * the issuer encoded them, so the `certificates` and `crls` of every SignedData (also inside a
 * timestamp token) are copied byte for byte; parseCertificate reads a BER certificate itself
 * and keeps its original TBS bytes for the signature check (as OpenSSL does).
 *
 * asn1js does the BER decoding (indefinite lengths, constructed strings, EOC, limits on
 * depth, node count and size). What it lacks is written here: its toBER() writes the same
 * indefinite/constructed form back, so the DER writer below walks its tree, takes primitive
 * contents from the original bytes and computes definite lengths itself.
 */
import { fromBER } from 'asn1js';
import { AppError } from '../../shared/errors.ts';
import { MAX_DEPTH, malformed } from './der.ts';

/** The parts of an asn1js node this module reads (asn1js's own types are class-heavy). */
interface BerNode {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean; blockLength: number };
  lenBlock: { isIndefiniteForm: boolean; blockLength: number };
  valueBeforeDecodeView: Uint8Array;
  valueBlock: { value?: unknown };
}

/** Enough for 256 certificates of ~40 nodes each plus everything else; bounds memory. */
const MAX_NODES = 200_000;
const MAX_BYTES = 256 * 1024 * 1024;

// 1.2.840.113549.1.7.2 (id-signedData), content octets of the OID.
const SIGNED_DATA_OID = Buffer.from('2a864886f70d010702', 'hex');
// Universal string types whose BER may be constructed (X.690 8.7, 8.23): OCTET STRING, the
// character strings and the times and ObjectDescriptor defined on them; BIT STRING is handled
// on its own because of its unused-bits octet.
const STRING_TAGS = new Set([4, 7, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30]);

function decode(input: Uint8Array): BerNode {
  let r: ReturnType<typeof fromBER>;
  try {
    r = fromBER(input, { maxDepth: MAX_DEPTH, maxNodes: MAX_NODES, maxContentLength: MAX_BYTES, parseEmbedded: false, copyInput: false });
  } catch (err) {
    throw malformed(`BER: ${(err as Error).message}`);
  }
  if (r.offset === -1) {
    const why = r.result.error || 'cannot be decoded';
    if (/node count/i.test(why)) throw new AppError('PKI_LIMIT_EXCEEDED', { detail: `BER: more than ${MAX_NODES} elements` });
    throw malformed(`BER: ${why}`);
  }
  if (r.offset !== input.length) throw malformed(`BER: ${input.length - r.offset} trailing bytes`);
  return r.result as unknown as BerNode;
}

function header(node: BerNode): number {
  return node.idBlock.blockLength + node.lenBlock.blockLength;
}

/** The pieces of a constructed node (asn1js keeps a decoded text, not pieces, for some string types). */
function kids(node: BerNode): BerNode[] {
  const v: unknown = node.valueBlock.value;
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((k) => (k as Partial<BerNode>)?.valueBeforeDecodeView instanceof Uint8Array && (k as Partial<BerNode>).idBlock)) {
    throw malformed('BER: a constructed encoding of this type is not supported');
  }
  return v as BerNode[];
}

/** Insists the node's pieces fill it exactly (asn1js only warns when an EOC is missing). */
function checkExtent(node: BerNode): void {
  if (!node.idBlock.isConstructed) return;
  let sum = header(node) + (node.lenBlock.isIndefiniteForm ? 2 : 0);
  for (const k of kids(node)) sum += k.valueBeforeDecodeView.length;
  const v = node.valueBeforeDecodeView;
  if (sum !== v.length || (node.lenBlock.isIndefiniteForm && (v[v.length - 1] !== 0 || v[v.length - 2] !== 0))) {
    throw malformed('BER: constructed element without its end-of-contents');
  }
}

function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

function tlv(identifier: number, parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  return Buffer.concat([Uint8Array.of(identifier), lengthOctets(len), ...parts]);
}

function identifier(node: BerNode): number {
  // The DER reader supports only the low-tag-number form; keep it a clear refusal there.
  if (node.idBlock.blockLength !== 1) throw malformed('BER: high tag number');
  return node.valueBeforeDecodeView[0];
}

/** Content octets of a string type, constructed pieces concatenated (recursively). */
function stringOctets(node: BerNode, parts: Uint8Array[]): void {
  checkExtent(node);
  if (!node.idBlock.isConstructed) {
    parts.push(node.valueBeforeDecodeView.subarray(header(node)));
    return;
  }
  for (const k of kids(node)) {
    if (k.idBlock.tagClass !== 1 || k.idBlock.tagNumber !== 4) throw malformed('BER: a constructed string may hold OCTET STRING pieces only');
    stringOctets(k, parts);
  }
}

/** BIT STRING pieces: one unused-bits octet in front of all the bits; only the last piece may have unused bits. */
function bitStringPieces(node: BerNode, out: { bits: Uint8Array[]; unused: number }): void {
  checkExtent(node);
  if (!node.idBlock.isConstructed) {
    const c = node.valueBeforeDecodeView.subarray(header(node));
    if (c.length === 0 || out.unused !== 0) throw malformed('BER: bad BIT STRING piece');
    out.unused = c[0];
    out.bits.push(c.subarray(1));
    return;
  }
  for (const k of kids(node)) {
    if (k.idBlock.tagClass !== 1 || k.idBlock.tagNumber !== 3) throw malformed('BER: a constructed BIT STRING may hold BIT STRING pieces only');
    bitStringPieces(k, out);
  }
}

function isSignedDataContentInfo(node: BerNode): boolean {
  const k = kids(node);
  if (node.valueBeforeDecodeView[0] !== 0x30 || k.length !== 2 || k[0].valueBeforeDecodeView[0] !== 0x06 || k[1].valueBeforeDecodeView[0] !== 0xa0) return false;
  const oid = k[0].valueBeforeDecodeView.subarray(header(k[0]));
  return Buffer.compare(oid, SIGNED_DATA_OID) === 0;
}

type Role = 'any' | 'signedDataWrapper' | 'signedData';

function encode(node: BerNode, role: Role = 'any'): Uint8Array {
  checkExtent(node);
  const id = identifier(node);
  const { tagClass, tagNumber, isConstructed } = node.idBlock;
  if (!isConstructed) return tlv(id, [node.valueBeforeDecodeView.subarray(header(node))]);
  if (tagClass === 1 && STRING_TAGS.has(tagNumber)) {
    const parts: Uint8Array[] = [];
    stringOctets(node, parts);
    return tlv(id & ~0x20, parts);
  }
  if (tagClass === 1 && tagNumber === 3) {
    const acc = { bits: [] as Uint8Array[], unused: 0 };
    bitStringPieces(node, acc);
    return tlv(0x03, [Uint8Array.of(acc.unused), ...acc.bits]);
  }
  const children = kids(node);
  if (role === 'any' && isSignedDataContentInfo(node)) {
    return tlv(id, [encode(children[0]), encode(children[1], 'signedDataWrapper')]);
  }
  if (role === 'signedDataWrapper') return tlv(id, children.map((k) => encode(k, k.valueBeforeDecodeView[0] === 0x30 ? 'signedData' : 'any')));
  if (role === 'signedData') {
    // certificates [0] and crls [1]: signed objects, kept exactly as their issuers encoded them.
    return tlv(id, children.map((k) => {
      const tag = k.valueBeforeDecodeView[0];
      return tag === 0xa0 || tag === 0xa1 ? (checkExtent(k), tlv(identifier(k), kids(k).map((x) => x.valueBeforeDecodeView))) : encode(k);
    }));
  }
  return tlv(id, children.map((k) => encode(k)));
}

/**
 * The DER re-encoding of a BER element (see the module comment for what is kept byte for
 * byte). Throws PKI_MALFORMED when the input is not BER either, PKI_LIMIT_EXCEEDED past the
 * element limit.
 */
export function berToDer(input: Uint8Array): Uint8Array {
  return encode(decode(input));
}

/**
 * Retries a strict DER read on the DER re-encoding of the input. Called with the DER reader's
 * PKI_MALFORMED error: if the input is not BER either, that error is thrown with the BER
 * decoder's reason added; if re-encoding changes nothing, the input was DER and the error stands.
 */
export function retryAsBer<T>(input: Uint8Array, derError: AppError, read: (der: Uint8Array) => T): T {
  let der: Uint8Array;
  try {
    der = berToDer(input);
  } catch (err) {
    if (err instanceof AppError && err.code === 'PKI_MALFORMED') throw malformed(`${derError.message}; not readable as BER either (${err.message})`);
    throw err;
  }
  if (Buffer.compare(der, input) === 0) throw derError;
  return read(der);
}

/**
 * The end of the element at `pos` when it has an indefinite length (a BER certificate or CRL
 * copied verbatim into a SignedData); the DER reader cannot size it.
 */
export function berElementEnd(buf: Uint8Array, pos: number, limit: number): number {
  let r: ReturnType<typeof fromBER>;
  try {
    r = fromBER(buf.subarray(pos, limit), { maxDepth: MAX_DEPTH, maxNodes: MAX_NODES, maxContentLength: MAX_BYTES, parseEmbedded: false, copyInput: false });
  } catch (err) {
    throw malformed(`BER element at offset ${pos}: ${(err as Error).message}`);
  }
  if (r.offset === -1) throw malformed(`BER element at offset ${pos}: ${r.result.error || 'cannot be decoded'}`);
  checkTree(r.result as unknown as BerNode);
  return pos + r.offset;
}

function checkTree(node: BerNode): void {
  checkExtent(node);
  if (node.idBlock.isConstructed) for (const k of kids(node)) checkTree(k);
}

/** The original bytes of the first child of a BER element (a certificate's TBS as signed). */
export function berFirstChild(input: Uint8Array): Uint8Array {
  const root = decode(input);
  const first = kids(root)[0];
  if (!root.idBlock.isConstructed || !first) throw malformed('BER: expected a constructed element with content');
  return first.valueBeforeDecodeView;
}
