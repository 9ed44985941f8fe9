import type { z } from 'zod';

/** zod issues as the API's `details`: `"<path>: <message>"`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
}
