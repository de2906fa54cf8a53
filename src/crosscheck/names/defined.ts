/**
 * The names a C source file of the Linux kernel defines: functions (`static int foo(...) {`),
 * function-like macros (`#define foo(x) ...`) and system calls (`SYSCALL_DEFINE3(ioctl, ...)` as
 * `sys_ioctl`, the name the kernel's documentation and elixir use). Declarations (`int foo(void);`)
 * are not definitions and are left out.
 *
 * Not a C parser: it relies on the kernel's coding style (Documentation/process/coding-style.rst,
 * section 6: a function's closing brace sits in column 0) and is checked against the kernel's own
 * symbol tables (scripts/kernel-names.ts --kallsyms).
 */

/** Attribute-like macros that take arguments and may stand before or after a function's name. */
const ATTRIBUTES = new Set([
  '__attribute__',
  '__printf',
  '__scanf',
  '__section',
  '__aligned',
  '__acquires',
  '__releases',
  '__must_hold',
  '__cond_acquires',
  '__cond_releases',
  '__alloc_size',
  '__realloc_size',
  '__assume_aligned',
  '__diag_ignore',
  '__counted_by',
  '__free',
  '__no_sanitize_address',
  'asm',
  '__asm__',
  'alignof',
  'sizeof',
  'typeof',
  '__typeof__',
]);

/** Macros that define a function named by their first argument. */
const DEFINING = /^(?:SYSCALL_DEFINE\d|COMPAT_SYSCALL_DEFINE\d|DEFINE_IDTENTRY\w*)$/;

/** Blanks comments, string and character literals, keeping line breaks (so columns stay put). */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && d === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      out += c + ' '.repeat(Math.max(0, Math.min(j, n) - i - 1)) + (j < n ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The names `src` defines, in order of appearance, each once. */
export function definedNames(src: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  };
  const lines = stripComments(src).split('\n');
  let depth = 0;
  let stmt = '';
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li]!;
    if (/^\s*#/.test(line)) {
      // A preprocessor line, with its continuations: only a function-like #define matters.
      while (line.endsWith('\\') && li + 1 < lines.length) line = line.slice(0, -1) + lines[++li];
      const m = /^\s*#\s*define\s+([A-Za-z_]\w*)\(/.exec(line);
      // All-capitals macros are the kernel's constants and helpers, never a function faultline names.
      if (m && !/^[A-Z0-9_]+$/.test(m[1]!)) add(m[1]!);
      continue;
    }
    // Coding style: a top-level block (a function body, a struct, an initialiser) ends in column 0.
    if (line.startsWith('}')) {
      depth = 0;
      stmt = '';
      line = line.slice(1);
    }
    for (const ch of line) {
      if (depth > 0) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
        continue;
      }
      if (ch === ';' || ch === '}') {
        stmt = '';
      } else if (ch === '{') {
        const name = functionName(stmt);
        if (name) add(name);
        depth = 1;
        stmt = '';
      } else {
        stmt += ch;
      }
    }
    stmt += '\n';
  }
  return names;
}

/** The function a top-level statement that is followed by `{` defines, if it is one. */
export function functionName(stmt: string): string | null {
  const s = stmt.replace(/\s+/g, ' ').trim();
  if (!s || /^(struct|union|enum|typedef)\b[^(]*$/.test(s)) return null;
  // An initialiser (`struct x y = {`, `int a[] = {`) is not a function.
  let paren = 0;
  for (const ch of s) {
    if (ch === '(') paren++;
    else if (ch === ')') paren--;
    else if (ch === '=' && paren === 0) return null;
  }
  const re = /([A-Za-z_]\w*)\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    // Only a name at parenthesis depth 0 can be the function's (not a parameter's type).
    const before = s.slice(0, m.index);
    if ((before.match(/\(/g)?.length ?? 0) !== (before.match(/\)/g)?.length ?? 0)) continue;
    const id = m[1]!;
    if (ATTRIBUTES.has(id)) continue;
    if (DEFINING.test(id)) {
      const arg = /^\s*([A-Za-z_]\w*)/.exec(s.slice(m.index + m[0].length));
      if (!arg) return null;
      return id.startsWith('COMPAT_')
        ? `compat_sys_${arg[1]}`
        : id.startsWith('SYSCALL_')
          ? `sys_${arg[1]}`
          : arg[1]!;
    }
    // Other all-capitals macros define data (DEFINE_PER_CPU, LIST_HEAD...) or expand to code of
    // their own (arm64's `UNHANDLED(el1t, 64, sync)` lines, which take no semicolon): skip the
    // invocation; a function defined after it on the same statement is still found.
    if (/^[A-Z0-9_]+$/.test(id)) {
      re.lastIndex = closeParen(s, m.index + m[0].length);
      continue;
    }
    return id;
  }
  return null;
}

/** The index just past the parenthesis that closes the one opened before `from`. */
function closeParen(s: string, from: number): number {
  let depth = 1;
  let i = from;
  for (; i < s.length && depth > 0; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
  }
  return i;
}

/**
 * The names an assembler file defines: routines (`SYM_FUNC_START(mte_clear_page_tags)`, the older
 * `ENTRY(x)`) and assembler macros (`.macro check_mte_async_tcf, tmp, ...`), which the kernel's
 * entry code expands in place and which do work a reader should find by name.
 */
export function definedNamesAsm(src: string): string[] {
  const out = new Set<string>();
  for (const m of src.matchAll(
    /^\s*(?:SYM_(?:FUNC|CODE|TYPED_FUNC|INNER_LABEL)_START\w*|ENTRY)\(\s*([A-Za-z_]\w*)\s*\)/gm,
  ))
    out.add(m[1]!);
  for (const m of src.matchAll(/^\s*\.macro\s+([A-Za-z_]\w*)/gm)) out.add(m[1]!);
  return [...out];
}
