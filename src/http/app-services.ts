import { staticCatalogSource } from '../catalog/catalog-source.js';
import { createLegacyTokenReader } from '../auth/legacy-token.js';
import { createOidcRelyingParty } from '../auth/oidc-client.js';
import { createSealedValues } from '../auth/sealed-value.js';
import { createTokenVerifier } from '../auth/token-verifier.js';
import type { AppDependencies, AppServices } from './app-dependencies.js';
import { createOriginPolicy } from './cors.js';
import { createLearnerRateLimiter } from './learner-rate-limit.js';

/** Builds, once per app, what the routes share: the catalog, the origin policy, the write cap, the sign-in mode's parts. */
export function createAppServices(deps: AppDependencies): AppServices {
  const { auth } = deps.config;
  const services: AppServices = {
    catalogs: 'get' in deps.catalog ? deps.catalog : staticCatalogSource(deps.catalog),
    origins: createOriginPolicy(deps.config.corsAllowedOrigins),
    rateLimiter: createLearnerRateLimiter({ perMinute: deps.config.learnerWritesPerMinute, clock: deps.clock }),
  };
  if (auth.mode === 'jwt') services.verifyToken = deps.verifyToken ?? createTokenVerifier(auth);
  if (auth.mode === 'oidc' && auth.oidc !== undefined && auth.session.secret !== undefined) {
    const relyingParty = deps.relyingParty ?? createOidcRelyingParty(auth.oidc);
    services.relyingParty = relyingParty;
    services.sessions = createSealedValues(auth.session.secret, 'session', deps.clock);
    services.logins = createSealedValues(auth.session.secret, 'login', deps.clock);
    services.legacyTokens = createLegacyTokenReader(relyingParty, { clientId: auth.oidc.clientId, clock: deps.clock });
  }
  return services;
}
