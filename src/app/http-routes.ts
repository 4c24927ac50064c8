/**
 * The API's route modules, in one list, used by the running server and by the OpenAPI export
 * (`npm run openapi` writes docs/openapi.json; a test fails when the two drift apart).
 * A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { metaRoutes } from '../http/routes/meta-routes.ts';
import { webCabinetRoutes } from '../http/web-cabinet.ts';
import { demoPkiRoutes } from '../http/routes/demo-pki-routes.ts';
import { accountsRoutes } from '../http/routes/accounts-routes.ts';
import { accountsDeps } from './accounts-wiring.ts';
import { operatorKeysRoutes } from '../http/routes/operator-keys-routes.ts';
import { mailRoutes } from '../http/routes/mail-routes.ts';
import { mailRuntime } from '../modules/mail/mail-runtime.ts';
import { mailAuthenticate } from './mail-auth.ts';

import { docflowRoutes } from '../http/routes/docflow-routes.ts';
import { docflowDeps } from './docflow-wiring.ts';
import { docflowAuthenticate } from './docflow-auth.ts';
import { hybridRoutes } from '../http/routes/hybrid-routes.ts';
import { hybridDeps } from './hybrid-wiring.ts';
import { hybridAuthenticate } from './hybrid-auth.ts';

export type RouteRegistrar = (app: FastifyInstance) => void | Promise<void>;

export function apiRoutes(ctx: AppContext): RouteRegistrar[] {
  return [
    metaRoutes({ demo: ctx.config.demo, domain: ctx.config.domain }),
    // Demo CA certificates, CRLs, OCSP and TSA under /demo-pki/ (registers nothing outside demo mode).
    demoPkiRoutes(ctx),
    // Registration, sign-in, sessions, EDS confirmation, directory, staff and counter (issue 4).
    accountsRoutes(accountsDeps(ctx)),
    // The operator's evidence certificates, past and present, at a stable URL.
    operatorKeysRoutes(ctx),
    // E-letters: send, folders, search, raw download, registered-letter evidence, export (issue 5).
    mailRoutes(() => mailRuntime(ctx), mailAuthenticate(ctx)),
    // Electronic document flow: e-documents, RCC, journals, receipts, execution control, archive (issue 7).
    docflowRoutes(docflowDeps(ctx), docflowAuthenticate(ctx)),
    // Hybrid mail: paper delivery with S10 tracking, print batches, paper letters scanned in (issue 8).
    hybridRoutes(hybridDeps(ctx), hybridAuthenticate(ctx)),
    // The web cabinet's files and SPA fallback (a hidden GET /* that never shadows API routes).
    webCabinetRoutes(),
  ];
}
