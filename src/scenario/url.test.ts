import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  decodeScenarioLink,
  encodeScenarioLink,
  MAX_INFLATED_BYTES,
  type LinkPayload,
} from './url';
import { decodeBase64url, encodeBase64url } from './base64url';
import type { ScenarioDocument } from './types';

const doc: ScenarioDocument = {
  faultline: 1,
  title: 'link',
  steps: [
    { do: 'mmap', length: '4K', prot: 'PROT_READ', flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'p' },
    { do: 'load', addr: 'p' },
  ],
};
const link = (json: unknown): string =>
  `v1.${encodeBase64url(deflateSync(strToU8(typeof json === 'string' ? json : JSON.stringify(json))))}`;
const error = (fragment: string): string => {
  const r = decodeScenarioLink(fragment, 'f1-e1');
  if (r.ok) throw new Error('decoded');
  return r.error;
};

describe('base64url', () => {
  it('round-trips every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
        expect(decodeBase64url(encodeBase64url(b))).toEqual(b);
      }),
    );
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(() => decodeBase64url('a')).toThrow(/length/);
    expect(() => decodeBase64url('ab+c')).toThrow(/character at 3/);
  });
});

describe('the URL codec', () => {
  it('round-trips a payload', () => {
    const payload: LinkPayload = {
      doc,
      cursor: 5,
      selection: { page: 3 },
      panels: ['frames', 'timeline'],
      semantics: 'f1-e1',
    };
    const l = encodeScenarioLink(payload);
    expect(l.startsWith('v1.')).toBe(true);
    expect(l).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(decodeScenarioLink(l, 'f1-e1')).toEqual({ ok: true, payload });
    expect(decodeScenarioLink('#' + l, 'f1-e1')).toEqual({ ok: true, payload });
  });
  it('flags a link made under other semantics', () => {
    const l = encodeScenarioLink({ doc, semantics: 'f1-e0' });
    expect(decodeScenarioLink(l, 'f1-e1')).toEqual({
      ok: true,
      payload: { doc, semantics: 'f1-e0' },
      semanticsMismatch: { link: 'f1-e0', current: 'f1-e1' },
    });
  });
  it('decodes every link form ever shipped (fixtures/links)', () => {
    const shipped = readFileSync(
      join(import.meta.dirname, 'fixtures', 'links', 'v1.txt'),
      'utf8',
    ).trim();
    const r = decodeScenarioLink(shipped, 'f1-e1');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.payload.doc?.title).toBe('Pattern-initialised heap with a reference page');
  });
  it('carries the mode, the closed panels and the breakpoints (links since the classroom mode)', () => {
    const payload: LinkPayload = {
      doc,
      cursor: 2,
      panels: ['editor'],
      hidden: ['results', 'walk'],
      mode: 'classroom',
      breakpoints: [{ kind: 'event', on: 'cow' }],
      semantics: 'f1-e1',
    };
    expect(decodeScenarioLink(encodeScenarioLink(payload), 'f1-e1')).toEqual({ ok: true, payload });
    const shipped = readFileSync(
      join(import.meta.dirname, 'fixtures', 'links', 'v1-classroom.txt'),
      'utf8',
    ).trim();
    const r = decodeScenarioLink(shipped, 'f1-e1');
    expect(r.ok && r.payload.mode).toBe('classroom');
    expect(r.ok && r.payload.breakpoints).toEqual([
      { kind: 'event', on: 'cow' },
      { kind: 'range', proc: 'main', start: 140737354125312, end: 140737354129408, label: 'p' },
    ]);
    expect(error(link({ doc, semantics: 'x', mode: 7 }))).toBe(
      'link.mode: expected a mode name such as "classroom"',
    );
    expect(error(link({ doc, semantics: 'x', hidden: [1] }))).toBe(
      'link.hidden: expected a short list of panel names',
    );
    expect(error(link({ doc, semantics: 'x', breakpoints: new Array(300).fill(0) }))).toBe(
      'link.breakpoints: expected a list of at most 256 breakpoints',
    );
  });
  it('migrates and validates what it decodes', () => {
    expect(error(link({ doc: { faultline: 2, steps: [] }, semantics: 'f1-e1' }))).toBe(
      'link.doc.faultline: this scenario was written by a newer faultline (format 2); this one reads up to 1',
    );
    expect(
      error(link({ doc: { faultline: 1, steps: [{ do: 'nope' }] }, semantics: 'f1-e1' })),
    ).toMatch(/^link\.doc\.steps\[0\]\.do: unknown call "nope"/);
  });
});

describe('hostile links give one error, never a throw', () => {
  it('unknown prefix', () =>
    expect(error('v9.AAAA')).toMatch(
      /^not a faultline link \(unknown codec "v9"; this version reads v1\)/,
    ));
  it('no prefix', () => expect(error('hello')).toMatch(/unknown codec ""/));
  it('bad base64', () =>
    expect(error('v1.ab$c')).toMatch(/^the link is damaged: bad base64url character/));
  it('not deflate', () =>
    expect(error('v1.' + encodeBase64url(strToU8('plain text, not deflate')))).toMatch(
      /^the link is damaged/,
    ));
  it('truncated deflate', () =>
    expect(error(link({ doc, semantics: 'x' }).slice(0, 20))).toMatch(/^the link is damaged/));
  it('a zip bomb', () => {
    const bomb = 'v1.' + encodeBase64url(deflateSync(new Uint8Array(16 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(50_000);
    expect(error(bomb)).toBe(
      `the link is damaged: the link inflates to more than ${MAX_INFLATED_BYTES} bytes`,
    );
  });
  it('wrong JSON', () => expect(error(link('{"doc": '))).toMatch(/^the link is damaged: .*JSON/));
  it('JSON that is not a payload', () => {
    expect(error(link([1, 2]))).toBe('link: the link does not hold a scenario');
    expect(error(link({ doc }))).toBe('link.semantics: missing or not a version string');
    expect(error(link({ doc, semantics: 'x', cursor: -1 }))).toBe(
      'link.cursor: expected a non-negative integer',
    );
    expect(error(link({ doc, semantics: 'x', panels: 'all' }))).toBe(
      'link.panels: expected a short list of panel names',
    );
  });
  it('deep nesting', () => {
    expect(error(link('['.repeat(200_000) + ']'.repeat(200_000)))).toMatch(
      /^(the link is damaged|link: the link does not hold)/,
    );
    let sel: unknown = 0;
    for (let i = 0; i < 100; i++) sel = { a: sel };
    expect(error(link({ doc, semantics: 'x', selection: sel }))).toBe(
      'link.selection: nested deeper than 32 levels',
    );
  });
  it('an over-long link', () =>
    expect(error('v1.' + 'A'.repeat(2 * 1024 * 1024))).toMatch(/longer than/));
  it('random input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => 'v1.' + s),
          fc.uint8Array().map((b) => 'v1.' + encodeBase64url(b)),
        ),
        (s) => {
          const r = decodeScenarioLink(s);
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 500, seed: 1 },
    );
    expect(decodeScenarioLink(undefined as unknown as string)).toEqual({
      ok: false,
      error: 'the link is not text',
    });
  });
});
