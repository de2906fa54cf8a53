/**
 * The repository describes itself truly (issue 11):
 * - the README's "Repository layout" names every entry of src/ and of src/views/ and nothing they
 *   do not hold, and every top-level file or folder it names exists;
 * - the import rules listed under it are .dependency-cruiser.cjs's, one line per rule, and the
 *   scenario files it says the engine may import are the ones that rule allows;
 * - every rule or section of docs/reference/refpage-mte.md that the code cites next to that path,
 *   or that a corpus scenario's notes cite as "Rule X", is defined there.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The code block under the "Repository layout" heading, line by line. */
function layoutBlock(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /## Repository layout\n\n```\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README.md has no "Repository layout" code block');
  return m[1]!.split('\n');
}

/** The names a layout line starts with at a given indent (`src/` → `src`, `main.tsx`). */
function namesAt(lines: string[], indent: string): string[] {
  const re = new RegExp(`^${indent}(\\S+)`);
  return lines
    .map((l) => re.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && !/^\s/.test(n))
    .map((n) => n.replace(/\/$/, ''));
}

describe('the README layout', () => {
  const lines = layoutBlock();

  it('lists exactly what src/ holds', () => {
    const start = lines.indexOf('src/');
    expect(start, 'a `src/` line').toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
    const listed = namesAt(lines.slice(start + 1, end < 0 ? undefined : end), '  ');
    const actual = readdirSync(path.join(root, 'src')).filter((n) => !n.startsWith('.'));
    expect([...listed].sort()).toEqual([...actual].sort());
  });

  it('lists exactly the folders of src/views/', () => {
    const at = lines.findIndex((l) => /^ {2}views\/ /.test(l));
    expect(at, 'a `views/` line').toBeGreaterThanOrEqual(0);
    const end = lines.findIndex((l, i) => i > at && /^ {0,2}\S/.test(l));
    const text = lines.slice(at, end).join(' ');
    const listed = [...text.matchAll(/\b(\w+)\//g)].map((m) => m[1]!).filter((n) => n !== 'views');
    const actual = readdirSync(path.join(root, 'src/views'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect([...listed].sort()).toEqual([...actual].sort());
  });

  it('names only top-level entries that exist', () => {
    // A top-level line is a folder (`docs/  what it holds`) or a row of file names.
    const top = lines
      .filter((l) => /^\S/.test(l))
      .flatMap((l) => (/^\S+\//.test(l) ? [l.split(/\s+/)[0]!] : l.split(/\s+/)))
      .map((n) => n.replace(/\/$/, ''));
    expect(top).toEqual(expect.arrayContaining(['src', 'package.json', 'docs', 'scripts']));
    for (const name of top) expect(existsSync(path.join(root, name)), name).toBe(true);
  });
});

describe('the import rules under the README layout', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Repository layout'));
  const list =
    /`npm test` checks it \(`\.dependency-cruiser\.cjs`[^\n]*\n\n((?:- [^\n]*\n(?: {2}[^\n]*\n)*)+)/.exec(
      section,
    );
  const bullets = list ? list[1]!.split(/\n(?=- )/) : [];
  type Rule = { name: string; to: { path?: string; pathNot?: string | string[] } };
  const rules = (
    createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as {
      forbidden: Rule[];
    }
  ).forbidden;

  it('has one line per rule', () => {
    expect(list, 'the list after "`npm test` checks it (`.dependency-cruiser.cjs`"').not.toBeNull();
    expect(bullets.length).toBe(rules.length);
  });

  it("names exactly the scenario files the engine's rule allows", () => {
    const rule = rules.find((r) => r.name === 'engine-imports-uapi-and-scenario-types');
    expect(rule, 'the engine rule').toBeDefined();
    const allowed = [rule!.to.pathNot ?? []]
      .flat()
      .flatMap((re) => /^\^src\/scenario\/\(([\w|-]+)\)/.exec(re)?.[1]?.split('|') ?? []);
    const bullet = bullets.find((b) => b.startsWith('- the engine imports')) ?? '';
    const named = [...bullet.matchAll(/`scenario\/([\w-]+)\.ts`/g)].map((m) => m[1]!);
    expect(allowed.length).toBeGreaterThan(0);
    expect([...named].sort()).toEqual([...allowed].sort());
  });
});

const REFERENCE = 'docs/reference/refpage-mte.md';

/** The rule ids and section numbers the reference defines (`**F4b**`, `### A.7`, `## C.`). */
function defined(): { rules: Set<string>; sections: Set<string> } {
  const text = readFileSync(path.join(root, REFERENCE), 'utf8');
  const rules = new Set<string>();
  for (const m of text.matchAll(/\*\*([A-Z])(\d+)([a-z]?)(?:-[A-Z](\d+))?\*\*/g)) {
    const last = m[4] ? Number(m[4]) : Number(m[2]);
    for (let n = Number(m[2]); n <= last; n++) rules.add(`${m[1]}${n}${m[4] ? '' : m[3]}`);
  }
  const sections = new Set<string>();
  for (const m of text.matchAll(/^#{2,3} ([A-C])(?:\.(\d+))?[. ]/gm))
    sections.add(m[2] ? `${m[1]}.${m[2]}` : m[1]!);
  return { rules, sections };
}

/** The ids in a citation: `B.2 P4, P5`, `A.7: M1-M3, F4b`, `section C`, `B.4 K1-K2`. */
function citedIds(citation: string): { rules: string[]; sections: string[] } {
  const sections = [...citation.matchAll(/\b([A-C])\.(\d+)\b/g)].map((m) => `${m[1]}.${m[2]}`);
  for (const m of citation.matchAll(/\bsections? ([A-C])\b/g)) sections.push(m[1]!);
  const rules: string[] = [];
  for (const m of citation.matchAll(/\b([A-Z])(\d+)([a-z]?)(?:-\1(\d+))?\b/g)) {
    if (citation[m.index! + m[0].length] === '.') continue; // a section such as A.7
    const last = m[4] ? Number(m[4]) : Number(m[2]);
    for (let n = Number(m[2]); n <= last; n++) rules.push(`${m[1]}${n}${m[4] ? '' : m[3]}`);
  }
  return { rules, sections };
}

describe(REFERENCE, () => {
  const { rules, sections } = defined();

  it('defines the rules and sections the code cites beside its path', () => {
    const files = execFileSync(
      'git',
      ['grep', '-l', REFERENCE, '--', 'src', 'scripts', 'docs', 'corpus'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((f) => f && f !== REFERENCE && !f.endsWith('.test.ts'));
    let citations = 0;
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/docs\/reference\/refpage-mte\.md([^;)"\n]*)/g)) {
        const ids = citedIds(m[1]!.replace(/:.*/, ''));
        for (const s of ids.sections) expect(sections, `${file}: section ${s}`).toContain(s);
        for (const r of ids.rules) expect(rules, `${file}: rule ${r}`).toContain(r);
        citations++;
      }
    }
    expect(citations).toBeGreaterThan(50);
  });

  it('defines every rule a corpus scenario names in its notes', () => {
    let cited = 0;
    for (const dir of ['corpus/mte', 'corpus/refpage-mte']) {
      for (const name of readdirSync(path.join(root, dir))) {
        const notes =
          (JSON.parse(readFileSync(path.join(root, dir, name), 'utf8')) as { notes?: string })
            .notes ?? '';
        const m = /\b[Rr]ules? ((?:[A-Z]\d+[a-z]?(?:\/| with |, )?)+)/.exec(notes);
        expect(m, `${dir}/${name} names its rule`).not.toBeNull();
        for (const r of citedIds(m![1]!).rules) {
          expect(rules, `${dir}/${name}: rule ${r}`).toContain(r);
          cited++;
        }
      }
    }
    expect(cited).toBeGreaterThan(60);
  });
});
