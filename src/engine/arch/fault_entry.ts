/**
 * How a page fault reaches the mm, per architecture (Linux 6.18), and how the architecture turns a
 * failed fault into a signal. The mm's part (handle_mm_fault and below) is the same everywhere.
 *
 * x86_64 (arch/x86/mm/fault.c): exc_page_fault → do_user_addr_fault, which finds the VMA, checks the
 * access (access_error) and calls handle_mm_fault. No VMA: bad_area_nosemaphore; a forbidden
 * access: bad_area_access_error; both end in __bad_area_nosemaphore → force_sig_fault. A fault
 * handle_mm_fault could not resolve (VM_FAULT_SIGBUS, VM_FAULT_HWPOISON): do_sigbus.
 *
 * arm64 (arch/arm64/mm/fault.c): el0_da → do_mem_abort, which dispatches on the fault status: a
 * translation fault (no valid entry) goes to do_translation_fault, which calls do_page_fault for a
 * user address; a permission fault (a write to a read-only entry) goes to do_page_fault directly.
 * do_page_fault checks the VMA and calls handle_mm_fault; any failure is arm64_force_sig_fault.
 * A fault the kernel takes on a user address (copy_from_user) enters at el1_abort instead
 * (arch/arm64/kernel/entry-common.c); x86 enters exc_page_fault either way.
 */
import type { Machine } from '../../scenario/types';
import { chain } from '../callpath';

type Arch = Machine['arch'];

/** x86's one chain, made once: every fault of an x86 run starts with it. */
const X86_ENTRY = chain('exc_page_fault', 'do_user_addr_fault');

/**
 * The chain from the exception to the function that calls handle_mm_fault, outermost first.
 * `kernel`: the access was the kernel's own (a uaccess such as copy_from_user), not user code's.
 */
export function faultEntry(arch: Arch, present: boolean, kernel = false): string[] {
  if (arch === 'arm64') {
    const entry = kernel ? 'el1_abort' : 'el0_da';
    return present
      ? chain(entry, 'do_mem_abort', 'do_page_fault')
      : chain(entry, 'do_mem_abort', 'do_translation_fault', 'do_page_fault');
  }
  return X86_ENTRY;
}

/** The function that refuses a fault with no VMA (SEGV_MAPERR) or a forbidden access (SEGV_ACCERR). */
export function badArea(
  arch: Arch,
  entry: readonly string[],
  code: 'SEGV_MAPERR' | 'SEGV_ACCERR',
): { fn: string; path: string[] } {
  if (arch === 'arm64')
    return { fn: 'do_page_fault', path: [...entry, 'arm64_force_sig_fault', 'force_sig_fault'] };
  const fn = code === 'SEGV_MAPERR' ? 'bad_area_nosemaphore' : 'bad_area_access_error';
  const via = code === 'SEGV_MAPERR' ? [] : ['__bad_area'];
  return { fn, path: [...entry, fn, ...via, '__bad_area_nosemaphore', 'force_sig_fault'] };
}

/** How the architecture delivers SIGBUS for a fault handle_mm_fault refused. */
export function sigbusDelivery(arch: Arch): string[] {
  return arch === 'arm64'
    ? ['arm64_force_sig_fault', 'force_sig_fault']
    : ['do_sigbus', 'force_sig_fault'];
}
