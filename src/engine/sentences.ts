/**
 * Every event kind's sentence, gathered from beside the function that emits it (sentence.ts). One
 * entry per kind, checked by the compiler: a new kind without a sentence does not build, and a kind
 * cannot have two. The explanation view (store/selectors/explain.ts) reads them from here only.
 */
import type { EngineEvent, EventKind } from './events';
import type { AddrText, Sentence } from './sentence';
import {
  cowCopiedSentence,
  faultSentence,
  frameAllocatedSentence,
  pageReusedSentence,
  refpageMappedSentence,
  signalSentence,
  zeroPageSentence,
} from './mm/memory';
import { pteClearedSentence, pteMappedSentence } from './mm/rmap';
import { frameFreedSentence } from './mm/page_alloc';
import { pagecacheSentence } from './mm/shmem';
import { vmaChangedSentence } from './mm/vma';
import { uffdFilledSentence } from './mm/userfaultfd';
import { pageMovedSentence } from './mm/userfaultfd_move';
import { uffdWpSentence } from './mm/userfaultfd_wp';
import { processSentence, pteSharedSentence } from './kernel/fork';
import { oomSentence } from './kernel/oom';
import { threadBlockedSentence, uffdMsgQueuedSentence } from './fs/userfaultfd';
import { threadWokenSentence } from './fs/userfaultfd_wake';
import { uffdCtxSentence } from './fs/uffd_syscalls';
import { uffdRangeSentence } from './fs/userfaultfd_register';
import { uffdMsgReadSentence } from './fs/userfaultfd_read';
import {
  tagCheckSentence,
  tagsClearedSentence,
  tagsCopiedSentence,
  tagsSetSentence,
} from './arch/arm64/mte_check';
import { tagGeneratedSentence } from './arch/arm64/mte_insn';
import { mteCtrlSentence } from './arch/arm64/mte';
import { noteSentence, summarySentence } from './tx';

export const SENTENCES: { readonly [K in EventKind]: Sentence<K> } = {
  fault: faultSentence,
  zero_page_mapped: zeroPageSentence,
  refpage_mapped: refpageMappedSentence,
  frame_allocated: frameAllocatedSentence,
  frame_freed: frameFreedSentence,
  pte_mapped: pteMappedSentence,
  pte_cleared: pteClearedSentence,
  cow_copied: cowCopiedSentence,
  page_reused: pageReusedSentence,
  pte_shared: pteSharedSentence,
  pagecache_page: pagecacheSentence,
  signal: signalSentence,
  vma_changed: vmaChangedSentence,
  process: processSentence,
  oom: oomSentence,
  thread_blocked: threadBlockedSentence,
  thread_woken: threadWokenSentence,
  uffd_msg_queued: uffdMsgQueuedSentence,
  note: noteSentence,
  tag_check: tagCheckSentence,
  tags_set: tagsSetSentence,
  tags_cleared: tagsClearedSentence,
  tags_copied: tagsCopiedSentence,
  tag_generated: tagGeneratedSentence,
  mte_ctrl: mteCtrlSentence,
  uffd_ctx: uffdCtxSentence,
  uffd_range: uffdRangeSentence,
  uffd_filled: uffdFilledSentence,
  page_moved: pageMovedSentence,
  uffd_wp_changed: uffdWpSentence,
  uffd_msg_read: uffdMsgReadSentence,
  summary: summarySentence,
};

/** The sentence for one event; `at` writes its addresses. */
export function eventSentence(e: EngineEvent, at: AddrText): string {
  const say = SENTENCES[e.kind] as ((e: EngineEvent, at: AddrText) => string) | undefined;
  // A record made by another version of the engine may hold a kind this one does not know.
  return say ? say(e, at) : `${e.kind} (${e.fn})`;
}
