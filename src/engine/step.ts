/**
 * The engine's one pure entry point (design habit 2): step(state, input) → { state, results }.
 * Dispatches on the step's `do` with an exhaustiveness check, so a call that is added to the
 * format but not handled here fails to compile.
 */
import type { LeafStep } from '../scenario/types';
import { MADV_TABLE, MAP_TABLE, MFD_TABLE, MREMAP_TABLE, PROT_TABLE } from '../uapi';
import { ScenarioError } from '../scenario/types';
import type { StepInput, StepOutput } from './api';
import type { StepResult } from './result';
import type { EngineState } from './state';
import { beginTx, flushFolded, own, whereOf, wProc, type Kernel, type Tx } from './tx';
import { addrArg, bigArg, bytesArg, flagsArg, ptrArg, sArg, uArg, type ArgCtx } from './args';
import { sysFields, type Fields } from './fields';
import { newThread } from './init';
import { sysMmap, sysMunmap } from './mm/mmap';
import { sysMprotect } from './mm/mprotect';
import { sysMremap } from './mm/mremap';
import { sysMadvise } from './mm/madvise';
import { sysClose, sysFtruncate, sysMemfdCreate } from './kernel/memfd';
import { copyProcess } from './kernel/fork';
import { exitMm } from './kernel/exit';
import { sysRefpageCreate } from './refpage';
import { runAccess } from './access';
import { pagemap, rss } from './fs/proc/task_mmu';
import { symbolize } from './symbols';
import { sysIoctl, sysPoll, sysRead, sysUserfaultfd } from './fs/uffd_syscalls';
import { liveUffdOf } from './fs/userfaultfd';
import { userfaultfdStepEnd } from './fs/userfaultfd_events';
import { schedule } from './kernel/sched/core';
import type { Wait } from './kernel/sched/types';
import { FILE_OPERATIONS } from './kernel/file_operations';
import {
  doAddg,
  doDcGzva,
  doIrg,
  doLdg,
  doStg,
  doSubg,
  sysMteTcfPreferred,
  sysPrctl,
} from './arch/arm64/mte';

function assertNever(x: never): never {
  throw new Error(`unhandled ${JSON.stringify(x)}`);
}

/** Where a blocked thread sleeps, in the kernel's words, for the scenario error. */
function blockedWhere(wait: Wait): string {
  switch (wait.kind) {
    case 'uffd_event':
      return 'waiting in userfaultfd_event_wait_completion for the monitor to read its event';
    case 'fork_child':
      return 'a child whose fork has not returned (its parent waits for the FORK event to be read)';
    case 'userfault':
      return 'blocked in handle_userfault';
    default:
      return assertNever(wait);
  }
}

/** Makes sure the step's process and thread can run it (format section 4). */
function enter(state: EngineState, input: StepInput): { proc: string; thread: string } {
  const st = input.step;
  const proc = st.proc ?? 'main';
  const thread = st.thread ?? 'main';
  const p = state.procs[proc];
  if (!p)
    throw new ScenarioError(
      whereOf(input.path, 'proc'),
      `no process named "${proc}" (a child is named by its fork step's "as")`,
    );
  if (!p.alive) {
    const how = p.killedBy ? `was killed (${p.killedBy})` : 'has exited';
    throw new ScenarioError(whereOf(input.path, 'proc'), `process "${proc}" ${how}`);
  }
  const t = p.threads[thread];
  if (t?.blocked) {
    const b = t.blocked;
    throw new ScenarioError(
      whereOf(input.path),
      `thread "${thread}" of "${proc}" is ${blockedWhere(b.wait)} since step #${b.seq} (${whereOf(b.path)}); wake it first`,
    );
  }
  return { proc, thread };
}

function ensureThread(tx: Tx, proc: string, thread: string): void {
  const p = tx.s.procs[proc]!;
  if (p.threads[thread]) return;
  // A new thread starts as if main had just called pthread_create: it inherits main's state now.
  const tid = tx.s.nextPid++;
  const w = wProc(tx, proc);
  w.threads = own(tx, w.threads);
  w.threads[thread] = newThread(thread, tid, p.threads.main ?? undefined);
  w.threadOrder = [...w.threadOrder, thread];
}

