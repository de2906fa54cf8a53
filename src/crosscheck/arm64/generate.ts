/**
 * An arm64 MTE scenario → a static aarch64 C program (with runtime-c.ts) that performs it on a real
 * kernel and prints its records. Scenarios or steps no kernel can run are refused with the reason:
 * refpage_create (never merged), and what this runner does not implement (userfaultfd, rss).
 */
import type { LeafStep, ScenarioDocument, Step } from '../../scenario/types';
import { ScenarioError } from '../../scenario/types';
import { ExprSyntaxError, parseExpr, type Expr } from '../../scenario/expr-parse';
import { compileInt } from '../../scenario/expr';
import {
  ERRNO,
  MADV_TABLE,
  MAP_TABLE,
  MFD_TABLE,
  MREMAP_TABLE,
  PROT_TABLE,
  PR_ARG_TABLE,
  PR_OPTION_TABLE,
  parseFlagsBig,
  type FlagTable,
} from '../../scenario/flags';
import { CrosscheckRefusal, REFPAGE_REASON } from '../refuse';
import { RUNTIME_C } from './runtime-c';

export const UFFD_ARM64_REASON =
  'the arm64 runner does not implement userfaultfd steps (userfaultfd, ioctl, read, poll); run them on the x86 cross-check';
export const RSS_ARM64_REASON =
  "the arm64 runner cannot measure a scenario's RSS apart from its own runtime's; rss steps are refused";
export const NOT_ARM64_REASON = 'not an arm64 scenario: machine.arch is not "arm64"';

interface Leaf {
  id: number;
  step: LeafStep;
  path: string;
  where: string;
  slot: number;
}
interface Slot {
  proc: string;
  thread: string;
  main: number;
}

/** What the program needs to know: leaves with ids, slots, names; the driver's walk. */
class Plan {
  leaves: Leaf[] = [];
  slots: Slot[] = [];
  names: { name: string; isAddr: boolean }[] = [];
  forkChild = new Map<number, number>();
  private slotIndex = new Map<string, number>();

  slotFor(proc: string, thread: string): number {
    const key = `${proc}\u0000${thread}`;
    const known = this.slotIndex.get(key);
    if (known !== undefined) return known;
    const main = thread === 'main' ? this.slots.length : this.slotFor(proc, 'main');
    this.slots.push({ proc, thread, main });
    this.slotIndex.set(key, this.slots.length - 1);
    return this.slots.length - 1;
  }

  nameIndex(name: string, isAddr = false): number {
    let i = this.names.findIndex((n) => n.name === name);
    if (i < 0) {
      i = this.names.length;
      this.names.push({ name, isAddr });
    }
    if (isAddr) this.names[i]!.isAddr = true;
    return i;
  }
}

const REFUSED: Partial<Record<string, string>> = {
  refpage_create: REFPAGE_REASON,
  userfaultfd: UFFD_ARM64_REASON,
  ioctl: UFFD_ARM64_REASON,
  read: UFFD_ARM64_REASON,
  poll: UFFD_ARM64_REASON,
  rss: RSS_ARM64_REASON,
};

function* leavesOf(steps: readonly Step[]): Generator<Step> {
  for (const s of steps) {
    if (s.do === 'repeat') yield* leavesOf(s.steps);
    else yield s;
  }
}

