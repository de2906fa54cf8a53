/**
 * The MTE instructions a program runs, as steps (docs/reference/refpage-mte.md T4): STG, ST2G,
 * STZG, STZ2G, DC GZVA (tag stores), LDG (a tag load), IRG, ADDG, SUBG (tag arithmetic on pointers,
 * no memory access).
 * No kernel function runs them; they reach the kernel only when they fault (a tag store is a store
 * for permissions: on the zero page or a CoW-shared page it copies the page first, P2a).
 *
 * - On an arm64 machine without MTE the instructions are UNDEFINED: SIGILL/ILL_ILLOPC.
 * - On x86_64 they are no instructions at all: calls.ts marks them arm64-only, so such a scenario
 *   is refused by validation (a scenario error). An x86 CPU would not raise SIGILL for an
 *   "STG": the same bytes decode as some other x86 instruction, so no honest outcome exists.
 * - A tag store needs a 16-byte-aligned address, else an alignment fault: SIGBUS/BUS_ADRALN.
 *   LDG and DC GZVA align the address down instead (to the granule, to the 64-byte block).
 */
import type {
  AddgStep,
  DcGzvaStep,
  IrgStep,
  LdgStep,
  St2gStep,
  StgStep,
  Stz2gStep,
  StzgStep,
  SubgStep,
} from '../../../scenario/types';
import { ScenarioError } from '../../../scenario/types';
import type { ArgCtx } from '../../args';
import { ptrArg, uArg } from '../../args';
import type { Fields } from '../../fields';
import { countFault, emit, whereOf, type Tx } from '../../tx';
import { runAccess } from '../../access';
import { gcrExclude } from './mte_mode';
import { DC_ZVA_BLOCK, MTE_GRANULE } from './mte_tags';
import { hexDigit, type Sentence } from '../../sentence';

const ADDR_MASK_56 = 2 ** 56;

function sigill(tx: Tx, what: string): Fields {
  countFault(tx, 'sigill');
  emit(tx, {
    kind: 'signal',
    fn: 'do_el0_undef',
    path: ['el0_undef', 'do_el0_undef', 'force_signal_inject'],
    signal: 'SIGILL',
    si_code: 'ILL_ILLOPC',
    addr: 0,
  });
  emit(tx, { kind: 'note', fn: 'do_el0_undef', text: `${what} is UNDEFINED on a CPU without MTE` });
  return { signal: 'SIGILL', si_code: 'ILL_ILLOPC' };
}

function at(tx: Tx): { proc: string; thread: string } {
  return { proc: tx.proc, thread: tx.thread };
}

type TagStoreStep = StgStep | St2gStep | StzgStep | Stz2gStep;

const TAG_STORES: Record<TagStoreStep['do'], { granules: number; zero: boolean; insn: string }> = {
  stg: { granules: 1, zero: false, insn: 'STG' },
  st2g: { granules: 2, zero: false, insn: 'ST2G' },
  stzg: { granules: 1, zero: true, insn: 'STZG' },
  stz2g: { granules: 2, zero: true, insn: 'STZ2G' },
};

/**
 * STG/ST2G/STZG/STZ2G over [addr, addr+length): one instruction per 1 or 2 granules, in address
 * order, each setting the allocation tags to the pointer's logical tag (and zeroing the data).
 */
export function doStg(tx: Tx, c: ArgCtx, st: TagStoreStep): Fields {
  const k = TAG_STORES[st.do];
  if (!tx.s.machine.mte) return sigill(tx, k.insn);
  const p = ptrArg(c, st, 'addr');
  const unit = k.granules * MTE_GRANULE;
  const length = uArg(c, st, 'length', unit);
  if (length > 64 * 1024 * 1024)
    throw new ScenarioError(
      whereOf(tx.path, 'length'),
      `${length} bytes in one step is more than faultline simulates (64 MiB)`,
    );
  if (p.addr % MTE_GRANULE !== 0) {
    countFault(tx, 'sigbus');
    emit(tx, {
      kind: 'signal',
      fn: 'do_alignment_fault',
      path: ['el0_da', 'do_mem_abort', 'do_alignment_fault'],
      signal: 'SIGBUS',
      si_code: 'BUS_ADRALN',
      addr: p.addr,
    });
    return { signal: 'SIGBUS', si_code: 'BUS_ADRALN' };
  }
  const bytes = Math.ceil(length / unit) * unit;
  return runAccess(tx, at(tx), {
    op: 'settag',
    addr: p.addr,
    length: bytes,
    tag: p.tag,
    zero: k.zero,
    done: 0,
    value: '',
  });
}

/** LDG over the granules that [addr, addr+length) touches (16: one); `value` has a hex digit each. */
export function doLdg(tx: Tx, c: ArgCtx, st: LdgStep): Fields {
  if (!tx.s.machine.mte) return sigill(tx, 'LDG');
  const p = ptrArg(c, st, 'addr');
  const length = Math.max(1, uArg(c, st, 'length', 1)); // default: the granule holding addr
  if (length > 64 * 1024 * 1024)
    throw new ScenarioError(
      whereOf(tx.path, 'length'),
      `${length} bytes in one step is more than faultline simulates (64 MiB)`,
    );
  const start = p.addr - (p.addr % MTE_GRANULE);
  const end = Math.ceil((p.addr + length) / MTE_GRANULE) * MTE_GRANULE;
  const r = runAccess(tx, at(tx), {
    op: 'ldg',
    addr: start,
    length: end - start,
    done: 0,
    value: '',
  });
  return r;
}