function dispatch(tx: Tx, c: ArgCtx, st: LeafStep): Fields {
  switch (st.do) {
    case 'mmap':
      return sysFields(
        sysMmap(tx, {
          addr: addrArg(c, st, 'addr', 0),
          length: uArg(c, st, 'length'),
          prot: flagsArg(c, st, 'prot', PROT_TABLE),
          flags: flagsArg(c, st, 'flags', MAP_TABLE),
          fd: sArg(c, st, 'fd', -1),
          offset: sArg(c, st, 'offset', 0),
        }),
      );
    case 'munmap':
      return sysFields(sysMunmap(tx, addrArg(c, st, 'addr'), uArg(c, st, 'length')));
    case 'mprotect':
      return sysFields(
        sysMprotect(
          tx,
          addrArg(c, st, 'addr'),
          uArg(c, st, 'length'),
          flagsArg(c, st, 'prot', PROT_TABLE),
        ),
      );
    case 'mremap':
      return sysFields(
        sysMremap(tx, {
          old_address: addrArg(c, st, 'old_address'),
          old_size: uArg(c, st, 'old_size'),
          new_size: uArg(c, st, 'new_size'),
          flags: flagsArg(c, st, 'flags', MREMAP_TABLE),
          new_address: addrArg(c, st, 'new_address', 0),
        }),
      );
    case 'madvise':
      return sysFields(
        sysMadvise(
          tx,
          addrArg(c, st, 'addr'),
          uArg(c, st, 'length'),
          flagsArg(c, st, 'advice', MADV_TABLE),
        ),
      );
    case 'memfd_create':
      return sysFields(sysMemfdCreate(tx, st.name, flagsArg(c, st, 'flags', MFD_TABLE)));
    case 'ftruncate':
      return sysFields(sysFtruncate(tx, sArg(c, st, 'fd'), sArg(c, st, 'length')));
    case 'close':
      return sysFields(sysClose(tx, sArg(c, st, 'fd')));
    case 'fork': {
      const child = st.as ?? `child${tx.s.nextPid}`;
      const old = tx.s.procs[child];
      if (old?.alive)
        throw new ScenarioError(
          whereOf(tx.path, 'as'),
          `a process named "${child}" already exists`,
        );
      // A name whose process has exited may be bound again (a fork in a loop, the child exiting
      // each round), unless a userfaultfd still refers to that process by its name.
      if (old && liveUffdOf(tx.s, child))
        throw new ScenarioError(
          whereOf(tx.path, 'as'),
          `a userfaultfd still refers to the exited process "${child}": give the new child another name`,
        );
      copyProcess(tx, tx.proc, child);
      return { ret: child, errno: null, bind: { kind: 'proc', name: child } };
    }
    case 'exit':
      exitMm(tx, tx.proc, null, sArg(c, st, 'status', 0));
      return {};
    case 'load':
    case 'store': {
      const p = ptrArg(c, st, 'addr');
      let bytes: number[] | undefined;
      let fill: string | undefined;
      let length: number;
      if (st.do === 'store') {
        if (st.fill !== undefined) {
          const unit = bytesArg(c, st, 'fill');
          length = uArg(c, st, 'length');
          if (unit.length === 0)
            throw new ScenarioError(whereOf(tx.path, 'fill'), 'the fill pattern is empty');
          fill = st.fill.toLowerCase();
        } else {
          bytes = bytesArg(c, st, 'bytes');
          length = bytes.length;
        }
      } else length = uArg(c, st, 'length', 1);
      // A load's value is printed in full, so it stays readable; a fill (memset) may span a heap.
      const limit = fill !== undefined ? 16 * 2 ** 30 : 2 ** 20;
      if (length > limit)
        throw new ScenarioError(
          whereOf(tx.path, 'length'),
          `${length} bytes in one access is more than faultline simulates (${fill !== undefined ? '16 GiB for a fill' : '1 MiB'})`,
        );
      return runAccess(
        tx,
        { proc: tx.proc, thread: tx.thread },
        { op: st.do, addr: p.addr, length, bytes, fill, done: 0, value: '', tag: p.tag },
      );
    }
    case 'pagemap':
      return pagemap(tx.s, tx.proc, bigArg(c, st, 'addr'), uArg(c, st, 'length'));
    case 'rss':
      return { rss: rss(tx.s, tx.proc) };
    case 'refpage_create': {
      const content = st.content !== undefined ? bytesArg(c, st, 'content') : null;
      return {
        ...sysFields(
          sysRefpageCreate(tx, {
            content: content ? content.map((b) => b.toString(16).padStart(2, '0')).join('') : null,
            // An arm64 tagged pointer is fine: get_user_pages untags it
            // (docs/reference/refpage-mte.md M3).
            contentAddr: st.content_addr !== undefined ? ptrArg(c, st, 'content_addr').addr : null,
            size: uArg(c, st, 'size'),
            flags: uArg(c, st, 'flags', 0),
            pattern: uArg(c, st, 'pattern', 0),
          }),
        ),
      };
    }
    case 'userfaultfd':
      return sysUserfaultfd(tx, c, st);
    case 'ioctl':
      return sysIoctl(tx, c, st);
    case 'read':
      return sysRead(tx, c, st);
    case 'poll':
      return sysPoll(tx, c, st);
    case 'prctl':
      return sysPrctl(tx, c, st);
    case 'stg':
    case 'st2g':
    case 'stzg':
    case 'stz2g':
      return doStg(tx, c, st);
    case 'ldg':
      return doLdg(tx, c, st);
    case 'irg':
      return doIrg(tx, c, st);
    case 'addg':
      return doAddg(tx, c, st);
    case 'subg':
      return doSubg(tx, c, st);
    case 'dc_gzva':
      return doDcGzva(tx, c, st);
    case 'mte_tcf_preferred':
      return sysMteTcfPreferred(tx, st);
    default:
      return assertNever(st);
  }
}