/** Why this runner cannot run the scenario on the arm64 kernel, or null. */
export function arm64RefusalReason(doc: ScenarioDocument): string | null {
  if (doc.machine?.arch !== 'arm64') return NOT_ARM64_REASON;
  for (const s of leavesOf(doc.steps)) {
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

/* ---------------------------------------------------------------- values → C */

function exprToC(e: Expr, plan: Plan, where: string): string {
  switch (e.k) {
    case 'num':
      return e.v <= 0x7fffffffffffffffn ? `${e.v}LL` : `(long long)0x${e.v.toString(16)}ULL`;
    case 'page':
      return 'PAGE';
    case 'name': {
      const i = plan.names.findIndex((n) => n.name === e.name);
      if (i < 0) throw new ScenarioError(where, `unbound name "${e.name}"`);
      return `V[${i}]`;
    }
    case 'neg':
      return `(-${exprToC(e.e, plan, where)})`;
    case 'bin':
      return `(${exprToC(e.l, plan, where)} ${e.op} ${exprToC(e.r, plan, where)})`;
    case 'tag':
      return `TAG(${exprToC(e.e, plan, where)}, ${exprToC(e.n, plan, where)})`;
  }
}

function intC(value: unknown, plan: Plan, where: string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new ScenarioError(where, `expected an integer, got ${value}`);
    return `(${value}LL)`;
  }
  if (typeof value !== 'string')
    throw new ScenarioError(where, `expected an integer expression, got ${JSON.stringify(value)}`);
  try {
    return `(${exprToC(parseExpr(value), plan, where)})`;
  } catch (err) {
    if (err instanceof ExprSyntaxError) throw new ScenarioError(where, err.message);
    throw err;
  }
}

function flagsC(value: unknown, table: FlagTable, where: string): string {
  const v = parseFlagsBig(value, table, where);
  return `0x${v.toString(16)}ULL`;
}

function cString(s: string): string {
  return JSON.stringify(s).replace(/\?/g, '\\?');
}

function bytesC(hex: unknown, where: string): string {
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new ScenarioError(
      where,
      `expected hex bytes such as "aa00ff", got ${JSON.stringify(hex)}`,
    );
  }
  return `{${hex
    .match(/../g)!
    .map((b) => `0x${b}`)
    .join(', ')}}`;
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

const TAG_KIND: Record<string, number> = { stg: 0, st2g: 1, stzg: 2, stz2g: 3 };

function emitStep(leaf: Leaf, plan: Plan): string {
  const s = leaf.step as LeafStep & Record<string, unknown>;
  const w = leaf.where;
  const int = (f: string, dflt?: string): string => {
    if (s[f] === undefined) {
      if (dflt !== undefined) return dflt;
      throw new ScenarioError(`${w}.${f}`, 'missing');
    }
    return intC(s[f], plan, `${w}.${f}`);
  };
  const flags = (f: string, table: FlagTable): string =>
    s[f] === undefined ? '0ULL' : flagsC(s[f], table, `${w}.${f}`);
  const bind = s.as !== undefined ? 'bind_value(r);' : '';
  // An address is printed after `as` binds it (as the engine's symbolize does): bind it here too.
  const nameIdx = s.as !== undefined ? plan.names.findIndex((n) => n.name === s.as) : -1;
  const bindAddr =
    nameIdx >= 0
      ? `bind_value(r);\n  if (r != -1) { V[${nameIdx}] = r; VSEQ[${nameIdx}] = BINDSEQ + 1; }`
      : '';
  const sysInt = (call: string): string =>
    `errno = 0;\n  long long r = (long long)(${call});\n  int e = errno;\n  ${bind}\n  put_ret_int(r, e);`;
  switch (s.do) {
    case 'mmap':
      return `errno = 0;\n  long long r = (long long)(intptr_t)mmap((void *)(uintptr_t)${int('addr', '0')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)}, (int)${flags('flags', MAP_TABLE)}, (int)${int('fd', '(-1)')}, (off_t)${int('offset', '0')});\n  int e = errno;\n  ${bindAddr}\n  put_ret_addr(r, e);`;
    case 'munmap':
      return sysInt(`munmap((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')})`);
    case 'mprotect':
      return sysInt(
        `mprotect((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('prot', PROT_TABLE)})`,
      );
    case 'mremap':
      return `errno = 0;\n  long long r = (long long)(intptr_t)mremap((void *)(uintptr_t)${int('old_address')}, (size_t)${int('old_size')}, (size_t)${int('new_size')}, (int)${flags('flags', MREMAP_TABLE)}, (void *)(uintptr_t)${int('new_address', '0')});\n  int e = errno;\n  ${bindAddr}\n  put_ret_addr(r, e);`;
    case 'madvise':
      return sysInt(
        `madvise((void *)(uintptr_t)${int('addr')}, (size_t)${int('length')}, (int)${flags('advice', MADV_TABLE)})`,
      );
    case 'memfd_create':
      if (typeof s.name !== 'string') throw new ScenarioError(`${w}.name`, 'expected a string');
      return sysInt(`memfd_create(${cString(s.name)}, (unsigned int)${flags('flags', MFD_TABLE)})`);
    case 'ftruncate':
      return sysInt(`ftruncate((int)${int('fd')}, (off_t)${int('length')})`);
    case 'close':
      return sysInt(`close((int)${int('fd')})`);
    case 'prctl':
      return sysInt(
        `prctl((int)${flags('option', PR_OPTION_TABLE)}, (unsigned long)${flags('arg', PR_ARG_TABLE)}, 0UL, 0UL, 0UL)`,
      );
    case 'fork':
      return `do_fork(${plan.forkChild.get(leaf.id)}, ${cString(String(s.as))});`;
    case 'exit':
      return `do_exit((int)${int('status', '0')});`;
    case 'load':
      return `do_load((unsigned long long)${int('addr')}, ${int('length', '1')});`;
    case 'store':
      if (s.bytes !== undefined) {
        return `static const unsigned char d[] = ${bytesC(s.bytes, `${w}.bytes`)};\n  do_store((unsigned long long)${int('addr')}, d, sizeof d, sizeof d);`;
      }
      return `static const unsigned char d[] = ${bytesC(s.fill, `${w}.fill`)};\n  do_store((unsigned long long)${int('addr')}, d, sizeof d, ${int('length')});`;
    case 'pagemap':
      return `do_pagemap((unsigned long long)${int('addr')}, ${int('length')});`;
    case 'stg':
    case 'st2g':
    case 'stzg':
    case 'stz2g': {
      const unit = s.do === 'st2g' || s.do === 'stz2g' ? '32LL' : '16LL';
      return `do_tagstore(${TAG_KIND[s.do]}, (unsigned long long)${int('addr')}, ${int('length', unit)});`;
    }
    case 'ldg':
      return `do_ldg((unsigned long long)${int('addr')}, ${int('length', '1LL')});`;
    case 'irg':
      return `do_irg((unsigned long long)${int('addr')}, (unsigned long long)${int('exclude', '0LL')});`;
    case 'addg':
    case 'subg': {
      const off = constInt(s.offset, `${w}.offset`);
      const toff = constInt(s.tag_offset, `${w}.tag_offset`);
      if (off < 0n || off > 1008n || off % 16n !== 0n)
        throw new ScenarioError(`${w}.offset`, `0..1008 in steps of 16, got ${off}`);
      if (toff < 0n || toff > 15n) throw new ScenarioError(`${w}.tag_offset`, `0..15, got ${toff}`);
      return `DO_TAGARITH("${s.do}", (unsigned long long)${int('addr')}, ${off}, ${toff});`;
    }
    case 'dc_gzva':
      return `do_dc_gzva((unsigned long long)${int('addr')});`;
    case 'mte_tcf_preferred':
      if (typeof s.value !== 'string') throw new ScenarioError(`${w}.value`, 'expected a string');
      return `do_tcf_preferred(${cString(s.value)});`;
    case 'refpage_create':
    case 'userfaultfd':
    case 'ioctl':
    case 'read':
    case 'poll':
    case 'rss':
      throw new CrosscheckRefusal(REFUSED[s.do]!);
    default: {
      const never: never = s;
      throw new ScenarioError(
        `${w}.do`,
        `unknown call ${JSON.stringify((never as { do: unknown }).do)}`,
      );
    }
  }
}

const ADDRESS_CALLS = new Set(['mmap', 'mremap']);

/** The scenario's C program (refuses with CrosscheckRefusal, errors with ScenarioError). */
export function generateArm64C(doc: ScenarioDocument): string {
  const why = arm64RefusalReason(doc);
  if (why) throw new CrosscheckRefusal(why);
  const plan = new Plan();
  plan.slotFor('main', 'main');
  const procs = new Set(['main']);
  const walk: string[] = [];
  const visit = (
    steps: readonly Step[],
    path: string,
    where: string,
    inRepeat: boolean,
    indent: string,
  ): void => {
    steps.forEach((step, i) => {
      const p = `${path}/${i}`;
      const wh = `${where}[${i}]`;
      if (step.do === 'repeat') {
        const idx = step.as !== undefined ? plan.nameIndex(step.as) : -1;
        const count = intC(step.count, plan, `${wh}.count`);
        walk.push(`${indent}{ long long n_${i} = ${count};`);
        walk.push(`${indent}  for (long long k_${i} = 0; k_${i} < n_${i}; k_${i}++) {`);
        if (idx >= 0) walk.push(`${indent}    bind_index(${idx}, k_${i});`);
        visit(step.steps, `${p}/steps`, `${wh}.steps`, true, indent + '    ');
        walk.push(`${indent}  }\n${indent}}`);
        return;
      }
      const slot = plan.slotFor(step.proc ?? 'main', step.thread ?? 'main');
      const id = plan.leaves.length;
      plan.leaves.push({ id, step, path: p, where: wh, slot });
      if (step.do === 'fork') {
        if (!step.as)
          throw new ScenarioError(`${wh}.as`, 'fork needs `as`: the name of the child process');
        if (inRepeat)
          throw new CrosscheckRefusal(
            'the cross-check cannot fork inside a repeat (each child needs its own name)',
          );
        if (procs.has(step.as))
          throw new ScenarioError(`${wh}.as`, `process "${step.as}" already exists`);
        procs.add(step.as);
        plan.forkChild.set(id, plan.slotFor(step.as, 'main'));
      } else if (step.as !== undefined) {
        plan.nameIndex(step.as, ADDRESS_CALLS.has(step.do));
      }
      walk.push(`${indent}run_step(${id});`);
    });
  };
  visit(doc.steps, 'steps', 'steps', false, '  ');
  const bodies = plan.leaves.map(
    (l) => `static void step_${l.id}(void) {\n  ${emitStep(l, plan)}\n}`,
  );

  const nNames = plan.names.length;
  const maxErrno = Math.max(...Object.values(ERRNO)) + 1;
  const errnoNames: string[] = new Array<string>(maxErrno).fill('0');
  for (const [name, n] of Object.entries(ERRNO))
    if (errnoNames[n] === '0') errnoNames[n] = cString(name);
  const strs = (xs: string[]): string => `{${xs.map(cString).join(', ')}}`;
  const ints = (xs: number[]): string => `{${xs.join(', ')}}`;
  const L = plan.leaves;
  const head = [
    `/* ${(doc.title ?? 'faultline scenario').replace(/\*\//g, '* /')} — generated by faultline for the arm64 MTE cross-check */`,
    `#define PAGE ${doc.machine?.pageSize ?? 4096}`,
    `#define NSLOTS ${plan.slots.length}`,
    `#define NNAMES ${nNames}`,
    `#define NSTEPS ${Math.max(1, L.length)}`,
    `#define NERRNO ${maxErrno}`,
    `static const char *const NAME[NNAMES + 1] = ${strs([...plan.names.map((n) => n.name), ''])};`,
    `static const int NAME_IS_ADDR[NNAMES + 1] = ${ints([...plan.names.map((n) => (n.isAddr ? 1 : 0)), 0])};`,
    `static const char *const SLOT_PROC[NSLOTS] = ${strs(plan.slots.map((s) => s.proc))};`,
    `static const char *const SLOT_THREAD[NSLOTS] = ${strs(plan.slots.map((s) => s.thread))};`,
    `static const int SLOT_MAIN[NSLOTS] = ${ints(plan.slots.map((s) => s.main))};`,
    `static const char *const STEP_PATH[NSTEPS] = ${strs(L.length ? L.map((l) => l.path) : [''])};`,
    `static const char *const STEP_DO[NSTEPS] = ${strs(L.length ? L.map((l) => l.step.do) : [''])};`,
    `static const int STEP_SLOT[NSTEPS] = ${ints(L.length ? L.map((l) => l.slot) : [0])};`,
    `static const int STEP_BIND[NSTEPS] = ${ints(L.length ? L.map((l) => (l.step.as !== undefined && l.step.do !== 'fork' ? plan.names.findIndex((n) => n.name === l.step.as) : -1)) : [-1])};`,
    `static const int STEP_FORK_CHILD[NSTEPS] = ${ints(L.length ? L.map((l) => plan.forkChild.get(l.id) ?? -1) : [-1])};`,
    `static const char *const ERRNO_NAME[NERRNO] = {${errnoNames.join(', ')}};`,
  ];
  // The runtime's #includes must come first: move its preprocessor prelude above the tables.
  const split = RUNTIME_C.indexOf('#define TAG(');
  const includes = RUNTIME_C.slice(0, split);
  const runtime = RUNTIME_C.slice(split);
  return [
    includes,
    head.join('\n'),
    runtime,
    bodies.join('\n\n'),
    `static void (*STEP_FN[NSTEPS])(void) = {${L.length ? L.map((l) => `step_${l.id}`).join(', ') : '0'}};`,
    `static void run_all(void) {\n${walk.join('\n')}\n}`,
    '',
  ].join('\n');
}
