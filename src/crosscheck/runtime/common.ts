/**
 * C shared by the driver and the scenario processes: the wire format of the command and reply
 * pipes, the bindings of `as` names, and the static buffers.
 *
 * Why static buffers and pre-made pipes: a scenario process must own nothing the scenario did not
 * make (format section 5). Its RSS is measured against a baseline taken before the first step, so
 * everything the runtime touches later must already be resident then; malloc, a growing stack or a
 * new thread stack during the run would show up as scenario RSS. And its first new fd must be 3,
 * so every helper fd lives at 100 or above.
 */
export const COMMON_C = String.raw`
#define OUT_MAX (256 * 1024)
#define SCRATCH_MAX (64 * 1024)
#define STACK_SIZE (256 * 1024)
#define HELPER_FD_MIN 100
#define STEP_TIMEOUT_MS 10000

enum { CMD_RUN = 1 };
enum { REP_DONE = 1, REP_READY = 2 };

/* driver -> thread: run a step (or start a thread), with the driver's view of every binding */
struct cmd {
  int kind, step, arg, bindseq;
  long long v[NNAMES + 1];
  int vseq[NNAMES + 1];
  int tid[NSLOTS];
};
/* thread -> driver, followed by len bytes of the record's fields as JSON (",\"ret\":0,...") */
struct rep {
  int kind, len, pid, tid, bind_idx, child_pid;
  long long bind_val;
};

/* V[i] is the value bound to NAME[i]; VSEQ[i] orders bindings (0: unbound), so that when two
   names hold one address the latest binding names it. Each thread has its own copy, taken from the
   step's command: a thread that resumes (an mremap that waited for its REMAP event) binds its
   name while the waking thread may still be printing, and must not change what that one prints. */
static __thread long long V[NNAMES + 1];
static __thread int VSEQ[NNAMES + 1];
static __thread int BINDSEQ;
static int TIDS[NSLOTS];

static int CMD_RD[NSLOTS], CMD_WR[NSLOTS], REP_RD[NSLOTS], REP_WR[NSLOTS];
static unsigned long long ZERO_PFN, POISON_FRAME;
static int HAVE_ZERO_PFN, HAVE_POISON;

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_UFFD_WP (1ULL << 57)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

static int read_full(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n > 0) {
    ssize_t k = read(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

static int write_full(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Reads a small /proc file into buf (NUL-terminated); -1 when it cannot be read. */
static ssize_t read_file(const char *path, char *buf, size_t n) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t total = 0;
  for (;;) {
    ssize_t k = read(fd, buf + total, n - 1 - (size_t)total);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    total += k;
    if ((size_t)total >= n - 1) break;
  }
  close(fd);
  buf[total] = 0;
  return total;
}

static unsigned long long pagemap_entry(int fd, unsigned long long addr) {
  unsigned long long e = 0;
  if (pread(fd, &e, sizeof e, (off_t)(addr / PAGE * 8)) != (ssize_t)sizeof e) return 0;
  return e;
}
`;
