import { definitionOf, PROPERTY_DEFINITIONS, PROPERTY_GROUPS } from '../properties/property-definitions.js';
import { CREDENTIAL, EXIT_CODES, REQUIRED_SCOPES, TOKEN_VARIABLE, type ExitCode } from './constants.js';
import { PropertyApiError } from './errors.js';
import { formatResult, formatSummary, formatVerdict } from './format-result.js';
import {
  planGroup,
  planProperty,
  planProvisioning,
  type Definitions,
  type PlanItem,
  type PortalSnapshot,
  type PropertyPlan,
} from './plan-properties.js';
import type { PropertyApi } from './property-api.js';
import type { ItemResult, Outcome, ProvisionMode, RemoteGroup, RemoteProperty } from './types.js';

/** Exactly the groups and properties of src/properties/property-definitions.ts. */
const DEFINITIONS: Definitions = { groups: Object.values(PROPERTY_GROUPS), properties: PROPERTY_DEFINITIONS };

export interface ProvisionOptions {
  readonly api: PropertyApi;
  readonly mode: ProvisionMode;
  /** Receives every line of the report. */
  readonly write: (line: string) => void;
  /** Receives the one line of a failure; `write` when not given. */
  readonly writeError?: (line: string) => void;
  /** The variable the token came from, named in a 401 or 403 line (`HUBSPOT_ACCESS_TOKEN` by default). */
  readonly tokenVariable?: string;
}

export interface ProvisionOutcome {
  /** 0: done (or check passed); 1: check found something, a property differs in a way the service cannot rely on,
   * or a HubSpot call failed; 2: the token is missing, rejected (401) or lacks scopes (403). */
  readonly exitCode: ExitCode;
  /** One per group and property reached before the end (all of them, unless a call failed). */
  readonly results: readonly ItemResult[];
}

/**
 * Brings HubSpot's contact property groups and properties in line with src/properties/property-definitions.ts.
 * 1. Reads every group and property (GET; 404 means missing). `dry-run` and `check` make no other call.
 * 2. Plans each one: create, update, unchanged, or differs (a `type` is never converted).
 * 3. `apply` creates the groups, then the properties, and patches what differs; each gets its line when done.
 * 4. Writes a summary and a verdict, and returns the exit code. A failed call ends the run with one line.
 * @example const { exitCode } = await provision({ api, mode: 'check', write: console.log });
 */
export async function provision(options: ProvisionOptions): Promise<ProvisionOutcome> {
  const { api, mode, write } = options;
  const writeError = options.writeError ?? write;
  const results: ItemResult[] = [];
  try {
    const portal = await readPortal(api);
    for (const item of planProvisioning(DEFINITIONS, portal)) {
      const result = mode === 'apply' ? await applyItem(api, item) : previewItem(item);
      results.push(result);
      write(formatResult(result));
    }
  } catch (error) {
    const failure = describeFailure(error, options.tokenVariable);
    writeError(failure.line);
    return { exitCode: failure.exitCode, results };
  }
  write(formatSummary(results, mode));
  write(formatVerdict(results, mode));
  return { exitCode: exitCodeOf(results, mode), results };
}

/** One GET per group and property, one after the other: a 401 stops the run at the first call. */
async function readPortal(api: PropertyApi): Promise<PortalSnapshot> {
  const groups = new Map<string, RemoteGroup>();
  const properties = new Map<string, RemoteProperty>();
  for (const { name } of DEFINITIONS.groups) {
    const group = await api.readGroup(name);
    if (group !== undefined) groups.set(name, group);
  }
  for (const { name } of DEFINITIONS.properties) {
    const property = await api.readProperty(name);
    if (property !== undefined) properties.set(name, property);
  }
  return { groups, properties };
}

function previewItem(item: PlanItem): ItemResult {
  switch (item.action) {
    case 'create':
      return resultOf(item, 'would create');
    case 'update':
      return resultOf(item, 'would update', item.differences.join('; '));
    case 'unchanged':
      return resultOf(item, 'unchanged');
    case 'differs':
      return differsResult(item, 'would also update', false);
  }
}