/** DC GZVA: zero the 64-byte block holding addr and set its four granules' tags (T4). */
export function doDcGzva(tx: Tx, c: ArgCtx, st: DcGzvaStep): Fields {
  if (!tx.s.machine.mte) return sigill(tx, 'DC GZVA');
  const p = ptrArg(c, st, 'addr');
  const start = p.addr - (p.addr % DC_ZVA_BLOCK);
  return runAccess(tx, at(tx), {
    op: 'settag',
    addr: start,
    length: DC_ZVA_BLOCK,
    tag: p.tag,
    zero: true,
    done: 0,
    value: '',
  });
}

/** A 32-bit xorshift step: IRG's "random" tag, deterministic from the state (design habit 7). */
export function nextRandom(x: number): number {
  let v = x >>> 0 || 0x2545f491;
  v ^= v << 13;
  v >>>= 0;
  v ^= v >>> 17;
  v ^= v << 5;
  return v >>> 0;
}

function popcount16(m: number): number {
  let n = 0;
  for (let i = 0; i < 16; i++) n += (m >> i) & 1;
  return n;
}

/** The result of a pointer instruction: its tag as `value`, the tagged pointer bound by `as`. */
function pointerResult(addr: number, top: number): Fields {
  const tag = top & 0xf;
  return { value: tag.toString(16), bind: { kind: 'int', value: addr, top } };
}

/**
 * IRG Xd, Xn, Xm: Xn with a random logical tag, excluding Xm's mask and GCR_EL1.Exclude (C7).
 * Linux runs with GCR_EL1.RRND=1, so the hardware picks at random; faultline picks uniformly among
 * the allowed tags with its seeded generator. Every tag excluded gives tag 0.
 */
export function doIrg(tx: Tx, c: ArgCtx, st: IrgStep): Fields {
  if (!tx.s.machine.mte) return sigill(tx, 'IRG');
  const p = ptrArg(c, st, 'addr');
  const reg = uArg(c, st, 'exclude', 0) % 0x10000;
  const exclude = (reg | gcrExclude(tx.s, tx.proc, tx.thread)) & 0xffff;
  const candidates = ~exclude & 0xffff;
  let tag = 0;
  if (candidates !== 0) {
    const r = nextRandom(tx.s.rng);
    tx.s.rng = r;
    let k = r % popcount16(candidates);
    for (let t = 0; t < 16; t++) {
      if (!((candidates >> t) & 1)) continue;
      if (k-- === 0) {
        tag = t;
        break;
      }
    }
  }
  emit(tx, { kind: 'tag_generated', fn: 'IRG', addr: p.addr, tag, candidates });
  return pointerResult(p.addr, (p.top & 0xf0) | tag);
}

/** A `tag_generated` event: IRG picked a random tag outside the excluded ones. */
export const tagGeneratedSentence: Sentence<'tag_generated'> = (e, at) =>
  `IRG chose tag ${hexDigit(e.tag)} for ${at(e.addr)} from the allowed tags.`;

/** AArch64.ChooseNonExcludedTag: tag + offset, stepping over excluded tags; all excluded gives 0. */
export function chooseNonExcludedTag(tag: number, offset: number, exclude: number): number {
  if ((exclude & 0xffff) === 0xffff) return 0;
  const excluded = (t: number): boolean => ((exclude >> t) & 1) === 1;
  let t = tag & 0xf;
  if (offset === 0) {
    while (excluded(t)) t = (t + 1) & 0xf;
  }
  for (let i = 0; i < offset; i++) {
    t = (t + 1) & 0xf;
    while (excluded(t)) t = (t + 1) & 0xf;
  }
  return t;
}

function tagArith(tx: Tx, c: ArgCtx, st: AddgStep | SubgStep): Fields {
  const insn = st.do === 'addg' ? 'ADDG' : 'SUBG';
  if (!tx.s.machine.mte) return sigill(tx, insn);
  const p = ptrArg(c, st, 'addr');
  const offset = uArg(c, st, 'offset');
  const tagOffset = uArg(c, st, 'tag_offset');
  if (offset % MTE_GRANULE !== 0 || offset > 63 * MTE_GRANULE) {
    throw new ScenarioError(
      whereOf(tx.path, 'offset'),
      `${insn} takes an offset of 0..1008 in steps of 16, got ${offset}`,
    );
  }
  if (tagOffset > 15)
    throw new ScenarioError(
      whereOf(tx.path, 'tag_offset'),
      `${insn} takes a tag offset of 0..15, got ${tagOffset}`,
    );
  const addr =
    (((st.do === 'addg' ? p.addr + offset : p.addr - offset) % ADDR_MASK_56) + ADDR_MASK_56) %
    ADDR_MASK_56;
  const tag = chooseNonExcludedTag(p.tag, tagOffset, gcrExclude(tx.s, tx.proc, tx.thread));
  emit(tx, { kind: 'note', fn: insn, text: `tag ${p.tag} + ${tagOffset} → ${tag}`, addr });
  return pointerResult(addr, (p.top & 0xf0) | tag);
}

export function doAddg(tx: Tx, c: ArgCtx, st: AddgStep): Fields {
  return tagArith(tx, c, st);
}

export function doSubg(tx: Tx, c: ArgCtx, st: SubgStep): Fields {
  return tagArith(tx, c, st);
}
