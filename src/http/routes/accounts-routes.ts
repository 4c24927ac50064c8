/**
 * The accounts routes in one encapsulated scope. Credential paths set `config.rateLimit`; the
 * server's per-IP limiter (src/http/rate-limits.ts) counts them.
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { registerAccountsPublicRoutes } from './accounts-public-routes.ts';
import { registerAccountsSessionRoutes } from './accounts-session-routes.ts';
import { registerAccountsStaffRoutes } from './accounts-staff-routes.ts';
import { registerAccountsLifeRoutes } from './accounts-life-routes.ts';
import { registerAccountsAdminRoutes } from './accounts-admin-routes.ts';

export function accountsRoutes(deps: AccountsDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    await app.register(async (scope) => {
      registerAccountsPublicRoutes(scope, deps);
      registerAccountsSessionRoutes(scope, deps);
      registerAccountsStaffRoutes(scope, deps);
      registerAccountsLifeRoutes(scope, deps);
      registerAccountsAdminRoutes(scope, deps);
    });
  };
}
