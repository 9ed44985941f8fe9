import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RequestError } from '../../errors.js';
import { describeCertificate } from '../../tracking/certificates.js';
import { looksLikeCertificateId, verifyCertificateId } from '../../tracking/certificate-id.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';

export const CERTIFICATE_PATH_PREFIX = '/certificate/';

/**
 * `GET /certificate/{id}`: public verification, no sign-in and no HubSpot call. The id carries what it certifies and
 * a MAC under `CERTIFICATE_SECRET`: one that verifies answers `{certId, entityType, entitySlug, entityTitle,
 * issuedAt}` (no learner data); a forged or altered one is 404, a malformed one 400. Without a secret nothing verifies
 * (404 `CERTIFICATES_DISABLED`).
 */
export async function certificateRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const path = event.rawPath ?? event.requestContext.http.path;
  const raw = event.pathParameters?.['certId'] ?? event.pathParameters?.['id'] ?? path.slice(path.lastIndexOf('/') + 1);
  const id = safeDecode(raw);
  const secret = deps.config.certificateSecret;
  if (secret === undefined) {
    context.logger.warn('Certificate verification asked, but CERTIFICATE_SECRET is not set');
    throw new RequestError(404, 'CERTIFICATES_DISABLED', 'Certificate not found', ['certificates are not enabled on this service']);
  }
  if (!looksLikeCertificateId(id)) throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', 'Invalid certId format', ['certId: not a certificate id']);
  const verified = verifyCertificateId(secret, id);
  if (verified === undefined) {
    context.logger.info('Certificate did not verify');
    throw new RequestError(404, 'NOT_FOUND', 'Certificate not found', []);
  }
  return jsonResponse(200, describeCertificate(id, verified, context.catalog));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
