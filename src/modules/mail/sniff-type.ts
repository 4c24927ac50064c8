/**
 * Declared attachment types are checked against the content's first bytes for the types whose
 * signature is certain; an attachment that claims to be a PDF or an image and is not (e.g. a
 * Windows executable named invoice.pdf) is refused, naming the field.
 */
const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-' },
  { type: 'image/png', test: (b) => b.length >= 8 && Buffer.from(b.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.length >= 6 && /^GIF8[79]a$/.test(Buffer.from(b.subarray(0, 6)).toString('latin1')) },
  { type: 'application/zip', test: (b) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) },
];

/** True when `declared` is a type we can recognise and the content does not have its signature. */
export function declaredTypeLies(declared: string | undefined, content: Uint8Array): boolean {
  const t = (declared ?? '').toLowerCase().split(';')[0].trim();
  const sig = SIGNATURES.find((s) => s.type === t);
  return sig ? !sig.test(content) : false;
}