/** The operation tables every step runs with. */
const KERNEL: Kernel = { fops: FILE_OPERATIONS };

export function step(
  state: EngineState,
  input: StepInput,
  scope: Record<string, number> = {},
  owned?: WeakSet<object>,
): StepOutput {
  const { proc, thread } = enter(state, input);
  const tx = beginTx(
    state,
    KERNEL,
    { seq: input.seq, path: input.path, do: input.step.do, proc, thread },
    owned,
  );
  ensureThread(tx, proc, thread);
  const c: ArgCtx = { s: tx.s, path: input.path, scope };
  const called = dispatch(tx, c, input.step);
  // The threads the call woke run now, each in its own context (their records are `resumed`).
  schedule(tx);
  // A syscall that sent userfaultfd events waits for them to be read (format 4: `blocked`).
  const fields = userfaultfdStepEnd(tx, called, input.step.as);
  const { bind, retAddr } = fields;
  const as = input.step.as;
  if (as !== undefined && input.step.do !== 'fork') {
    tx.s.bindings = own(tx, tx.s.bindings);
    if (bind) tx.s.bindings[as] = bind;
    else if (retAddr !== undefined)
      tx.s.bindings[as] = { kind: 'addr', value: retAddr, seq: input.seq };
    else if (typeof fields.ret === 'number') {
      const d = input.step.do;
      const fdCall = d === 'memfd_create' || d === 'refpage_create' || d === 'userfaultfd';
      tx.s.bindings[as] = fdCall
        ? { kind: 'fd', value: fields.ret, proc }
        : { kind: 'int', value: fields.ret };
    }
  } else if (bind && as !== undefined) {
    tx.s.bindings = own(tx, tx.s.bindings);
    tx.s.bindings[as] = bind;
  }
  tx.s.seq = input.seq;
  // The record: where the step ran, then the handler's fields in their order (all but what `as`
  // binds), then the events. Copied field by field: a spread inside a literal is slow, per step.
  const result = {
    seq: input.seq,
    path: input.path,
    do: input.step.do,
    proc,
    thread,
  } as StepResult;
  const out = result as unknown as Record<string, unknown>;
  for (const k in fields) {
    if (k !== 'bind' && k !== 'retAddr') out[k] = fields[k as keyof Fields];
  }
  if (retAddr !== undefined) result.ret = symbolize(tx.s, retAddr);
  flushFolded(tx);
  result.events = tx.events;
  return { state: tx.s, results: tx.woken.length ? [result, ...tx.woken] : [result] };
}
