/**
 * Public facts a client needs before anyone signs in: which software and version, whether the
 * server runs in demo mode (the web cabinet then shows the DEMO banner and offers the test
 * signer), the mail domain, and the languages.
 */
import type { FastifyInstance } from 'fastify';
import { SOFTWARE_NAME, VERSION } from '../../shared/version.ts';

export interface ServiceInfo {
  software: string;
  version: string;
  demo: boolean;
  domain: string;
  languages: ('kk' | 'ru' | 'en')[];
  defaultLanguage: 'kk';
}

const serviceInfoSchema = {
  type: 'object',
  required: ['software', 'version', 'demo', 'domain', 'languages', 'defaultLanguage'],
  properties: {
    software: { type: 'string' },
    version: { type: 'string' },
    demo: { type: 'boolean', description: 'Demo mode: demo CA, test signer and the DEMO banner' },
    domain: { type: 'string', description: 'Mailbox addresses are <login>@<domain>' },
    languages: { type: 'array', items: { type: 'string', enum: ['kk', 'ru', 'en'] } },
    defaultLanguage: { type: 'string', enum: ['kk'] },
  },
} as const;

export function metaRoutes(opts: { demo: boolean; domain: string }) {
  const info: ServiceInfo = { software: SOFTWARE_NAME, version: VERSION, demo: opts.demo, domain: opts.domain, languages: ['kk', 'ru', 'en'], defaultLanguage: 'kk' };
  return (app: FastifyInstance): void => {
    app.get(
      '/api/v1/meta',
      {
        schema: {
          operationId: 'getServiceInfo',
          summary: 'Software, version, demo mode, mail domain and languages (public)',
          tags: ['system'],
          response: { 200: serviceInfoSchema },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'no-cache');
        return info;
      },
    );
  };
}
