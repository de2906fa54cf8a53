/**
 * Format migrations as data (design habit 11): MIGRATIONS[N] turns a version-N document into a
 * version-(N+1) one. Version 1 is the only version so far, so the table is empty; the first
 * change of meaning adds an entry here and a fixtures/vN/ directory, and nothing else moves.
 */
import { FORMAT_VERSION, ScenarioError } from './types';

type Json = Record<string, unknown>;
export type Migration = (doc: Json) => Json;

export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Brings a document of any version this faultline has written up to FORMAT_VERSION. Refuses a
 * newer or malformed version with one message; a current document is returned as is.
 */
export function migrate(json: unknown): Json {
  if (!isObject(json)) throw new ScenarioError('', 'a scenario is a JSON object');
  const version = json.faultline;
  if (version === undefined) {
    throw new ScenarioError('faultline', 'missing: a scenario starts with "faultline": 1');
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ScenarioError(
      'faultline',
      `expected the format version, a positive integer, got ${JSON.stringify(version)}`,
    );
  }
  if (version > FORMAT_VERSION) {
    throw new ScenarioError(
      'faultline',
      `this scenario was written by a newer faultline (format ${version}); this one reads up to ${FORMAT_VERSION}`,
    );
  }
  let doc = json;
  for (let v = version; v < FORMAT_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new ScenarioError('faultline', `no migration from format ${v} to ${v + 1}`);
    doc = { ...step(doc), faultline: v + 1 };
  }
  return doc;
}
