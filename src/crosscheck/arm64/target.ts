/**
 * The arm64 target: a stock Debian arm64 kernel under QEMU with emulated MTE (qemu.ts), for the
 * MTE scenarios (corpus/mte). Besides the calls every target runs it has the MTE calls: prctl
 * (PR_SET/GET_TAGGED_ADDR_CTRL), the tag instructions and the sysfs mte_tcf_preferred file; tag()
 * in an expression is a pointer with a logical tag. It refuses userfaultfd and rss (checked on
 * x86_64), and refpage_create (no kernel has it).
 */
import { compileInt } from '../../scenario/expr';
import { PR_ARG_TABLE, PR_OPTION_TABLE } from '../../scenario/flags';
import { ScenarioError, type ScenarioDocument } from '../../scenario/types';
import { CrosscheckRefusal, leafSteps, REFPAGE_REASON } from '../refuse';
import type { Call, StepEmitter, StepFields, Target } from '../target';

export const UFFD_ARM64_REASON =
  'the arm64 runner does not implement userfaultfd steps (userfaultfd, ioctl, read, poll); run them on the x86 cross-check';
export const RSS_ARM64_REASON =
  "the arm64 runner cannot measure a scenario's RSS apart from its own runtime's; rss steps are refused";
export const NOT_ARM64_REASON = 'not an arm64 scenario: machine.arch is not "arm64"';

const REFUSED: Partial<Record<Call, string>> = {
  refpage_create: REFPAGE_REASON,
  userfaultfd: UFFD_ARM64_REASON,
  ioctl: UFFD_ARM64_REASON,
  read: UFFD_ARM64_REASON,
  poll: UFFD_ARM64_REASON,
  rss: RSS_ARM64_REASON,
};

/** Why the arm64 kernel under QEMU cannot run the scenario, or null. */
export function arm64RefusalReason(doc: ScenarioDocument): string | null {
  if (doc.machine?.arch !== 'arm64') return NOT_ARM64_REASON;
  for (const s of leafSteps(doc.steps)) {
    const r = REFUSED[s.do];
    if (r) return r;
  }
  const ps = doc.machine.pageSize ?? 4096;
  if (ps !== 4096)
    return `the scenario's pages are ${ps} bytes; the Debian arm64 kernel under QEMU has 4096-byte pages`;
  if (doc.machine.mte === false)
    return 'the QEMU machine has MTE (mte=on): a scenario with machine.mte false is checked on the engine only';
  return null;
}

/** An immediate operand: a constant expression, known when the program is generated. */
function constInt(value: unknown, where: string): bigint {
  try {
    return compileInt(value, where)({ lookup: () => undefined, pageSize: 4096 });
  } catch {
    throw new CrosscheckRefusal(
      `${where}: ADDG/SUBG immediates must be constants to be compiled into the instruction`,
    );
  }
}

/** STG and friends over `length` bytes (one granule, or two for the pair forms, by default). */
const tagStore =
  (kind: string, unit: string): StepEmitter =>
  (f) =>
    `do_tagstore(${kind}, ${f.addr('addr')}, ${f.int('length', unit)});`;

/** ADDG/SUBG: the offsets become the instruction's immediates. */
const tagArith =
  (insn: 'addg' | 'subg'): StepEmitter =>
  (f: StepFields) => {
    const off = constInt(f.step.offset, `${f.where}.offset`);
    const toff = constInt(f.step.tag_offset, `${f.where}.tag_offset`);
    if (off < 0n || off > 1008n || off % 16n !== 0n)
      throw new ScenarioError(`${f.where}.offset`, `0..1008 in steps of 16, got ${off}`);
    if (toff < 0n || toff > 15n)
      throw new ScenarioError(`${f.where}.tag_offset`, `0..15, got ${toff}`);
    return `DO_TAGARITH("${insn}", ${f.addr('addr')}, ${off}, ${toff}, ${f.bindIndex()});`;
  };

export const ARM64: Target = {
  arch: 'arm64',
  headers: ['arm64/target.h', 'arm64/mte.h'],
  sources: ['arm64/mte.c'],
  // -static: the initramfs has no libraries; -march=armv8.5-a+memtag for the MTE instructions;
  // -fwrapv: scenario arithmetic wraps like the engine's.
  ccFlags: ['-static', '-O1', '-std=gnu11', '-pthread', '-fwrapv', '-march=armv8.5-a+memtag'],
  howToRun: [
    'Build: aarch64-linux-gnu-gcc -static -O1 -std=gnu11 -pthread -fwrapv -march=armv8.5-a+memtag',
    'prog.c -o prog; run as root on an arm64 kernel with MTE (faultline runs it under QEMU,',
    'src/crosscheck/arm64/qemu.ts). Records are the lines that start with "@@R ".',
  ],
  refusal: arm64RefusalReason,
  refuseCall: (call) => REFUSED[call] ?? `the arm64 runner has no ${call}`,
  steps: {
    prctl: (f) =>
      f.sysInt(
        `prctl((int)${f.flags('option', PR_OPTION_TABLE)}, (unsigned long)${f.flags('arg', PR_ARG_TABLE)}, 0UL, 0UL, 0UL)`,
      ),
    stg: tagStore('TAG_STG', '16LL'),
    st2g: tagStore('TAG_ST2G', '32LL'),
    stzg: tagStore('TAG_STZG', '16LL'),
    stz2g: tagStore('TAG_STZ2G', '32LL'),
    ldg: (f) => `do_ldg(${f.addr('addr')}, ${f.int('length', '1LL')});`,
    irg: (f) =>
      `do_irg(${f.addr('addr')}, (unsigned long long)${f.int('exclude', '0LL')}, ${f.bindIndex()});`,
    addg: tagArith('addg'),
    subg: tagArith('subg'),
    dc_gzva: (f) => `do_dc_gzva(${f.addr('addr')});`,
    mte_tcf_preferred: (f) => `do_tcf_preferred(${f.string('value')});`,
  },
  tag: { c: (ptr, n) => `TAG(${ptr}, ${n})` },
  tables: () => '',
};
