import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDocument } from './validate';
import { printText } from './text-print';
import { parseText } from './text-parse';
import { loadScenario } from './load';
import { serializeJson } from './serialize';
import { decodeScenarioLink, encodeScenarioLink } from './url';

/** Every version ever written: fixtures/v1/, fixtures/v2/, … each must load forever. */
const root = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(root)
  .filter((d) => /^v\d+$/.test(d))
  .flatMap((v) =>
    readdirSync(join(root, v))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ name: `${v}/${f}`, text: readFileSync(join(root, v, f), 'utf8') })),
  );

describe('fixtures', () => {
  it('exist for version 1', () => {
    expect(fixtures.filter((f) => f.name.startsWith('v1/')).length).toBeGreaterThanOrEqual(5);
  });
  for (const { name, text } of fixtures) {
    describe(name, () => {
      const json: unknown = JSON.parse(text);
      it('loads and validates unchanged', () => {
        expect(validateDocument(structuredClone(json))).toEqual(json);
        expect(loadScenario(text, name)).toEqual(json);
      });
      it('round-trips through the text form', () => {
        const doc = validateDocument(structuredClone(json));
        const printed = printText(doc);
        expect(parseText(printed)).toEqual(json);
        expect(loadScenario(printed)).toEqual(json);
        expect(printText(parseText(printed))).toBe(printed);
      });
      it('round-trips through JSON and a link', () => {
        const doc = validateDocument(structuredClone(json));
        expect(JSON.parse(serializeJson(doc))).toEqual(json);
        const link = encodeScenarioLink({ doc, semantics: 'f1-e1', cursor: 3 });
        const back = decodeScenarioLink(link, 'f1-e1');
        expect(back).toEqual({ ok: true, payload: { doc: json, semantics: 'f1-e1', cursor: 3 } });
      });
    });
  }
});
