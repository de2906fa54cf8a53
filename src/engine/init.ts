/** The state before a scenario's first step: one process `main` with one thread `main`. */
import type { ScenarioDocument } from '../scenario/types';
import { DEFAULT_MACHINE } from '../scenario/types';
import type { EngineState, Proc, Thread } from './state';
import { initialFrames } from './mm/page_alloc';
import { mmapBase } from './mm/layout';

export function newThread(name: string, tid: number, from?: Thread): Thread {
  return {
    name,
    tid,
    blocked: null,
    mte: from ? { ...from.mte } : { tagged: false, tcf: 0, incl: 0 },
  };
}

export function initialState(doc: Pick<ScenarioDocument, 'machine'>): EngineState {
  const machine = { ...DEFAULT_MACHINE, ...(doc.machine ?? {}) };
  const main: Proc = {
    name: 'main',
    pid: 1,
    parent: null,
    alive: true,
    exitStatus: null,
    killedBy: null,
    mm: { vmas: [], pgd: null, rss: { anon: 0, file: 0, shmem: 0 }, mmapBase: mmapBase(machine) },
    fds: {},
    cloexec: {},
    threads: { main: newThread('main', 1) },
    threadOrder: ['main'],
  };
  return {
    machine,
    procs: { main },
    procOrder: ['main'],
    files: {},
    inodes: {},
    refpages: {},
    uffds: {},
    nextId: 1,
    nextPid: 2,
    frames: initialFrames(machine.frames),
    bindings: {},
    stats: {
      faults: {},
      framesAllocated: 0,
      framesFreed: 0,
      bytesZeroed: 0,
      bytesCopied: 0,
      bytesMemset: 0,
      bytesStoredByUser: 0,
      peakRss: 0,
    },
    seq: 0,
    rng: 0x2545f491,
  };
}
