/**
 * GET /.well-known/jashik/operator-certificates (public, stable URL): every operator evidence
 * certificate, current and retired, with validity, fingerprints, PEM and chain, so anyone can
 * verify evidence offline without trusting the operator.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { operatorSigner } from '../../modules/operator-keys/operator-signer.ts';
import { publishedOperatorCertificates } from '../../modules/operator-keys/published-certificates.ts';

const certificateSchema = {
  type: 'object',
  required: ['serialNumber', 'subject', 'issuer', 'validFrom', 'validTo', 'current', 'activatedAt', 'retiredAt', 'fingerprints', 'certificatePem', 'chainPem'],
  properties: {
    serialNumber: { type: 'string', description: 'Upper-case hex' },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    validFrom: { type: 'string', format: 'date-time' },
    validTo: { type: 'string', format: 'date-time' },
    current: { type: 'boolean', description: 'Signs new evidence and audit checkpoints' },
    activatedAt: { type: 'string', format: 'date-time' },
    retiredAt: { type: 'string', format: 'date-time', nullable: true },
    fingerprints: {
      type: 'object', required: ['sha256', 'sha1'],
      properties: { sha256: { type: 'string' }, sha1: { type: 'string' } },
    },
    certificatePem: { type: 'string' },
    chainPem: { type: 'string', description: 'Issuing CA certificates up to the root (PEM), for openssl cms -verify -CAfile' },
  },
} as const;

export function operatorKeysRoutes(ctx: AppContext) {
  return (app: FastifyInstance): void => {
    app.get(
      '/.well-known/jashik/operator-certificates',
      {
        schema: {
          operationId: 'listOperatorCertificates',
          summary: "The operator's evidence certificates, current and past, for verifying evidence offline",
          tags: ['evidence'],
          response: { 200: { type: 'object', required: ['certificates'], properties: { certificates: { type: 'array', items: certificateSchema } } } },
        },
      },
      async (req, reply) => {
        // Loading the key records it as current (a newly configured key, or the demo key on first use).
        await operatorSigner(ctx).current().catch((err: Error) => req.log.warn({ err: err.message }, 'operator key unavailable; listing the recorded certificates'));
        reply.header('cache-control', 'public, max-age=300');
        return { certificates: await publishedOperatorCertificates(ctx.database.db) };
      },
    );
  };
}
