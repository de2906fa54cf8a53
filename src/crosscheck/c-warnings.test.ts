/**
 * The C both targets run compiles without a warning: for each target, a scenario that uses every
 * call the target runs (so every emitter and every part of the runtime is compiled) and an empty
 * one, built with the target's flags plus WARNINGS_AS_ERRORS, by gcc for x86_64 and by the aarch64
 * cross compiler for arm64 (scripts/mte-qemu-setup.sh installs it; skipped, saying so, without
 * it). The corpus runs (corpus.test.ts, arm64/corpus.test.ts) build every corpus program with the
 * same flags.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALLS, FLAG_TABLES, IOCTL_REQUESTS } from '../scenario/calls';
import { ScenarioError, type ScenarioDocument, type Step } from '../scenario/types';
import { validateDocument } from '../scenario/validate';
import { cacheDir, compileCached, WARNINGS_AS_ERRORS } from './build';
import { generateC } from './generate';
import { CrosscheckRefusal } from './refuse';
import type { Target } from './target';
import { ARM64 } from './arm64/target';
import { findArm64Setup } from './arm64/setup';
import { X86_64 } from './x86_64/target';
import { X86_64_QEMU } from './x86_64/qemu-target';
import { LIBC_A } from './x86_64/qemu-setup';

const RW = 'PROT_READ|PROT_WRITE';

/** Every field of every UFFDIO_* request, set: ints to names, flags to a name of their table. */
const ioctls: Step[] = Object.entries(IOCTL_REQUESTS).map(([request, fields]) => {
  const step: Record<string, unknown> = { do: 'ioctl', fd: 'u', request, as: 'r' };
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.kind === 'flags' && spec.table) {
      const table = FLAG_TABLES[spec.table];
      step[name] = Object.keys(table.values).find((n) => table.values[n]! > 0n) ?? 0;
    } else {
      step[name] = name === 'api' ? '0xAA' : 'p + PAGE';
    }
  }
  return step as unknown as Step;
});

/** The calls every target runs, each with every field it can have. */
const SHARED: Step[] = [
  { do: 'memfd_create', name: 'shm "1"?', flags: 'MFD_CLOEXEC', as: 'fd' },
  { do: 'ftruncate', fd: 'fd', length: '4*PAGE' },
  {
    do: 'mmap',
    addr: 0,
    length: '4*PAGE',
    prot: RW,
    flags: 'MAP_SHARED',
    fd: 'fd',
    offset: 0,
    as: 'p',
  },
  { do: 'mmap', length: '2M', prot: RW, flags: 'MAP_PRIVATE|MAP_ANONYMOUS', as: 'q' },
  { do: 'mprotect', addr: 'q', length: 'PAGE', prot: 'PROT_READ' },
  { do: 'madvise', addr: 'q', length: 'PAGE', advice: 'MADV_DONTNEED' },
  {
    do: 'mremap',
    old_address: 'q',
    old_size: 'PAGE',
    new_size: '2*PAGE',
    flags: 'MREMAP_MAYMOVE|MREMAP_FIXED',
    new_address: 'q + 1M',
    as: 'm',
  },
  { do: 'load', addr: 'p + 1', length: 3 },
  { do: 'store', addr: 'p', bytes: 'aa00ff' },
  { do: 'store', addr: 'p + PAGE', fill: '5a', length: '-1 + 2*PAGE/2' },
  { do: 'pagemap', addr: 'p', length: '4*PAGE' },
  { do: 'load', addr: 'p', thread: 'T' },
  { do: 'repeat', count: 2, as: 'i', steps: [{ do: 'store', addr: 'q + i*PAGE', bytes: '01' }] },
  { do: 'fork', as: 'child' },
  { do: 'load', addr: 'p', proc: 'child' },
  { do: 'exit', proc: 'child', status: 3 },
  { do: 'munmap', addr: 'q', length: 'PAGE' },
  { do: 'close', fd: 'fd' },
];

