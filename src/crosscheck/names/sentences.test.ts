/**
 * Each event kind states its rule once (issue 13): one sentence per kind, written in the engine
 * next to the function that emits that kind, and no second hand-written copy anywhere else in
 * src/ (the explanation view reads the engine's sentences; it writes none of its own). Every event
 * the corpus and the lessons produce reads as a finished sentence.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SENTENCES, eventSentence } from '../../engine';
import { proseOf, sentenceSources, sourceFiles } from './sentence-source';
import { corpusAndLessonEvents } from './runs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sources = sentenceSources(root);
const kinds = Object.keys(SENTENCES);

describe('one sentence per event kind, beside the function that emits it', () => {
  it('every kind has exactly one sentence, declared in src/engine/', () => {
    expect(kinds.length).toBeGreaterThan(25);
    for (const k of kinds) {
      const at = sources.filter((s) => s.kind === k).map((s) => s.file);
      expect(at, k).toHaveLength(1);
      expect(at[0], k).toMatch(/^src\/engine\//);
    }
    expect(sources.filter((s) => !kinds.includes(s.kind))).toEqual([]);
  });

  it("each sentence sits in a file that emits its kind (a note's text is written at each emit)", () => {
    for (const s of sources) {
      if (s.kind === 'note') continue;
      const text = readFileSync(join(root, s.file), 'utf8');
      expect(text.includes(`kind: '${s.kind}'`), `${s.kind} in ${s.file}`).toBe(true);
    }
  });

  it('no sentence is written a second time anywhere else in src/', () => {
    const files = sourceFiles(join(root, 'src')).map((f) => ({
      file: relative(root, f),
      text: readFileSync(f, 'utf8'),
    }));
    let fragments = 0;
    for (const s of sources) {
      for (const p of proseOf(s.text)) {
        fragments++;
        const copies = files.filter((f) => f.file !== s.file && f.text.includes(p));
        expect(
          copies.map((f) => f.file),
          `"${p}" (${s.kind})`,
        ).toEqual([]);
      }
    }
    expect(fragments).toBeGreaterThan(kinds.length);
  });

  it('the explanation view reads the sentences from the engine and writes none itself', () => {
    const explain = readFileSync(join(root, 'src/store/selectors/explain.ts'), 'utf8');
    expect(explain).toMatch(/eventSentence as engineSentence/);
    expect(explain).not.toMatch(/case '\w+':/);
  });
});

describe('every event of the corpus and the lessons reads as a sentence', () => {
  const { events } = corpusAndLessonEvents(root);
  it(`${events.length} events`, () => {
    expect(events.length).toBeGreaterThan(1000);
    const seen = new Set<string>();
    for (const { e, where } of events) {
      seen.add(e.kind);
      const text = eventSentence(e, (a) => `0x${a.toString(16)}`);
      expect(text, where).toMatch(/^\S.*[.:]$|^\S/);
      expect(text, where).not.toMatch(/undefined|NaN|\[object/);
    }
    // The corpus and lessons reach most kinds; the rest are checked by the compiler alone.
    expect(seen.size).toBeGreaterThan(25);
  });
});
