import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RequestError } from '../errors.js';
import { noMetrics } from '../observability/metrics.js';
import type { AppDependencies, RequestContext } from './app-dependencies.js';
import { createAppServices } from './app-services.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { asRequestError, errorResponse, methodNotAllowedResponse, notFoundResponse } from './error-response.js';
import { type HttpResponse, jsonResponse } from './json-response.js';
import { aggregateRoute } from './routes/aggregate-route.js';
import { callbackRoute, loginRoute, logoutRoute, meRoute, signupRoute } from './routes/auth-routes.js';
import { enrollmentsRoute } from './routes/enrollments-route.js';
import { readRoute } from './routes/read-route.js';
import { trackRoute } from './routes/track-route.js';
import { certificateRoute, CERTIFICATE_PATH_PREFIX } from './routes/certificate-route.js';
import { certificatesRoute } from './routes/certificates-route.js';
import { courseStatusRoute } from './routes/course-status-route.js';
import { moduleProgressRoute } from './routes/module-progress-route.js';
import { pathwayStatusRoute } from './routes/pathway-status-route.js';

type Route = (deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext) => Promise<HttpResponse>;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/events/track': { POST: trackRoute },
  '/progress/read': { GET: readRoute },
  '/progress/aggregate': { GET: aggregateRoute },
  '/enrollments/list': { GET: enrollmentsRoute },
  '/auth/login': { GET: loginRoute },
  '/auth/signup': { GET: signupRoute },
  '/auth/callback': { GET: callbackRoute },
  '/auth/me': { GET: meRoute },
  '/auth/logout': { GET: logoutRoute, POST: logoutRoute },
  '/api/health': { GET: async (deps) => jsonResponse(200, { status: 'healthy', timestamp: deps.clock().toISOString() }) },
  // The read routes hh-learn's pages call.
  '/course/status': { GET: courseStatusRoute },
  '/pathway/status': { GET: pathwayStatusRoute },
  '/module/progress': { GET: moduleProgressRoute },
  '/certificates': { GET: certificatesRoute },
};

/** On every answer: a browser must never guess another type than the one declared (a JSON body is never a script). */
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff' } as const;
/** `GET /certificate/{id}`: the one route with a path parameter. */
const PREFIX_ROUTES: readonly (readonly [string, Partial<Record<string, Route>>])[] = [[CERTIFICATE_PATH_PREFIX, { GET: certificateRoute }]];

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

/**
 * The one HTTP handler (API Gateway HTTP API, payload v2) for every route.
 * @example const handler = createApp({ config, catalog, store, clock: () => new Date(), logger, propertyTypes });
 */
export function createApp(deps: AppDependencies): HttpHandler {
  const services = createAppServices(deps);
  const origins = services.origins;

  return async function handleHttp(event) {
    const method = event.requestContext.http.method.toUpperCase();
    const path = normalisePath(event.rawPath ?? event.requestContext.http.path);
    const origin = event.headers?.origin;
    const logger = deps.logger.child({ requestId: event.requestContext.requestId, method, path });

    if (method === 'OPTIONS') {
      return { statusCode: 204, headers: { 'Content-Type': 'application/json', ...SECURITY_HEADERS, ...preflightHeaders(origin, origins) }, body: '' };
    }
    const metrics = deps.createMetrics?.() ?? noMetrics;
    const catalog = await services.catalogs.get();
    const response = await dispatch(deps, event, { logger, metrics, services, ...(catalog === undefined ? {} : { catalog }) }, method, path);
    metrics.flush();
    return { ...response, headers: { ...response.headers, ...SECURITY_HEADERS, ...corsHeaders(origin, origins) } };
  };
}

async function dispatch(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext, method: string, path: string) {
  const { logger } = context;
  const methods = ROUTES[path] ?? PREFIX_ROUTES.find(([prefix]) => path.startsWith(prefix) && path.length > prefix.length)?.[1];
  if (methods === undefined) return notFoundResponse();
  const route = methods[method];
  if (route === undefined) return methodNotAllowedResponse(method, [...Object.keys(methods), 'OPTIONS']);
  try {
    return await route(deps, event, context);
  } catch (thrown) {
    const error = asRequestError(thrown);
    if (error instanceof RequestError) {
      logger.warn('Validation failure', { code: error.code, details: error.details.slice(0, 20) });
    } else {
      logger.error('Unhandled error', { error });
    }
    return errorResponse(error);
  }
}

function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
