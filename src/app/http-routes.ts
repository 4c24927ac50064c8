/**
 * The API's route modules, in one list, used by the running server and by the OpenAPI export
 * (`npm run openapi` writes docs/openapi.json; a test fails when the two drift apart).
 * A module adds one line here.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';

export type RouteRegistrar = (app: FastifyInstance) => void | Promise<void>;

export function apiRoutes(ctx: AppContext): RouteRegistrar[] {
  void ctx;
  return [];
}
