/**
 * The engine's own account of what happened inside the kernel: past-tense facts, plain
 * serialisable objects, discriminated on `kind`. Each names the kernel function that did the work
 * (`fn`) and, where it helps, the call chain that led there (`path`), so a student can open the
 * real source beside it.
 */

/** How a new page's contents were produced. */
export type FillMethod = 'zero' | 'copy' | 'memset' | 'gzva';

/**
 * Why a write fault copied instead of writing the page it found (do_wp_page, do_cow_fault):
 * - zero, refpage: the PTE maps the shared zero page or a reference page (special, never
 *   written);
 * - file: a private mapping of a file (shmem) page: do_cow_fault copies the page-cache page;
 * - shared: an anonymous page mapped by other PTEs too (mapcount > 1: after fork, the parent's and
 *   the child's);
 * - referenced: an anonymous page mapped only here, but with another reference (refcount > 1),
 *   so wp_can_reuse_anon_folio refuses it.
 */
export type CowWhy = 'zero' | 'refpage' | 'file' | 'shared' | 'referenced';

interface Base {
  /** The kernel function that did the work. */
  fn: string;
  /** The call chain from the entry point to `fn`, outermost first. */
  path?: string[];
}

export type EngineEvent =
  /** A page fault entered the mm (handle_mm_fault). */
  | (Base & { kind: 'fault'; addr: number; write: boolean; vma?: number })
  /** A read fault mapped the shared zero page (do_anonymous_page). */
  | (Base & { kind: 'zero_page_mapped'; addr: number; pfn: number })
  /** A read fault mapped a reference page (refpage do_anonymous_page path). */
  | (Base & { kind: 'refpage_mapped'; addr: number; pfn: number })
  /** A frame was taken from the allocator and filled. */
  | (Base & {
      kind: 'frame_allocated';
      pfn: number;
      addr?: number;
      method: FillMethod;
      bytes: number;
    })
  /** A frame was returned to the allocator. */
  | (Base & { kind: 'frame_freed'; pfn: number })
  /** A PTE now maps a frame. */
  | (Base & { kind: 'pte_mapped'; addr: number; pfn: number; writable: boolean })
  /** A PTE was cleared. */
  | (Base & { kind: 'pte_cleared'; addr: number; pfn: number })
  /** copy-on-write: a private copy replaced a shared, zero or reference page. */
  | (Base & {
      kind: 'cow_copied';
      addr: number;
      from: number;
      to: number;
      method: FillMethod;
      why: CowWhy;
      /** The old page's counts before the copy (0 and 0 for a special page, which has none). */
      mapcount: number;
      refcount: number;
    })
  /** copy-on-write avoided: the page was exclusive and became writable in place. */
  | (Base & { kind: 'page_reused'; addr: number; pfn: number })
  /** fork write-protected a private page and shared it with the child. */
  | (Base & { kind: 'pte_shared'; addr: number; pfn: number; child: string })
  /** A shmem/page-cache lookup found or created a page. */
  | (Base & { kind: 'pagecache_page'; inode: number; index: number; pfn: number; created: boolean })
  /** A signal was delivered for an access. */
  | (Base & { kind: 'signal'; signal: string; si_code: string; addr: number })
  /** A VMA was created, split, merged, changed or removed. */
  | (Base & {
      kind: 'vma_changed';
      change: 'created' | 'split' | 'merged' | 'removed' | 'moved' | 'updated';
      start: number;
      end: number;
    })
  /** A process was created or exited. */
  | (Base & { kind: 'process'; change: 'forked' | 'exited' | 'oom_killed'; proc: string })
  /** The OOM killer was invoked. */
  | (Base & { kind: 'oom'; victim: string })
  /** The thread blocked in the kernel (userfaultfd). */
  | (Base & { kind: 'thread_blocked'; proc: string; thread: string; addr: number; uffd: number })
  /** A blocked thread was woken. */
  | (Base & { kind: 'thread_woken'; proc: string; thread: string; addr: number })
  /** A userfaultfd message was queued; `msg` names it, so the read that takes it can say so. */
  | (Base & { kind: 'uffd_msg_queued'; uffd: number; msg: number; event: string; addr?: number })
  /** Anything else worth telling, with the function that did it. */
  | (Base & { kind: 'note'; text: string; addr?: number; pfn?: number })
  /** MTE: a tag check on an access. */
  | (Base & {
      kind: 'tag_check';
      addr: number;
      ptrTag: number;
      memTag: number;
      ok: boolean;
      mode: string;
    })
  /** MTE: allocation tags changed. */
  | (Base & { kind: 'tags_set'; addr: number; length: number; tag: number; pfn?: number })
  /** MTE: a page's tags were cleared to 0 (a fresh page entering a PROT_MTE mapping). */
  | (Base & { kind: 'tags_cleared'; pfn: number; addr?: number })
  /** MTE: a page's tags were copied with its data (copy-on-write, a reference page copy). */
  | (Base & { kind: 'tags_copied'; from: number; to: number; addr?: number })
  /** MTE: IRG chose a tag among `candidates` (a 16-bit mask; 0: every tag excluded, so tag 0). */
  | (Base & { kind: 'tag_generated'; addr: number; tag: number; candidates: number })
  /** MTE: a thread's tagged-address control changed (prctl), and the mode it now runs in. */
  | (Base & { kind: 'mte_ctrl'; tagged: boolean; tcf: number; incl: number; mode: string })
  /** userfaultfd: a context was created, enabled (UFFDIO_API), made for a forked child, released. */
  | (Base & {
      kind: 'uffd_ctx';
      change: 'created' | 'enabled' | 'forked' | 'released';
      uffd: number;
      proc?: string;
    })
  /** userfaultfd: a range was registered (mode: UFFDIO_REGISTER_MODE_* bits) or unregistered. */
  | (Base & {
      kind: 'uffd_range';
      change: 'registered' | 'unregistered';
      uffd: number;
      start: number;
      end: number;
      mode?: number;
    })
  /** userfaultfd: mfill_atomic filled one page (a copy, the zero page, a cache page, a poison marker). */
  | (Base & {
      kind: 'uffd_filled';
      op: 'copy' | 'zeropage' | 'continue' | 'poison';
      addr: number;
      pfn?: number;
      /** UFFDIO_COPY: the source address, in the memory of the process that called the ioctl. */
      src?: number;
      /** UFFDIO_COPY: the frame holding the source's first byte when it was copied. */
      srcPfn?: number;
    })
  /** UFFDIO_MOVE: a page (or the zero page) moved from one address to another. */
  | (Base & { kind: 'page_moved'; from: number; to: number; pfn: number })
  /** userfaultfd write-protection set or cleared on a range. */
  | (Base & { kind: 'uffd_wp_changed'; start: number; end: number; wp: boolean })
  /** A uffd_msg was read from a userfaultfd: `msg` is the queued message's. */
  | (Base & { kind: 'uffd_msg_read'; uffd: number; msg: number; event: string; addr?: number })
  /** More events of one kind and function than a step records one by one (tx.ts EVENTS_PER_STEP). */
  | (Base & { kind: 'summary'; of: string; count: number; from?: number; to?: number });

export type EventKind = EngineEvent['kind'];
