/// <reference path="./ncalayer-js-client.d.ts" />
/**
 * The NCALayer signer: asks the NCA's NCALayer on the user's computer to sign, through
 * `ncalayer-js-client` (its `kz.gov.pki.knca.basics` module, `sign` with format `cms`).
 * NCALayer shows its own dialog to choose the key (file, ID card, token) and enter the PIN.
 */
import { NCALayerClient } from 'ncalayer-js-client';
import { SignerError, toBase64, type SignRequest, type Signer } from './signer.ts';

export const NCALAYER_URL = 'wss://127.0.0.1:13579';

export interface NcaLayerOptions {
  url?: string;
  /** Accept test-CA certificates too (NCA test PKI; demo deployments). */
  allowTestCertificates?: boolean;
}

export function ncaLayerSigner(opts: NcaLayerOptions = {}): Signer {
  return {
    kind: 'ncalayer',
    async sign(req: SignRequest): Promise<string> {
      // KAZTOKEN's HTTP API is not used: every signature goes through the NCALayer dialog.
      const client = new NCALayerClient(opts.url ?? NCALAYER_URL, false);
      try {
        try {
          await client.connect();
        } catch (err) {
          throw new SignerError('unavailable', (err as Error).message);
        }
        const signerParams = opts.allowTestCertificates
          ? NCALayerClient.basicsSignerTestAny
          : req.purpose === 'auth'
            ? NCALayerClient.basicsSignerAuthAny
            : NCALayerClient.basicsSignerSignAny;
        const params = req.detached ? NCALayerClient.basicsCMSParamsDetached : NCALayerClient.basicsCMSParamsAttached;
        try {
          const cms = await client.basicsSignCMS(NCALayerClient.basicsStorageAll, toBase64(req.data), params, signerParams, req.locale ?? 'kk');
          return cms.replace(/\s+/g, '');
        } catch (err) {
          const e = err as { canceledByUser?: boolean; message?: string };
          if (e.canceledByUser) throw new SignerError('cancelled', e.message ?? 'cancelled');
          throw new SignerError('failed', e.message ?? String(err));
        }
      } finally {
        try {
          client.wsConnection?.close();
        } catch {
          /* already closed */
        }
      }
    },
  };
}
