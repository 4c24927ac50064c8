/**
 * Evidence signatures: CMS SignedData, attached, with signingTime, and an RFC 3161 signature
 * timestamp (id-aa-signatureTimeStampToken over the signature value) from the configured TSA
 * (JASHIK_TSA_URL), or in demo mode from the demo TSA in-process. A configured TSA that does not
 * answer makes the signing fail (SERVICE_UNAVAILABLE): callers retry rather than issue
 * evidence that lacks the promised trusted time.
 */
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { demoTimestampToken } from '../demo-pki/demo-tsa.ts';
import { digest } from '../pki/algorithms.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { addSignatureTimestamp, signCms, type CmsSigner } from '../pki/cms-sign.ts';
import { OID } from '../pki/oids.ts';
import { httpFetcher, type Fetcher } from '../pki/revocation.ts';
import { buildTimestampRequest, parseTstInfo, tokenFromResponse } from '../pki/tsp.ts';

export interface EvidenceDeps {
  config: Config;
  db: Db;
  fetcher?: Fetcher;
}

/** A token from the TSA at `url` over `data`, its imprint and nonce checked. */
export async function requestTimestamp(url: string, data: Uint8Array, fetcher: Fetcher = httpFetcher): Promise<Uint8Array> {
  const req = buildTimestampRequest(data, OID.sha256);
  try {
    const token = tokenFromResponse(await fetcher(url, { method: 'POST', body: req.der, contentType: 'application/timestamp-query', timeoutMs: 10_000 }));
    const sd = parseSignedData(token);
    const tst = parseTstInfo(sd.eContent ?? new Uint8Array());
    const imprintOk = tst.hashAlgorithm === OID.sha256 && Buffer.compare(Buffer.from(digest(OID.sha256, data)), Buffer.from(tst.hashedMessage)) === 0;
    if (tst.nonce !== req.nonce || !imprintOk) throw new Error('the token answers another request (nonce or imprint differs)');
    return token;
  } catch (err) {
    throw new AppError('SERVICE_UNAVAILABLE', { detail: `timestamp authority ${url}: ${(err as Error).message}`, cause: err });
  }
}

/** Signs evidence bytes with `signer` and timestamps the signature where a TSA is configured. */
export async function signEvidenceWith(signer: CmsSigner, bytes: Uint8Array, deps: EvidenceDeps): Promise<Buffer> {
  const cms = signCms(bytes, [signer], { signingTime: new Date() });
  const signature = parseSignedData(cms).signers[0].signature;
  let token: Uint8Array | undefined;
  if (deps.config.tsaUrl) token = await requestTimestamp(deps.config.tsaUrl, signature, deps.fetcher);
  else if (deps.config.demo) token = await demoTimestampToken({ config: deps.config, db: deps.db }, signature);
  return token ? addSignatureTimestamp(cms, 0, token) : cms;
}
