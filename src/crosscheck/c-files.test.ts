/**
 * The C files reach the generator the same way under Node (read from disk) and in the browser
 * build (bundled by Vite), and every file a target names exists.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledCFiles, cFile as bundledFile } from './c-files.browser';
import { cFile } from './c-files.node';
import { ARM64 } from './arm64/target';
import { X86_64 } from './x86_64/target';
import { X86_64_QEMU } from './x86_64/qemu-target';

const onDisk = ['runtime', 'x86_64', 'arm64'].flatMap((dir) =>
  readdirSync(new URL(`./${dir}`, import.meta.url))
    .filter((f) => /\.[ch]$/.test(f))
    .map((f) => `${dir}/${f}`),
);

describe('the C files', () => {
  it('are bundled for the browser exactly as they are on disk', () => {
    expect(bundledCFiles().sort()).toEqual([...onDisk].sort());
    for (const path of onDisk) expect(bundledFile(path), path).toBe(cFile(path));
  });

  it('include every file a target names', () => {
    for (const t of [X86_64, X86_64_QEMU, ARM64])
      for (const path of [...t.headers, ...t.sources]) expect(onDisk, t.arch).toContain(path);
    expect(() => bundledFile('runtime/none.c')).toThrow(/not in this build/);
  });
});
