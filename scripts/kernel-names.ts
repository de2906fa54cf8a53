/**
 * `npx tsx scripts/kernel-names.ts --version 6.18 --git REPO_DIR --rev REV [--git ... --rev ...]
 *    [--dir KERNEL_SOURCE_DIR] [--label TEXT] [--kallsyms FILE]`
 *
 * Writes src/crosscheck/names/v<version>.txt: every function, function-like macro, system call
 * (`sys_NAME`) and assembler routine or macro defined in the files of src/crosscheck/names/sources.ts,
 * in the kernel tree at REV of the git repository REPO_DIR (or in a plain source directory). Given
 * several trees, a name is listed only when every tree defines it (used for 6.1, whose exact tag no
 * single tree at hand held). `--kallsyms FILE` (a /proc/kallsyms or System.map of a kernel of that
 * version) prints the cross-check: which listed names the running kernel has as symbols (the
 * compiler inlines many, so the source decides; the symbol table only catches parser mistakes).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { definedNames, definedNamesAsm } from '../src/crosscheck/names/defined';
import { KERNEL_PATHS, wanted } from '../src/crosscheck/names/sources';
import { NAMES_DIR } from '../src/crosscheck/names/lists';

interface Tree {
  label: string;
  files: () => Iterable<[path: string, text: string]>;
}

function gitTree(repo: string, rev: string): Tree {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args], { maxBuffer: 1 << 28 }).toString('utf8');
  const roots = KERNEL_PATHS.map((p) => p.replace(/\/\*?$/, ''));
  const paths = git('ls-tree', '-r', '--name-only', rev, '--', ...roots)
    .split('\n')
    .filter(wanted);
  const subject = git('log', '-1', '--format=%s', rev).trim();
  // A mirror made by the search tool's fetch sits in .../owner+name/repo: name the repository.
  const gh = /([^/]+)\+([^/]+)\/repo\/?$/.exec(repo);
  return {
    label: `${gh ? `${gh[1]}/${gh[2]}` : repo} at ${rev} ("${subject}")`,
    *files() {
      for (const p of paths) yield [p, git('show', `${rev}:${p}`)];
    },
  };
}

function dirTree(dir: string): Tree {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((e) => {
      const p = join(d, e);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return {
    label: dir,
    *files() {
      for (const p of walk(dir)) {
        const rel = relative(dir, p);
        if (wanted(rel)) yield [rel, readFileSync(p, 'utf8')];
      }
    },
  };
}

/** The names a tree defines in KERNEL_PATHS, and how many files it read. */
function namesOf(tree: Tree): { names: Set<string>; files: number } {
  const names = new Set<string>();
  let files = 0;
  for (const [path, text] of tree.files()) {
    files++;
    for (const n of path.endsWith('.S') ? definedNamesAsm(text) : definedNames(text)) names.add(n);
  }
  return { names, files };
}

const args = process.argv.slice(2);
const opt = (name: string): string[] =>
  args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]!] : []));
const version = opt('version')[0];
if (!version) throw new Error('--version is required (6.1, 6.6, 6.12 or 6.18)');
const gits = opt('git');
const revs = opt('rev');
if (gits.length !== revs.length) throw new Error('give one --rev for each --git');
const trees = [...gits.map((g, i) => gitTree(g, revs[i]!)), ...opt('dir').map(dirTree)];
if (trees.length === 0) throw new Error('give a kernel tree: --git DIR --rev REV, or --dir DIR');

const from: string[] = [];
const sets = trees.map((t) => {
  const { names, files } = namesOf(t);
  from.push(`${t.label}: ${files} files, ${names.size} names`);
  return names;
});
const sorted = [...sets[0]!].filter((n) => sets.every((s) => s.has(n))).sort();
const label = opt('label')[0];
const header = [
  `# Names defined in Linux ${version}${label ? ` (${label})` : ''}: functions, function-like macros,`,
  '# system calls (as sys_NAME), assembler routines and macros, in these files:',
  ...wrap(KERNEL_PATHS.join(' ')).map((l) => `#   ${l}`),
  `# Made by scripts/kernel-names.ts from ${trees.length === 1 ? 'this tree' : 'these trees (a name is listed only if every one defines it)'}:`,
  ...from.map((f) => `#   ${f}`),
  `# ${sorted.length} names.`,
];
const out = join(NAMES_DIR, `v${version}.txt`);
writeFileSync(out, [...header, ...sorted].join('\n') + '\n');
console.log(`${out}: ${sorted.length} names`);
for (const f of from) console.log(`  ${f}`);

const kallsyms = opt('kallsyms')[0];
if (kallsyms) {
  // A symbol table line: "ffffffff81000000 T name" (System.map, /proc/kallsyms; modules ignored).
  const syms = new Set(
    readFileSync(kallsyms, 'utf8')
      .split('\n')
      .map((l) => l.split(/\s+/)[2] ?? '')
      .map((s) => s.replace(/\.(cold|constprop|isra|part|llvm)\..*$/, '')),
  );
  const inSyms = sorted.filter((n) => syms.has(n));
  console.log(
    `  cross-check with ${kallsyms}: ${inSyms.length} of ${sorted.length} listed names are symbols there`,
  );
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + w.length > 92) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}
