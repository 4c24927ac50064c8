/** The OpenAPI document as the running server would serve it, without starting storage. */
import { buildHttpServer } from '../http/build-http-server.ts';
import { createLogger } from '../shared/logger.ts';
import { apiRoutes } from './http-routes.ts';

export async function generateOpenApiObject(): Promise<unknown> {
  const app = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: apiRoutes() });
  const doc = app.swagger();
  await app.close();
  return doc;
}

export async function generateOpenApi(): Promise<string> {
  return JSON.stringify(await generateOpenApiObject(), null, 2) + '\n';
}
