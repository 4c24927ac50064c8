/**
 * The demo PKI over HTTP (demo mode only; outside it nothing is registered and every path under
 * /demo-pki/ is a JSON 404): the CA certificates, the CRLs, an OCSP responder (RFC 6960) and an
 * RFC 3161 timestamp authority. Demo certificates point their CDP and AIA here.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { requireDemoCa, type DemoPkiDeps } from '../../modules/demo-pki/demo-ca.ts';
import { currentDemoCrl } from '../../modules/demo-pki/demo-crl.ts';
import { answerOcspRequest } from '../../modules/demo-pki/demo-ocsp.ts';
import { answerTimestampRequest } from '../../modules/demo-pki/demo-tsa.ts';
import { toPem } from '../../modules/pki/pem.ts';

const binary = (contentType: string, description: string) => ({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });
const binaryBody = (contentType: string) => ({ content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });

function sendDer(reply: FastifyReply, type: string, der: Uint8Array, maxAge = 0) {
  reply.header('cache-control', maxAge ? `public, max-age=${maxAge}` : 'no-cache').type(type);
  return reply.send(Buffer.from(der));
}

export function demoPkiRoutes(ctx: AppContext) {
  // Storage is reached only when a request comes (the OpenAPI export registers without it).
  const deps = (): DemoPkiDeps => ({ config: ctx.config, db: ctx.database.db });
  return async (app: FastifyInstance): Promise<void> => {
    if (!ctx.config.demo) return;
    await app.register(async (scope) => {
      // Request bodies here are DER, parsed and checked by the responders themselves.
      scope.addContentTypeParser(['application/ocsp-request', 'application/timestamp-query'], { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
      scope.setValidatorCompiler(() => () => true);
      // The responders sign every answer: a per-IP limit (the server's limiter) keeps that cost bounded.
      const signing = { rateLimit: { max: 300, timeWindow: '1 minute' } };
      const tags = ['demo-pki'];

      const certRoute = (file: string, operationId: string, summary: string, pick: (ca: Awaited<ReturnType<typeof requireDemoCa>>) => Uint8Array) =>
        scope.get(`/demo-pki/${file}`, { schema: { operationId, summary, tags, response: { 200: binary('application/pkix-cert', 'DER certificate') } } }, async (_req, reply) =>
          sendDer(reply, 'application/pkix-cert', pick(await requireDemoCa(deps())), 3600));
      certRoute('root-ca.crt', 'getDemoRootCaCertificate', 'The demo root CA certificate (the trust anchor of demo signatures)', (ca) => ca.root.cert.der);
      certRoute('issuing-ca.crt', 'getDemoIssuingCaCertificate', 'The demo issuing CA certificate', (ca) => ca.issuing.cert.der);
      certRoute('tsa.crt', 'getDemoTsaCertificate', 'The demo timestamp authority certificate', (ca) => ca.tsa.certificate.der);

      scope.get('/demo-pki/ca-certificates.pem', {
        schema: { operationId: 'getDemoCaBundle', summary: 'The demo root and issuing CA certificates as one PEM file (for openssl -CAfile)', tags, response: { 200: binary('application/x-pem-file', 'PEM certificates') } },
      }, async (_req, reply) => {
        const ca = await requireDemoCa(deps());
        reply.header('cache-control', 'public, max-age=3600').type('application/x-pem-file');
        return reply.send(toPem(ca.root.cert.der, 'CERTIFICATE') + toPem(ca.issuing.cert.der, 'CERTIFICATE'));
      });

      scope.get('/demo-pki/crl', {
        schema: { operationId: 'getDemoCrl', summary: 'The current CRL of the demo issuing CA (fresh, valid 10 minutes)', tags, response: { 200: binary('application/pkix-crl', 'DER CRL') } },
      }, async (_req, reply) => sendDer(reply, 'application/pkix-crl', await currentDemoCrl(deps(), 'issuing')));
      scope.get('/demo-pki/root-crl', {
        schema: { operationId: 'getDemoRootCrl', summary: 'The current CRL of the demo root CA (covers the issuing CA)', tags, response: { 200: binary('application/pkix-crl', 'DER CRL') } },
      }, async (_req, reply) => sendDer(reply, 'application/pkix-crl', await currentDemoCrl(deps(), 'root')));

      scope.post('/demo-pki/ocsp', {
        config: signing,
        schema: {
          operationId: 'postDemoOcspRequest', summary: 'Demo OCSP responder (RFC 6960): status of a demo certificate, the request nonce echoed', tags,
          body: binaryBody('application/ocsp-request'), response: { 200: binary('application/ocsp-response', 'DER OCSPResponse (errors are OCSP statuses too)') },
        },
      }, async (req, reply) => sendDer(reply, 'application/ocsp-response', await answerOcspRequest(deps(), req.body as Buffer)));

      scope.post('/demo-pki/tsa', {
        config: signing,
        schema: {
          operationId: 'postDemoTimestampRequest', summary: 'Demo RFC 3161 timestamp authority', tags,
          body: binaryBody('application/timestamp-query'), response: { 200: binary('application/timestamp-reply', 'DER TimeStampResp (a rejection is a status too)') },
        },
      }, async (req, reply) => sendDer(reply, 'application/timestamp-reply', await answerTimestampRequest(deps(), req.body as Buffer)));
    });
  };
}
