/* x86_64/qemu-target.h: how the shared runtime behaves on x86_64 under QEMU, where every program
   of a run goes into one initramfs and runs on a Debian kernel of another line
   (src/crosscheck/x86_64/qemu.ts), printing on the serial console that the kernel prints on too.
   Otherwise as on this machine's kernel (x86_64/target.h). */

/* Marks a record line, so that a kernel message on the console is never taken for one. */
#define RECORD_PREFIX "@@R "
#define LAZY_THREADS 0
#define RESIDENT_BASELINE 1
/* Under an emulated CPU a blocked thread is found blocked a little later; looking every 2 ms
   leaves the CPU to the thread being watched. */
#define STATE_POLL_MS 2
/* QEMU emulates the CPU (TCG): steps take longer than on the host. */
#define STEP_TIMEOUT_MS 15000
