/**
 * Signing in the browser (MB-5, MB-11): one interface, two implementations.
 * - NCALayer: the NCA's signing client on the user's computer (wss://127.0.0.1:13579), through
 *   the `ncalayer-js-client` package; the real thing.
 * - Test signer: demo mode only; signs with a demo-CA PKCS#12 file inside the browser (WebCrypto).
 * Either returns a CMS SignedData (DER, base64) over the exact bytes given.
 */
export type SignPurpose = 'sign' | 'auth';

export interface SignRequest {
  /** The exact bytes to sign (a canonical JSON document). */
  data: Uint8Array;
  /** A signing key for documents, or an authentication key for EDS login. */
  purpose: SignPurpose;
  /** Detached: the CMS does not carry the data. Default: attached. */
  detached?: boolean;
  /** The language of NCALayer's own dialogs. */
  locale?: 'kk' | 'ru' | 'en';
}

export interface Signer {
  readonly kind: 'ncalayer' | 'test';
  /** Base64 of a DER CMS SignedData. */
  sign(req: SignRequest): Promise<string>;
}

export type SignerErrorCode = 'unavailable' | 'cancelled' | 'failed' | 'bad_file' | 'bad_password' | 'unsupported_key';

export class SignerError extends Error {
  constructor(
    readonly code: SignerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignerError';
  }
}

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
