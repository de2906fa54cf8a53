/**
 * snake_case words in faultline's texts that are not kernel functions, each with what it is. The
 * name test (names.test.ts) accepts a snake_case word in a lesson or in docs/ only if the modelled
 * kernel defines it as a function, or it is listed here; so a misspelt or vanished function name
 * fails the test instead of passing as "just a word".
 */
const WORDS: Record<string, string> = {
  anon_vma: 'struct anon_vma (include/linux/rmap.h)',
  ioctl_userfaultfd: 'a manual page, ioctl_userfaultfd(2)',
  content_addr: 'an argument of refpage_create in the scenario format',
  content_type: 'a field of the refpage patch private data',
  mte_tcf_preferred: 'a sysfs file of each CPU (/sys/devices/system/cpu/cpuN/mte_tcf_preferred)',
  new_address: 'an argument of mremap(2)',
  new_size: 'an argument of mremap(2)',
  f_op: 'the field of struct file that points at its file_operations',
  file_operations: 'struct file_operations (include/linux/fs.h)',
  init_on_alloc: 'a boot parameter (CONFIG_INIT_ON_ALLOC_DEFAULT_ON)',
  mmap_changing: 'a field of struct userfaultfd_ctx (fs/userfaultfd.c)',
  max_map_count: 'the sysctl vm.max_map_count',
  mmap_min_addr: 'the sysctl vm.mmap_min_addr',
  mmap_size: 'a variable of the pattern-fill lessons (the size each iteration maps)',
  node_modules: 'a directory',
  overcommit_memory: 'the sysctl vm.overcommit_memory',
  oom_kill: 'the file mm/oom_kill.c',
  old_address: 'an argument of mremap(2)',
  old_size: 'an argument of mremap(2)',
  pte_shared: 'an engine event kind',
  run_step: 'a scenario format name',
  si_addr: 'a field of siginfo_t',
  si_code: 'a field of siginfo_t',
  uffd_msg: 'struct uffd_msg (include/uapi/linux/userfaultfd.h)',
  uffd_wp: 'a field name of the scenario format',
  uffdio_range: 'struct uffdio_range (include/uapi/linux/userfaultfd.h)',
  unprivileged_userfaultfd: 'the sysctl vm.unprivileged_userfaultfd',
  transparent_hugepage: 'the sysfs directory /sys/kernel/mm/transparent_hugepage',
  x86_64: 'an architecture',
  // Functions of the programs the real-systems lessons follow: not kernel functions, never linked.
  complete_forks: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  copy_iovs: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  drop_iovs: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  guest_memory_from_uffd:
    'a Firecracker function (src/vmm/src/persist.rs), named by the firecracker-snapshot-restore lesson',
  handle_fork: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  handle_remap: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  handle_remove: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  handle_uffd_event: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  is_page_queued: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  mark_compact:
    'the file of the ART concurrent compacting GC (runtime/gc/collector/mark_compact.cc), named by the art-concurrent-compaction lesson',
  migrate_send_rp_req_pages:
    'a QEMU function (migration/migration.c), named by the qemu-postcopy lesson',
  on_demand_handler:
    'a file of the Firecracker example page-fault handler (src/firecracker/examples/uffd/), named by the firecracker-snapshot-restore lesson',
  populate_from_file:
    'a function of the Firecracker example page-fault handler (src/firecracker/examples/uffd/uffd_utils.rs), named by the firecracker-snapshot-restore lesson',
  postcopy_place_page:
    'a QEMU function (migration/postcopy-ram.c), named by the qemu-postcopy lesson',
  postcopy_place_page_zero:
    'a QEMU function (migration/postcopy-ram.c), named by the qemu-postcopy lesson',
  postcopy_ram_enable_notify:
    'a QEMU function (migration/postcopy-ram.c), named by the qemu-postcopy lesson',
  postcopy_ram_fault_thread:
    'a QEMU function (migration/postcopy-ram.c), named by the qemu-postcopy lesson',
  ram_block_enable_notify:
    'a QEMU function (migration/postcopy-ram.c), named by the qemu-postcopy lesson',
  ram_discard_range: 'a QEMU function (migration/ram.c), named by the qemu-postcopy lesson',
  remap_iovs: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  send_uffd_handshake:
    'a Firecracker function (src/vmm/src/persist.rs), named by the firecracker-snapshot-restore lesson',
  serve_pf:
    'a function of the Firecracker example page-fault handler (src/firecracker/examples/uffd/uffd_utils.rs), named by the firecracker-snapshot-restore lesson',
  setup_uffd: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  uffd_copy: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  uffd_recoverable_error: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  uffd_utils:
    'a file of the Firecracker example page-fault handler (src/firecracker/examples/uffd/), named by the firecracker-snapshot-restore lesson',
  uffd_zero: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  xfer_pages: 'a CRIU function (criu/uffd.c), named by the criu-lazy-restore lesson',
  zero_out:
    'a function of the Firecracker example page-fault handler (src/firecracker/examples/uffd/uffd_utils.rs), named by the firecracker-snapshot-restore lesson',
};

export const NOT_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(WORDS));