const EVERY_CALL: Record<Target['arch'], { target: Target; doc: ScenarioDocument }> = {
  x86_64: {
    target: X86_64,
    doc: {
      faultline: 1,
      steps: [
        ...SHARED,
        { do: 'rss' },
        { do: 'userfaultfd', flags: 'O_CLOEXEC|O_NONBLOCK', as: 'u' },
        ...ioctls,
        { do: 'read', fd: 'u', count: 2 },
        { do: 'poll', fd: 'u', timeout: 0 },
      ],
    },
  },
  arm64: {
    target: ARM64,
    doc: {
      faultline: 1,
      machine: { arch: 'arm64', mte: true },
      steps: [
        {
          do: 'prctl',
          option: 'PR_SET_TAGGED_ADDR_CTRL',
          arg: 'PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|0x7fff0',
        },
        { do: 'prctl', option: 'PR_GET_TAGGED_ADDR_CTRL', arg: 0 },
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 't',
        },
        { do: 'stg', addr: 'tag(t, 3)' },
        { do: 'st2g', addr: 'tag(t, 3) + 32', length: 64 },
        { do: 'stzg', addr: 'tag(t, 4) + 96' },
        { do: 'stz2g', addr: 'tag(t, 4) + 128' },
        { do: 'ldg', addr: 't', length: 256 },
        { do: 'irg', addr: 't', exclude: '0x1', as: 'g' },
        { do: 'addg', addr: 'g', offset: 16, tag_offset: 1, as: 'h' },
        { do: 'subg', addr: 'h', offset: 16, tag_offset: 1 },
        { do: 'dc_gzva', addr: 'tag(t, 0)' },
        { do: 'mte_tcf_preferred', value: 'sync' },
        ...SHARED,
      ],
    },
  },
};

const EMPTY: Record<Target['arch'], ScenarioDocument> = {
  x86_64: { faultline: 1, steps: [] },
  arm64: { faultline: 1, machine: { arch: 'arm64', mte: true }, steps: [] },
};

function callsOf(steps: readonly Step[]): Set<string> {
  const calls = new Set<string>();
  for (const s of steps) {
    calls.add(s.do);
    if (s.do === 'repeat') for (const c of callsOf(s.steps)) calls.add(c);
  }
  return calls;
}

/** The C compiler for a target here, or why there is none. */
function compilerFor(target: Target): { cc: string } | { missing: string } {
  if (target.arch === 'x86_64') return { cc: process.env.CC ?? 'cc' };
  const found = findArm64Setup();
  const cc = found.ok ? found.setup.cc : 'aarch64-linux-gnu-gcc';
  try {
    execFileSync(cc, ['--version'], { stdio: 'ignore' });
    return { cc };
  } catch {
    return {
      missing: `${cc} is not installed (scripts/mte-qemu-setup.sh installs gcc-aarch64-linux-gnu)`,
    };
  }
}

for (const { target, doc } of Object.values(EVERY_CALL)) {
  describe(`the ${target.arch} cross-check's C`, () => {
    it('the every-call scenario is a valid scenario', () => {
      expect(() => validateDocument(doc)).not.toThrow();
    });

    it('the every-call scenario uses every call the target runs; the target refuses the others', () => {
      const used = callsOf(doc.steps);
      for (const call of Object.keys(CALLS)) {
        if (call === 'repeat' || used.has(call)) continue;
        const one = { ...EMPTY[target.arch], steps: [{ do: call } as unknown as Step] };
        let thrown: unknown;
        try {
          generateC(one, target);
        } catch (err) {
          thrown = err;
        }
        expect(
          thrown,
          `${call}: emitted by ${target.arch} but missing from the scenario`,
        ).toBeInstanceOf(CrosscheckRefusal);
      }
      expect(() =>
        generateC({ ...EMPTY[target.arch], steps: [{ do: 'load' } as Step] }, target),
      ).toThrow(ScenarioError);
    });

    const compiler = compilerFor(target);
    const build = 'missing' in compiler ? it.skip : it;
    const title =
      'missing' in compiler
        ? `compiles with warnings as errors (skipped: ${compiler.missing})`
        : `compiles with ${compiler.cc}, warnings as errors`;
    build(title, async () => {
      if ('missing' in compiler) return;
      const flags = [...target.ccFlags, ...WARNINGS_AS_ERRORS];
      for (const d of [doc, EMPTY[target.arch]]) {
        const { path } = await compileCached(
          compiler.cc,
          flags,
          join(cacheDir(), 'strict'),
          generateC(d, target),
        );
        expect(path).toMatch(/fl-/);
      }
    });
  });
}

describe("the x86_64 cross-check's C under QEMU (x86_64/qemu-target.ts)", () => {
  // The same program with the QEMU settings (qemu-target.h), built static as the initramfs needs.
  const libc = existsSync(LIBC_A);
  const build = libc ? it : it.skip;
  build(
    libc
      ? 'compiles static, warnings as errors'
      : `compiles static (skipped: no ${LIBC_A}; scripts/x86-qemu-setup.sh installs libc6-dev)`,
    async () => {
      const flags = [...X86_64_QEMU.ccFlags, ...WARNINGS_AS_ERRORS];
      for (const d of [EVERY_CALL.x86_64.doc, EMPTY.x86_64]) {
        const { path } = await compileCached(
          process.env.CC ?? 'cc',
          flags,
          join(cacheDir(), 'strict'),
          generateC(d, X86_64_QEMU),
        );
        expect(path).toMatch(/fl-/);
      }
    },
  );
});
