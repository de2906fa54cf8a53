/**
 * refpage_create(2), "mm: introduce reference pages" v5 (Peter Collingbourne, 2021; never merged):
 * a file descriptor whose private mappings read as endless repetitions of `size` bytes of
 * `content` (seed 000). Rules and their sources: docs/reference/refpage-mte.md section A.
 *
 * The mapping side lives in the fault path: a read fault maps the one reference page read-only
 * (F1, mm/memory.ts doAnonymousPage), a write fault fills a new page from it (F2/F3/F4,
 * newAnonContents), MADV_DONTNEED brings the pattern back (F6), reference-page PTEs are special
 * and uncounted (F7, R1).
 *
 * Where the spec says "inferred" (no message or test states it), faultline's reading and why:
 * - V5: which mappings make GUP fail: none (no VMA) and PROT_NONE, because get_user_pages without
 *   FOLL_WRITE needs a readable VMA; a page not yet present is faulted in, as GUP does.
 * - A11/A12: read(2) is EINVAL because the file has no read method, so VFS never sets
 *   FMODE_CAN_READ (fs/uffd_syscalls.ts sysRead).
 * - A14/R1: the reference page belongs to the fd, not to a process, and a REF PTE is special like
 *   the zero page's, so it is in no process's RSS; only the frame count sees it.
 * - A17/A18: the fd is O_RDONLY, so do_mmap refuses MAP_SHARED|PROT_WRITE (EACCES) and strips
 *   VM_SHARED|VM_MAYWRITE from a read-only MAP_SHARED mapping, which then behaves as a private
 *   read-only one and can never be made writable (mm/mmap.ts, mm/mprotect.ts).
 * - A19: the offset changes nothing: the file is an infinite repetition of the content.
 * - K1: fork copies refpage VMAs like anonymous ones (kernel/fork.ts): REF PTEs only where the VMA
 *   has an anon_vma; either way the child sees the pattern.
 * - F5: v5 fills new pages without zeroing them first (__GFP_NOZERO); the cost counters follow v5,
 *   so a refpage write fault adds to bytesMemset or bytesCopied and not to bytesZeroed.
 * - K4: mprotect, mremap and munmap treat the VMA as anonymous.
 */
import type { RefPage } from './state';
import { VM_READ, VM_WRITE, VM_EXEC } from './state';
import { emit, nextId, own, whereOf, type Tx } from './tx';
import { ScenarioError } from '../scenario/types';
import { fail, ok, type SysResult } from './syscall';
import { allocFrame, frameAt, putPage } from './mm/page_alloc';
import { patternData, readHex } from './mm/pagedata';
import { findVma } from './mm/vma';
import { getPte } from './mm/rmap';
import { doUserAddrFault } from './mm/memory';
import { GUP_FAULT } from './mm/gup';
import { installFd, newFile, fput } from './kernel/files';
import { contentTagsOf, refpageTags } from './refpage_mte';
import { PTE_PRESENT, ptePfn } from './state';

export interface RefpageArgs {
  /** The content bytes when given inline (hex), else read from `contentAddr`. */
  content: string | null;
  contentAddr: number | null;
  size: number;
  flags: number;
  /** The seed's 4-argument prototype's `pattern`: reserved, non-zero is EINVAL (A4, inferred). */
  pattern: number;
}

function isPowerOf2(n: number): boolean {
  return n > 0 && Number.isInteger(n) && (n & (n - 1)) === 0;
}

export function sysRefpageCreate(tx: Tx, a: RefpageArgs): SysResult {
  const ps = tx.s.machine.pageSize;
  // V1 (seed 001 quotes the v5 code): flags must be 0; A4: so must the reserved `pattern`.
  if (a.flags !== 0 || a.pattern !== 0) return fail('EINVAL');
  // V2, V3: a power of two (0 is not one) no larger than a page.
  if (!isPowerOf2(a.size) || a.size > ps) return fail('EINVAL');
  let content: string;
  let contentTags: string | null = null;
  if (a.contentAddr !== null) {
    // V4: content aligned to size.
    if (a.contentAddr % a.size !== 0) return fail('EINVAL');
    // V5: get_user_pages of the content's page (read, no FOLL_WRITE: A6). Which mappings fail is
    // inferred: no VMA, or a VMA without read permission (PROT_NONE).
    const read = gupRead(tx, a.contentAddr, a.size);
    if (read === null) return fail('EFAULT');
    content = read.hex;
    contentTags = read.tags;
  } else {
    if (a.content === null) return fail('EFAULT');
    if (a.content.length / 2 !== a.size) {
      throw new ScenarioError(
        whereOf(tx.path, 'content'),
        `${a.content.length / 2} bytes given but size is ${a.size}`,
      );
    }
    content = a.content;
  }
  // V6: alloc_page(GFP_KERNEL). A8: the page holds PAGE_SIZE/size copies of the content.
  const t = refpageTags(tx, a.size, content, contentTags);
  const pfn = allocFrame(tx, { kind: 'refpage', data: patternData(content), tags: t.tags });
  if (pfn < 0) return fail('ENOMEM');
  const id = nextId(tx);
  const rp: RefPage = { id, pfn, content, size: a.size, refs: 1, gzvaTag: t.gzvaTag };
  tx.s.refpages = own(tx, tx.s.refpages);
  tx.s.refpages[id] = rp;
  emit(tx, {
    kind: 'frame_allocated',
    fn: 'refpage_create',
    path: ['sys_refpage_create', 'alloc_page', 'prep_refpage_private_data'],
    pfn,
    method: a.size === 1 ? 'memset' : 'copy',
    bytes: ps,
  });
  // A9: an anon inode "[refpage]" opened O_RDONLY|O_CLOEXEC.
  const file = newFile(tx, { kind: 'refpage', refpage: id, refs: 1 });
  const fd = installFd(tx, tx.proc, file, true);
  if (fd < 0) {
    fput(tx, file);
    return fail('EMFILE');
  }
  return ok(fd);
}

/** GUP of one page for reading the content: faults it in like a kernel read would. */
function gupRead(tx: Tx, addr: number, size: number): { hex: string; tags: string | null } | null {
  const ps = tx.s.machine.pageSize;
  const mm = tx.s.procs[tx.proc]!.mm;
  const i = findVma(mm, addr);
  if (i < 0) return null;
  const v = mm.vmas[i]!;
  if (!(v.flags & (VM_READ | VM_WRITE | VM_EXEC))) return null;
  const page = addr - (addr % ps);
  if (!(getPte(tx.s, tx.proc, page) & PTE_PRESENT)) {
    if (v.uffd !== null) return null; // a GUP that would wait for userfaultfd: not modelled
    const r = doUserAddrFault(tx, { proc: tx.proc, thread: tx.thread }, addr, false, [
      'get_user_pages',
      ...GUP_FAULT,
    ]);
    if (r.kind !== 'done') return null;
  }
  const f = frameAt(tx.s.frames, ptePfn(getPte(tx.s, tx.proc, page)))!;
  return { hex: readHex(f.data, addr - page, size), tags: contentTagsOf(tx, v, f, addr, size) };
}

/** A13: the reference page is freed at the last release of its file. */
export function refpageRelease(tx: Tx, id: number): void {
  const rp = tx.s.refpages[id]!;
  tx.s.refpages = own(tx, tx.s.refpages);
  delete tx.s.refpages[id];
  putPage(tx, rp.pfn, 'refpage_release');
}
