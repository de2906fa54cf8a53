/**
 * The built-in lessons, in the order the "Lessons" dialog lists them: the default scenario first,
 * then by level. Each is a validated scenario document with `expect`s on its key results (so it is
 * its own test: src/lessons/node/lessons.test.ts), notes, and step-by-step narration.
 */
import type { Lesson } from './types';
import { zeroPage } from './zero-page';
import { forkCow } from './fork-cow';
import { memfdShared } from './memfd-shared';
import { patternFillMemset, patternFillRefpage } from './pattern-fill';
import { refpageDontneed } from './refpage-dontneed';
import { mremapMove } from './mremap-move';
import { oomKiller } from './oom-killer';
import { uffdMissing } from './uffd-missing';
import { uffdMove } from './uffd-move';
import { mteSyncAsync } from './mte-sync-async';
import { mtePretaggedHeap } from './mte-pretagged-heap';

export const LESSONS: readonly Lesson[] = [
  zeroPage,
  forkCow,
  memfdShared,
  patternFillMemset,
  patternFillRefpage,
  refpageDontneed,
  mremapMove,
  oomKiller,
  uffdMissing,
  uffdMove,
  mteSyncAsync,
  mtePretaggedHeap,
];
