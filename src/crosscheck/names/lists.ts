/**
 * The generated name lists (v6.1.txt ... v6.18.txt beside this file), read in Node. Each holds the
 * names one kernel version defines in the files of sources.ts; scripts/kernel-names.ts writes them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelVersion } from './sources';

export const NAMES_DIR = dirname(fileURLToPath(import.meta.url));

const cache = new Map<string, ReadonlySet<string>>();

/** The names Linux `version` defines in the listed files. */
export function kernelNames(version: KernelVersion): ReadonlySet<string> {
  let set = cache.get(version);
  if (!set) {
    const text = readFileSync(join(NAMES_DIR, `v${version}.txt`), 'utf8');
    set = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')));
    cache.set(version, set);
  }
  return set;
}
