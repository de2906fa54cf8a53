import { describe, expect, it } from 'vitest';
import type { ScenarioDocument, Step } from '../scenario/types';
import { ScenarioError } from '../scenario/types';
import { generateC, CrosscheckRefusal } from './generate';
import { MTE_REASON, REFPAGE_REASON } from './refuse';
import { x86RefusalReason as refusalReason } from './x86_64/target';
import { planScenario } from './plan';
import { ARM64, RSS_ARM64_REASON, UFFD_ARM64_REASON } from './arm64/target';

const doc = (steps: unknown[], machine?: object): ScenarioDocument =>
  ({ faultline: 1, steps: steps as Step[], ...(machine ? { machine } : {}) }) as ScenarioDocument;

const MMAP = {
  do: 'mmap',
  length: '2*PAGE',
  prot: 'PROT_READ|PROT_WRITE',
  flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
  as: 'p',
};

describe('generateC', () => {
  it('emits the step as C over the bound names, with symbolic flags', () => {
    const c = generateC(doc([MMAP, { do: 'load', addr: 'p + 0x1000', length: 2 }]));
    expect(c).toContain(
      'mmap((void *)(uintptr_t)0, (size_t)(2LL * PAGE), (int)(PROT_READ | PROT_WRITE)',
    );
    expect(c).toContain('do_load((unsigned long long)(v_p + 4096LL), 2LL);');
    expect(c).toContain('#define v_p V[0]');
    expect(c).toContain('"steps/1"');
  });

  it('guards every flag name it uses with the uAPI value, for older headers', () => {
    const c = generateC(
      doc([
        { do: 'userfaultfd', flags: 'O_CLOEXEC', as: 'u' },
        {
          do: 'ioctl',
          fd: 'u',
          request: 'UFFDIO_API',
          api: 170,
          features: 'UFFD_FEATURE_MOVE|UFFD_FEATURE_POISON',
        },
      ]),
    );
    expect(c).toContain('#ifndef UFFD_FEATURE_MOVE\n#define UFFD_FEATURE_MOVE 0x10000ULL\n#endif');
    expect(c).toContain('a.features = (UFFD_FEATURE_MOVE | UFFD_FEATURE_POISON);');
    expect(c).toMatch(/put_mask\("", "features"/);
  });

  it('turns a preset ioctls mask into its number (the names are ioctl requests in C)', () => {
    const c = generateC(
      doc([
        { do: 'userfaultfd', as: 'u' },
        { do: 'ioctl', fd: 'u', request: 'UFFDIO_API', api: 170, ioctls: 'UFFDIO_API|UFFDIO_COPY' },
      ]),
    );
    expect(c).toContain('a.ioctls = 0x8000000000000008ULL;');
  });

  it('makes repeats loops in the driver, with the index bound', () => {
    const c = generateC(
      doc([
        MMAP,
        {
          do: 'repeat',
          count: 3,
          as: 'i',
          steps: [{ do: 'store', addr: 'p + i*PAGE', bytes: '01' }],
        },
      ]),
    );
    expect(c).toMatch(
      /for \(long long k0 = 0; k0 < n0; k0\+\+\) \{\n\s+set_loop_var\(1, k0\);\n\s+S\(1\);/,
    );
  });

  it('names an unbound name where it is used', () => {
    expect(() => generateC(doc([{ do: 'load', addr: 'q' }]))).toThrow(ScenarioError);
    expect(() => generateC(doc([{ do: 'load', addr: 'q' }]))).toThrow(
      /steps\[0\]\.addr: unbound name "q"/,
    );
  });

  it('refuses what no kernel here can run, with the reason', () => {
    expect(refusalReason(doc([{ do: 'refpage_create', content: 'aa', size: 1, as: 'r' }]))).toBe(
      REFPAGE_REASON,
    );
    expect(refusalReason(doc([{ do: 'repeat', count: 1, steps: [{ do: 'stg', addr: 0 }] }]))).toBe(
      MTE_REASON,
    );
    expect(refusalReason(doc([{ ...MMAP, prot: 'PROT_READ|PROT_MTE' }]))).toBe(MTE_REASON);
    expect(refusalReason(doc([{ do: 'load', addr: 'tag(0x1000, 3)' }]))).toBe(MTE_REASON);
    expect(refusalReason(doc([MMAP], { arch: 'arm64', pageSize: 16384 }))).toMatch(/16384/);
    expect(refusalReason(doc([MMAP]))).toBeNull();
    expect(() => generateC(doc([{ do: 'refpage_create', content: 'aa', size: 1 }]))).toThrow(
      CrosscheckRefusal,
    );
  });

  it('forks inside a repeat: each child reuses the name and the slots of the one that exited', () => {
    const c = generateC(
      doc([
        {
          do: 'repeat',
          count: 2,
          steps: [
            { do: 'fork', as: 'c' },
            { do: 'exit', proc: 'c' },
          ],
        },
      ]),
    );
    // One slot for main, one for the child, however many times it is forked.
    expect(c).toMatch(/#define NSLOTS 2\b/);
    expect(() => generateC(doc([{ do: 'fork', as: 'main' }]))).toThrow(/"main" already exists/);
  });
});

describe('generateC for arm64', () => {
  const arm = (steps: unknown[]): ScenarioDocument => doc(steps, { arch: 'arm64', mte: true });
  const MTE_MMAP = { ...MMAP, prot: 'PROT_READ|PROT_WRITE|PROT_MTE', as: 't' };

  it('uses the same expression compiler, with tag() as a pointer with a logical tag', () => {
    const c = generateC(arm([MTE_MMAP, { do: 'stg', addr: 'tag(t, 3) + 16' }]), ARM64);
    expect(c).toContain('do_tagstore(TAG_STG, (unsigned long long)(TAG(v_t, 3LL) + 16LL), 16LL);');
    expect(c).toContain('#ifndef PROT_MTE\n#define PROT_MTE 0x20ULL\n#endif');
    expect(c).toContain('/* ---- src/crosscheck/arm64/mte.c ---- */');
    expect(c).toContain('#define RECORD_PREFIX "@@R "');
  });

  it('emits prctl with its symbolic flags, and binds what IRG and ADDG return', () => {
    const c = generateC(
      arm([
        { do: 'prctl', option: 'PR_SET_TAGGED_ADDR_CTRL', arg: 'PR_TAGGED_ADDR_ENABLE|0x7fff0' },
        MTE_MMAP,
        { do: 'irg', addr: 't', as: 'g' },
        { do: 'addg', addr: 'g', offset: '2*16', tag_offset: 1, as: 'h' },
      ]),
      ARM64,
    );
    expect(c).toContain(
      'prctl((int)PR_SET_TAGGED_ADDR_CTRL, (unsigned long)(PR_TAGGED_ADDR_ENABLE | 0x7fff0ULL), 0UL, 0UL, 0UL)',
    );
    expect(c).toContain('do_irg((unsigned long long)v_t, (unsigned long long)0LL, 1);');
    expect(c).toContain('DO_TAGARITH("addg", (unsigned long long)v_g, 32, 1, 2);');
  });

  it('refuses what the arm64 runner does not run, with the reason', () => {
    expect(() => generateC(arm([{ do: 'rss' }]), ARM64)).toThrow(RSS_ARM64_REASON);
    expect(() => generateC(arm([{ do: 'userfaultfd', as: 'u' }]), ARM64)).toThrow(
      UFFD_ARM64_REASON,
    );
    expect(() => generateC(doc([MMAP]), ARM64)).toThrow(/not an arm64 scenario/);
    expect(() =>
      generateC(arm([MTE_MMAP, { do: 'addg', addr: 't', offset: 't', tag_offset: 1 }]), ARM64),
    ).toThrow(/immediates must be constants/);
  });

  it('and x86_64 refuses tag() in any expression', () => {
    expect(() => generateC(doc([MMAP, { do: 'load', addr: 'tag(p, 1)' }]))).toThrow(MTE_REASON);
  });
});

describe('planScenario', () => {
  it('gives each (process, thread) a slot, and each process a main slot first', () => {
    const plan = planScenario(
      doc([
        MMAP,
        { do: 'fork', as: 'child' },
        { do: 'load', addr: 'p', proc: 'child', thread: 'T' },
        { do: 'load', addr: 'p', thread: 'T' },
      ]),
    );
    expect(plan.slots).toEqual([
      { proc: 'main', thread: 'main', procMain: 0 },
      { proc: 'child', thread: 'main', procMain: 1 },
      { proc: 'child', thread: 'T', procMain: 1 },
      { proc: 'main', thread: 'T', procMain: 0 },
    ]);
    expect(plan.forkChild.get(1)).toBe(1);
    expect(plan.names).toEqual([{ name: 'p', isAddr: true, cVar: 'v_p' }]);
    expect(plan.leaves.map((l) => l.path)).toEqual(['steps/0', 'steps/1', 'steps/2', 'steps/3']);
  });
});
