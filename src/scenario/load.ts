/**
 * Loading a scenario from a file or the editor: JSON or text, then migrate and validate, with
 * errors that name where (a JSON path, and for text the line and column too).
 */
import { ScenarioError, type ScenarioDocument } from './types';
import { validateDocument } from './validate';
import { parseTextWithPositions } from './text-parse';

export type SourceKind = 'json' | 'text';

/** By extension when there is one (.json, .fl/.txt), else `{` as the first non-space character. */
export function detectKind(source: string, filename?: string): SourceKind {
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'fl' || ext === 'txt' || ext === 'faultline') return 'text';
  return source.trimStart().startsWith('{') ? 'json' : 'text';
}

export function loadScenario(source: string, filename?: string): ScenarioDocument {
  if (detectKind(source, filename) === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch (err) {
      throw new ScenarioError('', `not valid JSON: ${(err as Error).message}`);
    }
    return validateDocument(json);
  }
  const { doc, positions } = parseTextWithPositions(source);
  try {
    return validateDocument(doc);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw new ScenarioError(textPlace(err.where, positions), err.message);
  }
}

/** The line:column of the longest path prefix the parser recorded (`steps[3].length`, then `steps[3]`). */
function textPlace(
  where: string,
  positions: Record<string, { line: number; col: number }>,
): string {
  for (let w = where; w !== ''; w = w.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const p = positions[w];
    if (p) return `${p.line}:${p.col}`;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(w)) break;
  }
  return '1:1';
}
