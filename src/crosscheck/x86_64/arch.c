/* x86_64/arch.c: the shared runtime's hooks (runtime.h) on x86_64. */

/* Every x86_64 fault a scenario access takes is synchronous. */
static int arch_fault_is_async(int sig, const siginfo_t *si) {
  (void)sig;
  (void)si;
  return 0;
}

static void arch_deliver_async_faults(void) {}

static void arch_driver_init(void) {
  probe_poison();
}
