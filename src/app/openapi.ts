/** The OpenAPI document as the running server would serve it, without starting storage. */
import { buildHttpServer } from '../http/build-http-server.ts';
import { createLogger } from '../shared/logger.ts';
import { apiRoutes } from './http-routes.ts';
import { contextWithoutStorage } from './context.ts';
import { loadConfig } from '../config.ts';

export async function generateOpenApiObject(): Promise<unknown> {
  const log = createLogger('silent');
  // Defaults only (demo on), so the document does not depend on the developer's environment.
  const ctx = contextWithoutStorage(loadConfig({}), log);
  const app = await buildHttpServer({ log, readiness: {}, routes: apiRoutes(ctx) });
  const doc = app.swagger();
  await app.close();
  return doc;
}

export async function generateOpenApi(): Promise<string> {
  return JSON.stringify(await generateOpenApiObject(), null, 2) + '\n';
}