async function applyItem(api: PropertyApi, item: PlanItem): Promise<ItemResult> {
  switch (item.action) {
    case 'create': {
      const outcome = item.kind === 'group' ? await api.createGroup(item.body) : await api.createProperty(item.body);
      return outcome === 'created' ? resultOf(item, 'created', '', true) : applyAfterConflict(api, item);
    }
    case 'update':
      if (item.kind === 'group') await api.updateGroup(item.name, item.body);
      else await api.updateProperty(item.name, item.body);
      return resultOf(item, 'updated', item.differences.join('; '), true);
    case 'unchanged':
      return resultOf(item, 'unchanged');
    case 'differs':
      if (item.body !== undefined) await api.updateProperty(item.name, item.body);
      return differsResult(item, 'also updated', item.body !== undefined);
  }
}

/**
 * A create answered 409 although the read answered 404: someone created it meanwhile (read it again and carry on),
 * or it is archived, which a read does not see.
 */
async function applyAfterConflict(api: PropertyApi, item: PlanItem): Promise<ItemResult> {
  const replanned =
    item.kind === 'group' ? await replanGroup(api, item.name) : await replanProperty(api, item.name);
  if (replanned === undefined || replanned.action === 'create') {
    return {
      ...resultOf(item, 'differs'),
      blocking: true,
      detail:
        'HubSpot answers 409 (exists) to a create but 404 to a read: it is probably archived; restore it in ' +
        'HubSpot (Settings › Properties › Archived properties) and run this again',
    };
  }
  return applyItem(api, replanned);
}

async function replanGroup(api: PropertyApi, name: string): Promise<PlanItem | undefined> {
  const definition = DEFINITIONS.groups.find((g) => g.name === name);
  return definition === undefined ? undefined : planGroup(definition, await api.readGroup(name));
}

async function replanProperty(api: PropertyApi, name: string): Promise<PlanItem | undefined> {
  const definition = definitionOf(name);
  return definition === undefined ? undefined : planProperty(definition, await api.readProperty(name));
}

function differsResult(
  item: Extract<PropertyPlan, { action: 'differs' }>,
  alsoVerb: 'also updated' | 'would also update',
  wrote: boolean,
): ItemResult {
  const { actual, expected, consequence, tolerated } = item.typeMismatch;
  const also = item.differences.length > 0 ? ` (${alsoVerb}: ${item.differences.join('; ')})` : '';
  return {
    ...resultOf(item, 'differs', `type is ${actual}, expected ${expected} — ${consequence}${also}`, wrote),
    blocking: !tolerated,
  };
}

function resultOf(item: PlanItem, outcome: Outcome, detail = '', wrote = false): ItemResult {
  return { kind: item.kind, name: item.name, outcome, detail, blocking: false, wrote };
}

function exitCodeOf(results: readonly ItemResult[], mode: ProvisionMode): ExitCode {
  if (mode === 'check') return results.every((r) => r.outcome === 'unchanged') ? EXIT_CODES.ok : EXIT_CODES.failed;
  if (mode === 'apply' && results.some((r) => r.blocking)) return EXIT_CODES.failed;
  return EXIT_CODES.ok;
}

/** One line for a failure; 401 and 403 are the setup's to fix (exit 2), anything else is exit 1. Never a stack. */
export function describeFailure(error: unknown, tokenVariable: string = TOKEN_VARIABLE): { line: string; exitCode: ExitCode } {
  const scopes = REQUIRED_SCOPES.join(', ');
  if (error instanceof PropertyApiError && error.status === 401) {
    return {
      exitCode: EXIT_CODES.setup,
      line: `HubSpot rejected ${tokenVariable} (401): the ${CREDENTIAL} is invalid, revoked or rotated; use one with the scopes ${scopes}`,
    };
  }
  if (error instanceof PropertyApiError && error.status === 403) {
    return {
      exitCode: EXIT_CODES.setup,
      line: `HubSpot refused access (403): the ${CREDENTIAL} in ${tokenVariable} needs the scopes ${scopes}`,
    };
  }
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  // A PropertyApiError's message starts with what was being done: "Failed creating property …".
  return { exitCode: EXIT_CODES.failed, line: error instanceof PropertyApiError ? `Failed ${message}` : `Failed: ${message}` };
}
