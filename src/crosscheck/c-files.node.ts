/**
 * The cross-check's C files (runtime/, x86_64/, arm64/), read from disk: how the generator gets
 * them under Node (the CLI through tsx, vitest, scripts). The browser build resolves the same
 * import (`#crosscheck/c-files`, package.json "imports") to c-files.browser.ts, which bundles them.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** The text of a C file, by its path under src/crosscheck (`runtime/driver.c`). */
export function cFile(path: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(new URL(`./${path}`, import.meta.url), 'utf8');
    cache.set(path, text);
  }
  return text;
}
