/**
 * Where faultline's kernel names come from: the files of the kernel tree whose definitions the
 * name lists (src/crosscheck/names/v*.txt) hold, and the trees each list was made from. Kept small
 * on purpose: only the files and directories an event, a narration or an explanation names a
 * function of.
 */

/** Paths in a kernel tree: a file, `dir/` for everything below dir, `dir/*` for dir's own files. */
export const KERNEL_PATHS: readonly string[] = [
  'mm/*',
  'fs/userfaultfd.c',
  'fs/ioctl.c',
  'fs/read_write.c',
  'fs/file_table.c',
  'fs/proc/task_mmu.c',
  'kernel/fork.c',
  'kernel/exit.c',
  'kernel/signal.c',
  'kernel/sys.c',
  'kernel/sched/wait.c',
  'kernel/entry/common.c',
  'arch/x86/mm/fault.c',
  'arch/x86/include/asm/pgtable.h',
  'arch/arm64/mm/',
  'arch/arm64/lib/mte.S',
  'arch/arm64/kernel/mte.c',
  'arch/arm64/kernel/entry.S',
  'arch/arm64/kernel/entry-common.c',
  'arch/arm64/kernel/traps.c',
  'arch/arm64/kernel/signal.c',
  'arch/arm64/kernel/process.c',
  'arch/arm64/kernel/syscall.c',
  'arch/arm64/include/asm/mte.h',
  'arch/arm64/include/asm/pgtable.h',
  'arch/arm64/include/asm/entry-common.h',
  'lib/maple_tree.c',
  'include/linux/mm.h',
  'include/linux/mm_inline.h',
  'include/linux/highmem.h',
  'include/linux/gfp.h',
  'include/linux/pgtable.h',
  'include/linux/rmap.h',
  'include/linux/shmem_fs.h',
  'include/linux/userfaultfd_k.h',
  'include/linux/uaccess.h',
  'include/linux/wait.h',
  'include/linux/entry-common.h',
  'include/linux/irq-entry-common.h',
];

/** Whether a tree path is one of KERNEL_PATHS' C or assembler files. */
export function wanted(path: string): boolean {
  if (!/\.(c|h|S)$/.test(path)) return false;
  return KERNEL_PATHS.some((p) =>
    p.endsWith('/*')
      ? path.startsWith(p.slice(0, -1)) && !path.slice(p.length - 1).includes('/')
      : p.endsWith('/')
        ? path.startsWith(p)
        : path === p,
  );
}

/** The kernel versions faultline has name lists for (issue 10 models each of them). */
export const KERNEL_VERSIONS = ['6.1', '6.6', '6.12', '6.18'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];
