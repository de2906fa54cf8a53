/**
 * The golden-trace machinery (trace.ts, golden.ts): how a run is spelled for review, and what a
 * mismatch leaves behind. The lessons' own goldens are checked in lessons.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../scenario/types';
import { changedPath, checkGolden, diffGolden, goldenPath, goldenText, runGolden } from './golden';

const doc: ScenarioDocument = {
  faultline: 1,
  steps: [
    // Unnamed, so mapped first, at the highest address (mmap grows down): below no name.
    {
      do: 'mmap',
      length: 'PAGE',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
    },
    {
      do: 'mmap',
      length: '2*PAGE',
      prot: 'PROT_READ|PROT_WRITE',
      flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
      as: 'p',
    },
    { do: 'store', addr: 'p + PAGE', bytes: '11' },
    { do: 'fork', as: 'child' },
    { do: 'store', proc: 'child', addr: 'p + PAGE + 8', bytes: '22' },
  ],
};

describe('a golden trace', () => {
  const out = runGolden(doc);
  const lines = goldenText(out).trimEnd().split('\n');

  it('is one record a line, each followed by its events one a line, indented', () => {
    const records = lines.filter((l) => l.startsWith('{"seq"'));
    expect(records).toHaveLength(out.records.length);
    const events = lines.filter((l) => l.startsWith('  {'));
    expect(events).toHaveLength(out.records.reduce((n, r) => n + r.events.length, 0));
    expect(lines.at(-1)).toMatch(/^\{"summary":\{"error":null,"failures":\[\],"stats":/);
    // Every line is JSON on its own, and a record line leaves its events to the lines below.
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(lines.some((l) => l.includes('"events"'))).toBe(false);
    expect(lines[2]).toBe(
      '{"seq":2,"path":"steps/1","proc":"main","thread":"main","do":"mmap","ret":"p","errno":null}',
    );
  });

  it('names addresses as the scenario does, and leaves pfns as numbers', () => {
    const text = lines.join('\n');
    expect(text).toContain(
      '{"kind":"vma_changed","fn":"mmap_region","start":"p","end":"p+0x2000","change":"created"',
    );
    expect(text).toContain('{"kind":"fault","fn":"do_user_addr_fault","addr":"p+0x1000","vma":"p"');
    // The child's copy-on-write: the address is named, the frames are pfns.
    expect(text).toMatch(
      /\{"kind":"cow_copied","fn":"wp_page_copy","addr":"p\+0x1000","from":1,"mapcount":2,"method":"copy","refcount":2,"to":2,"why":"shared",/,
    );
    // Below every name: hex, never decimal.
    expect(lines[1]).toMatch(/"start":"0x7f[0-9a-f]+","end":"0x7f[0-9a-f]+"/);
    expect(text).not.toMatch(/:1\d{13}\b/);
  });

  it('needs the run’s states to name addresses', () => {
    expect(() => goldenText({ ...out, states: [] })).toThrow(/keepStates/);
  });
});

describe('checking a golden', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const setUp = () => {
    dir = mkdtempSync(path.join(tmpdir(), 'faultline-golden-'));
    return goldenPath('demo', dir);
  };

  it('writes the run beside a golden it does not match, and says where', () => {
    const file = setUp();
    writeFileSync(file, 'a\nb\nc\n');
    const problem = checkGolden(file, 'a\nB\nc\nd\n');
    const changed = changedPath(file);
    expect(changed).toBe(path.join(dir, 'demo-changed.jsonl'));
    expect(readFileSync(changed, 'utf8')).toBe('a\nB\nc\nd\n');
    expect(problem).toContain(`this run's trace is in ${path.relative(process.cwd(), changed)}`);
    expect(problem).toContain('2 line(s) differ (golden 3 lines, run 4); first at line 2');
    expect(problem).toContain('npm run golden:update');
    expect(readFileSync(file, 'utf8')).toBe('a\nb\nc\n');
  });

  it('writes the run when the golden is missing', () => {
    const file = setUp();
    expect(checkGolden(file, 'a\n')).toMatch(
      /demo\.jsonl is missing; this run's trace is in .*demo-changed\.jsonl/,
    );
    expect(readFileSync(changedPath(file), 'utf8')).toBe('a\n');
  });

  it('removes the -changed file of an earlier mismatch once the run matches', () => {
    const file = setUp();
    writeFileSync(file, 'a\n');
    expect(checkGolden(file, 'b\n')).not.toBeNull();
    expect(existsSync(changedPath(file))).toBe(true);
    expect(checkGolden(file, 'a\n')).toBeNull();
    expect(existsSync(changedPath(file))).toBe(false);
  });

  it('reports where two traces first differ', () => {
    const d = diffGolden('a\nb\n', 'a\nb\nc\n');
    expect(d).toContain('1 line(s) differ (golden 2 lines, run 3); first at line 3');
    expect(d).toContain('golden: (no line)');
    expect(d).toContain('run:    c');
  });
});
