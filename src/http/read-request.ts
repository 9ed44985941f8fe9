import { z } from 'zod';
import { RequestError } from '../errors.js';
import { formatIssues } from './format-issues.js';
import { contactIdSchema, emailSchema, type RequestIdentity, toRequestIdentity } from '../identity.js';

const readQuerySchema = z.object({ email: emailSchema, contactId: contactIdSchema });

/**
 * Validates the query of `GET /progress/read` (`?email=…` or `?contactId=…`). Undefined when no learner is named.
 * Throws {@link RequestError} `SCHEMA_VALIDATION_FAILED` for a malformed email or id.
 */
export function parseReadRequest(query: Record<string, string | undefined> | undefined): RequestIdentity | undefined {
  const parsed = readQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', 'Invalid query', formatIssues(parsed.error.issues));
  }
  return toRequestIdentity(parsed.data.email, parsed.data.contactId);
}
