import { describe, expect, it } from 'vitest';
import { ANON_PFN, P, REF_PFN, makeRun } from '../test-support/synthetic';
import {
  PAGE_KIND_MASK,
  PageKind,
  framesInUse,
  mappersOf,
  pagemapString,
  pteFlags,
  vmaPageCodes,
} from './pages';
import { addrNames, parseAddress, symbolize } from './symbols';
import { stepAtPath, stepText } from './step-text';
import { resultParts } from './result-text';
import { defaultLesson as defaultScenario } from '../../lessons/default';

describe('page selectors', () => {
  const run = makeRun();
  const s4 = run.states[4]!;
  it('derives the format pagemap string from the page table', () => {
    expect(pagemapString(s4, 'main', P, 8 * 4096)).toBe('r.x.....');
    expect(pagemapString(run.states[2]!, 'main', P, 2 * 4096)).toBe('..');
  });
  it('codes every page of a VMA and caches per (mm, frames)', () => {
    const vma = s4.procs.main!.mm.vmas[0]!;
    const codes = vmaPageCodes(s4, 'main', vma);
    expect(Array.from(codes).map((c) => c & PAGE_KIND_MASK)).toEqual([
      PageKind.refpage,
      0,
      PageKind.private,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(vmaPageCodes(s4, 'main', vma)).toBe(codes);
  });
  it('lists frames and who maps them', () => {
    expect(framesInUse(s4).map((f) => f.pfn)).toEqual([0, REF_PFN, ANON_PFN]);
    expect(mappersOf(s4, ANON_PFN)).toEqual([
      { proc: 'main', addr: P + 0x2000, pte: ANON_PFN * 256 + 3 },
    ]);
    expect(mappersOf(s4, 99)).toEqual([]);
  });
  it('names PTE flags', () => {
    expect(
      pteFlags(3)
        .filter((f) => f.on)
        .map((f) => f.name),
    ).toEqual(['present', 'write']);
  });
});

describe('symbols', () => {
  const names = addrNames({
    p: { kind: 'addr', value: 0x1000, seq: 1 },
    q: { kind: 'addr', value: 0x8000, seq: 2 },
    fd: { kind: 'fd', value: 3, proc: 'main' },
  });
  it('prints addresses relative to the nearest name at or below', () => {
    expect(symbolize(0x1000, names)).toBe('p');
    expect(symbolize(0x3000, names)).toBe('p+0x2000');
    expect(symbolize(0x9000, names)).toBe('q+0x1000');
    expect(symbolize(0x10, names)).toBe('0x10');
  });
  it('parses what a user types', () => {
    expect(parseAddress('p+0x2000', names, 4096)).toBe(0x3000);
    expect(parseAddress('p + 2*PAGE', names, 4096)).toBe(0x3000);
    expect(parseAddress('(q - p) / 2', names, 4096)).toBe(0x3800);
    expect(parseAddress('0x10', names, 4096)).toBe(0x10);
    expect(parseAddress('4K', names, 4096)).toBe(4096);
    expect(parseAddress('nope', names, 4096)).toBeNull();
    expect(parseAddress('p +', names, 4096)).toBeNull();
  });
});

describe('step text', () => {
  it('prints steps in the text form order', () => {
    expect(stepText(defaultScenario.steps[0]!)).toBe('rfd = refpage_create("aa", 1)');
    expect(stepText(defaultScenario.steps[1]!)).toBe(
      'p = mmap(NULL, 128K, PROT_READ|PROT_WRITE, MAP_PRIVATE, rfd, 0)',
    );
    expect(stepText({ do: 'store', addr: 'p', fill: 'aa', length: 'PAGE' })).toBe(
      'store(p, fill="aa", length=PAGE)',
    );
    const doc = {
      faultline: 1,
      steps: [
        { do: 'rss' as const },
        { do: 'repeat' as const, count: 2, steps: [{ do: 'load' as const, addr: 'p' }] },
      ],
    };
    expect(stepAtPath(doc, 'steps/1/steps/0')).toEqual({ do: 'load', addr: 'p' });
    expect(stepAtPath(doc, 'steps/9')).toBeNull();
  });
  it('summarises results', () => {
    expect(
      resultParts({
        seq: 1,
        path: 's',
        do: 'rss',
        proc: 'm',
        thread: 'm',
        events: [],
        rss: { anon: 1, file: 0, shmem: 0 },
      }),
    ).toEqual([{ label: 'rss', value: 'anon 1, file 0, shmem 0' }]);
  });
});
