/**
 * Where each event kind's sentence is written (src/engine/sentence.ts): the declarations
 * `export const xSentence: Sentence<'kind'> = ...` in the source, with their file and text, and the
 * prose inside them. Read by the tests of this folder, in Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SentenceSource {
  kind: string;
  /** Relative to the repository root. */
  file: string;
  /** The declaration, from `export const` to the blank line after it. */
  text: string;
}

/** Every non-test TypeScript file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

export function sentenceSources(root: string): SentenceSource[] {
  const out: SentenceSource[] = [];
  for (const f of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^export const \w+: Sentence<'(\w+)'> =[\s\S]*?\n(?:\n|$)/gm))
      out.push({ kind: m[1]!, file: relative(root, f), text: m[0] });
  }
  return out;
}

/**
 * The prose of a declaration: runs of at least four words inside its string and template
 * literals (the parts between `${...}` holes), which a second copy of the sentence would repeat.
 */
export function proseOf(declaration: string): string[] {
  const literals = [...declaration.matchAll(/`([^`]*)`|'([^'\n]*)'/g)].map((m) => m[1] ?? m[2]!);
  return literals
    .flatMap((l) => l.split(/\$\{[^}]*\}?/))
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 4);
}
