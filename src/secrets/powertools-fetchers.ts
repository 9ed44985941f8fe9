import type { SecretFetchers } from './secret-source.js';

/**
 * The real secret stores, through Powertools for AWS Lambda's Parameters utility (its cache honours `maxAge`). The
 * providers, and the AWS SDK clients under them, are loaded on the first read only, so a function with no secret
 * reference pays nothing at cold start. The SDK finds its endpoint the usual way (`AWS_ENDPOINT_URL_SSM`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` or AWS's), which is how the deploy tests point it at a loopback server.
 */
export function createPowertoolsFetchers(): SecretFetchers {
  let ssm: Promise<import('@aws-lambda-powertools/parameters/ssm').SSMProvider> | undefined;
  let secrets: Promise<import('@aws-lambda-powertools/parameters/secrets').SecretsProvider> | undefined;
  return {
    async ssmParameter(name, maxAgeSeconds) {
      ssm ??= import('@aws-lambda-powertools/parameters/ssm').then((m) => new m.SSMProvider());
      const value = await (await ssm).get(name, { decrypt: true, maxAge: maxAgeSeconds });
      return typeof value === 'string' ? value : undefined;
    },
    async secretsManager(id, maxAgeSeconds) {
      secrets ??= import('@aws-lambda-powertools/parameters/secrets').then((m) => new m.SecretsProvider());
      const value = await (await secrets).get(id, { maxAge: maxAgeSeconds });
      return typeof value === 'string' ? value : undefined;
    },
  };
}
