import { z } from 'zod';
import { invalidInputBody } from './error-bodies.js';
import { json, type SimResponse } from './sim-response.js';

/** The request bodies the contact endpoints take, as zod schemas; anything else is HubSpot's 400 "invalid input". */

// HubSpot takes numbers and booleans and stores them as text; null clears like "".
const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? '' : String(v)));
const propertyValues = z.record(z.string(), propertyValue);
const objectId = z.union([z.string().min(1), z.number()]).transform(String);

export const createBodySchema = z.object({
  properties: propertyValues,
  associations: z.array(z.unknown()).optional(),
  /** Any unique string; with one on every input, `batch/create` answers each input on its own (207). */
  objectWriteTraceId: z.string().min(1).optional(),
});
export const mergeBodySchema = z.object({ primaryObjectId: objectId, objectIdToMerge: objectId });
export const gdprDeleteBodySchema = z.object({ objectId, idProperty: z.string().optional() });
export const propertyBatchReadBodySchema = z.object({ archived: z.boolean().optional(), inputs: z.array(z.object({ name: z.string().min(1) })) });
export const updateBodySchema = z.object({ properties: propertyValues });

export const batchReadBodySchema = z.object({
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
  archived: z.boolean().optional(),
  inputs: z.array(z.object({ id: objectId })),
});

export const batchCreateBodySchema = z.object({ inputs: z.array(createBodySchema) });

export const batchUpdateBodySchema = z.object({
  inputs: z.array(z.object({ id: objectId, idProperty: z.string().optional(), properties: propertyValues, objectWriteTraceId: z.string().optional() })),
});

export const SEARCH_OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(SEARCH_OPERATORS, { message: `the simulator supports the operators ${SEARCH_OPERATORS.join(', ')}` }),
  value: scalar.optional(),
  values: z.array(scalar).optional(),
});
export type SearchFilter = z.output<typeof filterSchema>;

export const searchBodySchema = z.object({
  // HubSpot's limits: 5 groups, 6 filters in each.
  filterGroups: z.array(z.object({ filters: z.array(filterSchema).max(6) })).max(5).default([]),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(0).max(200).default(10),
  after: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).transform(Number).optional(),
  sorts: z.array(z.unknown()).optional(),
  query: z.string().optional(),
});

/** Parses a body with a schema, or answers HubSpot's 400 naming what is wrong. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { ok: true; value: z.output<S> } | { ok: false; response: SimResponse } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return { ok: false, response: json(400, invalidInputBody(detail)) };
}
