/**
 * Reading which properties a 400 refused, and why. HubSpot lists them as JSON inside the message:
 * `Property values were not valid: [{"isValid":false,"message":"…","error":"INVALID_DATE","name":"x"}]`; the
 * structured `errors[]` form (`code`, `context.propertyName`) is read too. The HubSpot adapter reads its answers with
 * it, and the adaptive writes read a refusal's message with it when the error carries no names.
 */

/**
 * Names of the properties `body` (an answer's parsed JSON, or a message) refuses with `code`.
 * @example propertiesRefusedWith('Property values were not valid: [{"error":"INVALID_DATE","name":"x"}]', 'INVALID_DATE') // ['x']
 */
export function propertiesRefusedWith(body: unknown, code: string): string[] {
  const names = new Set<string>();
  const message = typeof body === 'string' ? body : isRecord(body) && typeof body['message'] === 'string' ? body['message'] : '';
  for (const item of listInMessage(message)) {
    if (isRecord(item) && item['error'] === code && typeof item['name'] === 'string') names.add(item['name']);
  }
  const errors = isRecord(body) && Array.isArray(body['errors']) ? body['errors'] : [];
  for (const detail of errors) {
    if (!isRecord(detail) || detail['code'] !== code || !isRecord(detail['context'])) continue;
    const propertyNames = detail['context']['propertyName'];
    if (Array.isArray(propertyNames)) propertyNames.filter((n) => typeof n === 'string').forEach((n) => names.add(n));
  }
  return [...names];
}

function listInMessage(message: string): unknown[] {
  const start = message.indexOf('[');
  const end = message.lastIndexOf(']');
  if (start < 0 || end <= start) return [];
  try {
    const parsed: unknown = JSON.parse(message.slice(start, end + 1));
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
