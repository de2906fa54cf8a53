/* arm64/target.h: how the shared runtime behaves on arm64, where every program of a run goes into
   one initramfs and runs under QEMU (src/crosscheck/arm64/qemu.ts), printing on the serial
   console that the kernel prints on too. */

/* Marks a record line, so that a kernel message on the console is never taken for one. */
#define RECORD_PREFIX "@@R "
/* A thread starts when a step first names it, as the format says: it inherits its process's main
   thread's MTE tag-check mode as it is then (format 4; corpus/mte/f4-thread-inherits-mode). */
#define LAZY_THREADS 1
/* rss steps are refused here, so the runtime skips making its own pages resident before the
   baseline (about 200 ms a program under QEMU's emulated CPU). */
#define RESIDENT_BASELINE 0
/* No arm64 step can block (the runner refuses userfaultfd), so the driver need not look at a
   busy thread often; on an emulated CPU, looking would slow it down. */
#define STATE_POLL_MS 50
/* QEMU emulates the CPU (TCG): steps take longer than on the host. */
#define STEP_TIMEOUT_MS 15000
