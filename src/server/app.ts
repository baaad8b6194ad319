import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { alertRoutes } from './features/alerts/routes.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { authRoutes } from './features/auth/routes.ts';
import { clinicRoutes } from './features/clinics/routes.ts';
import { eligibilityRoutes } from './features/eligibility/routes.ts';
import { fhirRoutes } from './features/fhir/routes.ts';
import { healthRoutes } from './features/health/routes.ts';
import { intakeLinkPages } from './features/intake/link-pages.ts';
import { intakeRoutes } from './features/intake/routes.ts';
import { inventoryRoutes } from './features/inventory/routes.ts';
import { leadRoutes } from './features/leads/routes.ts';
import { locationRoutes } from './features/locations/routes.ts';
import { measureLinkPages } from './features/measures/link-pages.ts';
import { measureRoutes } from './features/measures/routes.ts';
import { createDelivery, type Delivery } from './features/outbox/channels.ts';
import { patientRoutes } from './features/patients/routes.ts';
import { planRoutes } from './features/plans/routes.ts';
import { protocolRoutes } from './features/protocols/routes.ts';
import { remsRoutes } from './features/rems/routes.ts';
import { scheduleRoutes } from './features/schedule/routes.ts';
import { dischargeRoutes } from './features/sessions/discharge-routes.ts';
import { registerSessions } from './features/sessions/routes.ts';
import { settingsRoutes } from './features/settings/routes.ts';
import { siteErrorPage } from './features/site/error-page.ts';
import { siteRoutes } from './features/site/routes.ts';
import { userRoutes } from './features/users/routes.ts';
import { registerAccessControl } from './http/auth.ts';
import { registerErrorHandling } from './http/errors.ts';
import { PROBLEMS } from './http/problem.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerTextGuard } from './http/text-guard.ts';
import type { App, AppDeps } from './http/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

export type BuildOptions = {
  db: Db;
  config: Config;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  deliver?: Delivery;
  /** For the board's LISTEN connection; DATABASE_URL when not given. */
  databaseUrl?: string;
};

/** Log lines carry the request id, method, route and status: never bodies, query strings or cookies. */
function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
      remove: true,
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export async function buildApp(options: BuildOptions): Promise<App> {
  const { db, config } = options;
  const deps: AppDeps = {
    db,
    config,
    now: options.now ?? (() => new Date()),
    deliver: options.deliver ?? createDelivery(config),
  };
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ketaflow API',
        version: '1',
        description:
          'Errors are RFC 9457 problem+json. Problem types: ' +
          Object.entries(PROBLEMS)
            .map(([code, p]) => `/problems/${code} (${p.status})`)
            .join(', ') +
          '. Cookie-authenticated writes send the x-csrf-token header with the kf_csrf cookie value.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kf_session' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAccessControl(app, deps);
  registerErrorHandling(app, { errorPage: siteErrorPage(db) });
  registerTextGuard(app);
  registerSecurityHeaders(app);

  app.get(
    '/api/v1/openapi.json',
    { config: { access: { public: true } }, schema: { hide: true } },
    async () => app.swagger(),
  );

  healthRoutes(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  locationRoutes(app);
  auditRoutes(app);
  patientRoutes(app);
  measureRoutes(app, deps);
  fhirRoutes(app, deps);
  measureLinkPages(app, deps);
  dischargeRoutes(app, deps);
  alertRoutes(app);
  scheduleRoutes(app);
  settingsRoutes(app, deps);
  siteRoutes(app, deps);
  intakeRoutes(app, deps);
  eligibilityRoutes(app);
  protocolRoutes(app);
  planRoutes(app);
  inventoryRoutes(app);
  registerSessions(app, options.databaseUrl ?? config.databaseUrl);
  remsRoutes(app);
  intakeLinkPages(app);
  leadRoutes(app, deps);
  clinicRoutes(app);
  await registerWebApp(app);
  return app;
}

/** The single-page app: built files under /app/, and index.html for every other /app/ path. */
async function registerWebApp(app: App): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/app/*', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('The web app is not built yet: run `npm run build` (npm start does it).'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
  const html = fs.readFileSync(index, 'utf8');
  const sendIndex = async (
    _request: unknown,
    reply: { type: (t: string) => { send: (b: string) => unknown } },
  ) => reply.type('text/html; charset=utf-8').send(html);
  app.get('/app', sendIndex);
  app.get('/app/*', async (request, reply) => {
    const file = path.join(WEB_DIST, (request.params as { '*': string })['*']);
    if (file.startsWith(WEB_DIST + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return reply.sendFile(path.relative(WEB_DIST, file));
    }
    return sendIndex(request, reply);
  });
}
