import { z } from 'zod';
import list from './secret-settings.json' with { type: 'json' };

/**
 * The settings that are secrets. One line each in `secret-settings.json`, which three places read:
 * - the Lambdas at cold start ({@link createSecretSource}): a plain value in the environment wins (local runs, tests);
 *   otherwise `<NAME>_SSM_PARAMETER` (an SSM SecureString) or `<NAME>_SECRET_ID` (a Secrets Manager secret) is read;
 * - the package step (`deploy/settings.cjs`): each function gets the reference of the secrets it uses, never a value,
 *   and IAM read rights on exactly those parameters or secrets;
 * - the stage check (`deploy/stage-check.cjs`), which refuses a plain secret value in the deploy environment.
 *
 * To add one, add a line: `name` is the variable `src/config.ts` reads, `aliases` are older names it still accepts
 * (the value is handed to the service under every one of them), `functions` are the Lambdas that use it.
 */
export const FUNCTION_NAMES = ['api', 'queueConsumer'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

const settingSchema = z.object({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  aliases: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)),
  functions: z.array(z.enum(FUNCTION_NAMES)).min(1),
});

export type SecretSetting = Readonly<z.infer<typeof settingSchema>>;

export const SECRET_SETTINGS: readonly SecretSetting[] = Object.freeze(z.array(settingSchema).parse(list).map((s) => Object.freeze(s)));

/** The deploy-time variable naming the SSM parameter of a secret, e.g. `HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER`. */
export const ssmParameterVariable = (name: string): string => `${name}_SSM_PARAMETER`;

/** The deploy-time variable naming the Secrets Manager secret of a secret, e.g. `HUBSPOT_ACCESS_TOKEN_SECRET_ID`. */
export const secretIdVariable = (name: string): string => `${name}_SECRET_ID`;
