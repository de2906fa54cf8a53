/**
 * The C runtime of an arm64 MTE cross-check program (the part every scenario shares).
 *
 * Shape (like the x86 cross-check's, smaller): the program's first process is a driver that runs
 * no step itself. It forks the scenario's `main` process and sends each step, in scenario order,
 * to the (process, thread) "slot" that runs it, over pipes made before the first fork (at fd 100
 * and up, so the scenario's own first fd is 3). Each slot runs a worker loop; a `fork` step forks
 * inside the worker, and the child's copy becomes the child process's main slot; a new thread is
 * created by its process's main thread when the scenario first names it (format 4: it inherits
 * main's MTE mode then). The driver prints one record per step, `@@R {json}`, so that kernel
 * messages on the same console cannot be mistaken for records.
 *
 * Faults: every access runs under sigsetjmp. SIGSEGV (MAPERR, ACCERR, MTESERR), SIGBUS and SIGILL
 * jump out of the access and are reported (format 4). SEGV_MTEAERR is different: the access has
 * already happened (docs/reference/refpage-mte.md C4), so the handler only notes it and returns;
 * after the access the worker enters the kernel (getppid) so that a pending asynchronous fault is
 * delivered now, on this step, as the format says.
 */
import { C_OUT, C_JSON_STRING } from '../runtime/c-shared';
export const RUNTIME_C = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef SEGV_MTEAERR
#define SEGV_MTEAERR 8
#endif
#ifndef SEGV_MTESERR
#define SEGV_MTESERR 9
#endif
#define TAG(p, n) ((long long)(((unsigned long long)(p) & ~(0xfULL << 56)) | ((unsigned long long)(n) << 56)))
#define OUT_MAX (96 * 1024)
#define LOAD_MAX (40 * 1024)
#define HELPER_FD 100
#define STEP_TIMEOUT_MS 15000

enum { CMD_RUN = 1, CMD_SPAWN = 2 };
struct cmd { int kind, step, arg, bindseq; long long v[NNAMES + 1]; int vseq[NNAMES + 1]; };
struct rep { int len, has_bind, child_pid, exiting; long long bind_val; };

static long long V[NNAMES + 1];
static int VSEQ[NNAMES + 1];
static int BINDSEQ;
static int CMD_RD[NSLOTS], CMD_WR[NSLOTS], REP_RD[NSLOTS], REP_WR[NSLOTS];
static unsigned long long ZERO_PFN;
static int HAVE_ZERO_PFN;

static char OUTBUF[NSLOTS][OUT_MAX];
static size_t OUTLEN[NSLOTS];
static unsigned char LBUF[NSLOTS][LOAD_MAX];
static __thread int MY_SLOT;
static __thread int BIND_SET, CHILD_PID, EXITING, EXIT_STATUS;
static __thread long long BIND_VAL;

/* ------------------------------------------------------------------ output */
${C_OUT}
static const char *errno_name(int e) {
  static __thread char buf[16];
  if (e > 0 && e < NERRNO && ERRNO_NAME[e]) return ERRNO_NAME[e];
  snprintf(buf, sizeof buf, "E%d", e);
  return buf;
}

/* An address relative to the nearest named address at or below it: "p", "p+0x2000". */
static const char *fmt_addr(unsigned long long a, char *buf, size_t n) {
  int best = -1;
  for (int i = 0; i < NNAMES; i++) {
    if (!NAME_IS_ADDR[i] || !VSEQ[i] || V[i] == -1) continue;
    unsigned long long v = (unsigned long long)V[i];
    if (v > a) continue;
    unsigned long long bv = best < 0 ? 0 : (unsigned long long)V[best];
    if (best < 0 || v > bv || (v == bv && VSEQ[i] > VSEQ[best])) best = i;
  }
  if (best < 0) snprintf(buf, n, "0x%llx", a);
  else if ((unsigned long long)V[best] == a) snprintf(buf, n, "%s", NAME[best]);
  else snprintf(buf, n, "%s+0x%llx", NAME[best], a - (unsigned long long)V[best]);
  return buf;
}

static void put_ret_int(long long r, int e) {
  out(",\"ret\":%lld", r);
  if (r == -1) out(",\"errno\":\"%s\"", errno_name(e));
  else out(",\"errno\":null");
}

static void put_ret_addr(long long r, int e) {
  char b[160];
  if (r == -1) out(",\"ret\":-1,\"errno\":\"%s\"", errno_name(e));
  else out(",\"ret\":\"%s\",\"errno\":null", fmt_addr((unsigned long long)r, b, sizeof b));
}

static void bind_value(long long v) {
  BIND_SET = 1;
  BIND_VAL = v;
}

/* ------------------------------------------------------------------ faults */
static __thread sigjmp_buf JB;
static __thread volatile int GUARD, ASYNC_SEEN, LAST_SIG, LAST_CODE;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (sig == SIGSEGV && si->si_code == SEGV_MTEAERR) {
    ASYNC_SEEN = 1; /* the access is done already: carry on */
    return;
  }
  if (!GUARD) {
    static const char msg[] = "faultline: unexpected fault outside an access\n";
    write(2, msg, sizeof msg - 1);
    _exit(99);
  }
  LAST_SIG = sig;
  LAST_CODE = si->si_code;
  siglongjmp(JB, 1);
}

static void install_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
}

static const char *signal_name(int s) {
  if (s == SIGSEGV) return "SIGSEGV";
  if (s == SIGBUS) return "SIGBUS";
  if (s == SIGILL) return "SIGILL";
  static __thread char buf[16];
  snprintf(buf, sizeof buf, "SIG%d", s);
  return buf;
}

static const char *si_code_name(int s, int c) {
  if (s == SIGSEGV) {
    switch (c) {
    case 1: return "SEGV_MAPERR";
    case 2: return "SEGV_ACCERR";
    case 8: return "SEGV_MTEAERR";
    case 9: return "SEGV_MTESERR";
    }
  }
  if (s == SIGBUS) {
    switch (c) {
    case 1: return "BUS_ADRALN";
    case 2: return "BUS_ADRERR";
    case 3: return "BUS_OBJERR";
    case 4: return "BUS_MCEERR_AR";
    }
  }
  if (s == SIGILL) {
    switch (c) {
    case 1: return "ILL_ILLOPC";
    case 2: return "ILL_ILLOPN";
    }
  }
  static __thread char buf[16];
  snprintf(buf, sizeof buf, "%d", c);
  return buf;
}

static void put_signal(void) {
  out(",\"signal\":\"%s\",\"si_code\":\"%s\"", signal_name(LAST_SIG), si_code_name(LAST_SIG, LAST_CODE));
}

/* Enter the kernel so that a pending asynchronous tag-check fault is delivered now. */
static void kernel_entry(void) { syscall(SYS_getppid); }

#define GUARDED(body, after)                                  \
  do {                                                        \
    ASYNC_SEEN = 0;                                           \
    if (sigsetjmp(JB, 1) == 0) {                              \
      GUARD = 1;                                              \
      body;                                                   \
      kernel_entry();                                         \
      GUARD = 0;                                              \
      after;                                                  \
      if (ASYNC_SEEN) out(",\"signal\":\"SIGSEGV\",\"si_code\":\"SEGV_MTEAERR\""); \
    } else {                                                  \
      GUARD = 0;                                              \
      put_signal();                                           \
    }                                                         \
  } while (0)

/* ------------------------------------------------------------------ accesses */
static void do_load(unsigned long long addr, long long len) {
  if (len < 0 || len > LOAD_MAX) {
    out(",\"value\":\"\"");
    return;
  }
  volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)addr;
  unsigned char *buf = LBUF[MY_SLOT];
  GUARDED(
      for (long long i = 0; i < len; i++) buf[i] = p[i],
      { out(",\"value\":\""); out_hex(buf, len); out("\""); });
}

static void do_store(unsigned long long addr, const unsigned char *unit, long long ulen, long long len) {
  volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)addr;
  GUARDED(for (long long i = 0; i < len; i++) p[i] = unit[i % ulen], {});
}

static void do_tagstore(int kind, unsigned long long addr, long long len) {
  long long unit = (kind == 1 || kind == 3) ? 32 : 16;
  GUARDED(
      for (long long off = 0; off < len; off += unit) {
        unsigned long long a = addr + (unsigned long long)off;
        switch (kind) {
        case 0: __asm__ volatile("stg %0, [%0]" : : "r"(a) : "memory"); break;
        case 1: __asm__ volatile("st2g %0, [%0]" : : "r"(a) : "memory"); break;
        case 2: __asm__ volatile("stzg %0, [%0]" : : "r"(a) : "memory"); break;
        case 3: __asm__ volatile("stz2g %0, [%0]" : : "r"(a) : "memory"); break;
        }
      },
      {});
}

static void do_ldg(unsigned long long addr, long long len) {
  unsigned long long start = addr & ~15ULL;
  unsigned long long end = (addr + (unsigned long long)(len < 1 ? 1 : len) + 15) & ~15ULL;
  static __thread char tags[8192];
  volatile int n = 0;
  GUARDED(
      for (unsigned long long a = start; a < end && n < (int)sizeof tags - 1; a += 16) {
        unsigned long long t = 0;
        __asm__ volatile("ldg %0, [%1]" : "+r"(t) : "r"(a) : "memory");
        tags[n++] = "0123456789abcdef"[(t >> 56) & 15];
      },
      { tags[n] = 0; out(",\"value\":\"%s\"", tags); });
}

static void do_dc_gzva(unsigned long long addr) {
  GUARDED(__asm__ volatile("dc gzva, %0" : : "r"(addr) : "memory"), {});
}

static void do_irg(unsigned long long addr, unsigned long long excl) {
  unsigned long long r = 0;
  GUARDED(__asm__ volatile("irg %0, %1, %2" : "=r"(r) : "r"(addr), "r"(excl)),
          { bind_value((long long)r); out(",\"value\":\"%x\"", (unsigned)((r >> 56) & 15)); });
}

#define DO_TAGARITH(insn, addr, off, toff)                                                    \
  do {                                                                                        \
    unsigned long long r_ = 0, a_ = (addr);                                                   \
    GUARDED(__asm__ volatile(insn " %0, %1, #" #off ", #" #toff : "=r"(r_) : "r"(a_)),        \
            { bind_value((long long)r_); out(",\"value\":\"%x\"", (unsigned)((r_ >> 56) & 15)); }); \
  } while (0)

/* ------------------------------------------------------------------ pagemap */
#define PM_PRESENT (1ULL << 63)
#define PM_UFFD_WP (1ULL << 57)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

static void do_pagemap(unsigned long long addr, long long len) {
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out(",\"pages\":\"?\"");
    return;
  }
  unsigned long long first = addr / PAGE, last = (addr + (unsigned long long)len + PAGE - 1) / PAGE;
  static __thread char pages[4096], wp[4096];
  int n = 0;
  for (unsigned long long pg = first; pg < last && n < 4095; pg++, n++) {
    unsigned long long e = 0;
    if (pread(fd, &e, sizeof e, (off_t)(pg * 8)) != (ssize_t)sizeof e) e = 0;
    char c = '.';
    if (e & PM_PRESENT) {
      if (HAVE_ZERO_PFN && (e & PM_PFN) == ZERO_PFN) c = 'z';
      else c = (e & PM_EXCLUSIVE) ? 'x' : 's';
    }
    pages[n] = c;
    wp[n] = (e & PM_UFFD_WP) ? 'w' : '-';
  }
  pages[n] = wp[n] = 0;
  close(fd);
  out(",\"pages\":\"%s\",\"uffd_wp\":\"%s\"", pages, wp);
}

/* ------------------------------------------------------------------ sysfs */
static void do_tcf_preferred(const char *value) {
  DIR *d = opendir("/sys/devices/system/cpu");
  int ret = 0, err = 0, found = 0;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9') continue;
    char path[300];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/%s/mte_tcf_preferred", de->d_name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      if (!ret) { ret = -1; err = errno; }
      continue;
    }
    found = 1;
    if (write(fd, value, strlen(value)) < 0 && !ret) { ret = -1; err = errno; }
    close(fd);
  }
  if (d) closedir(d);
  if (!found && !ret) { ret = -1; err = ENOENT; }
  put_ret_int(ret, err);
}

/* ------------------------------------------------------------------ pipes */
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

/* ------------------------------------------------------------------ worker */
static void (*STEP_FN[NSTEPS])(void);

static void *worker_loop(void *arg) {
  int slot = (int)(intptr_t)arg;
  MY_SLOT = slot;
  for (;;) {
    struct cmd c;
    if (read_full(CMD_RD[slot], &c, sizeof c)) _exit(0);
    memcpy(V, c.v, sizeof V);
    memcpy(VSEQ, c.vseq, sizeof VSEQ);
    BINDSEQ = c.bindseq;
    OUTLEN[slot] = 0;
    OUTBUF[slot][0] = 0;
    BIND_SET = 0;
    CHILD_PID = 0;
    EXITING = 0;
    if (c.kind == CMD_SPAWN) {
      pthread_t t;
      pthread_attr_t at;
      pthread_attr_init(&at);
      pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
      if (pthread_create(&t, &at, worker_loop, (void *)(intptr_t)c.arg)) out("spawn failed");
    } else {
      STEP_FN[c.step]();
    }
    struct rep r;
    memset(&r, 0, sizeof r);
    r.len = (int)OUTLEN[slot];
    r.has_bind = BIND_SET;
    r.bind_val = BIND_VAL;
    r.child_pid = CHILD_PID;
    r.exiting = EXITING;
    if (write_full(REP_WR[slot], &r, sizeof r) || write_full(REP_WR[slot], OUTBUF[slot], (size_t)r.len)) _exit(98);
    if (EXITING) _exit(EXIT_STATUS);
  }
  return NULL;
}

/* fork(2) inside a worker: the child's copy of this thread serves the child's main slot. */
static void do_fork(int child_slot, const char *child_name) {
  pid_t pid = fork();
  if (pid == 0) {
    worker_loop((void *)(intptr_t)child_slot);
    _exit(0);
  }
  if (pid < 0) {
    put_ret_int(-1, errno);
    return;
  }
  CHILD_PID = pid;
  out(",\"ret\":\"%s\",\"errno\":null", child_name);
}

static void do_exit(int status) {
  EXITING = 1;
  EXIT_STATUS = status;
}

/* ------------------------------------------------------------------ driver */
struct slotstate { int started, dead, pid; };
static struct slotstate SL[NSLOTS];
static int SEQ, CUR_STEP = -1;
static char RBUF[OUT_MAX + 1];
static int PIDS[64], NPIDS;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void finish(int code) {
  fflush(stdout);
  for (int i = NPIDS - 1; i >= 0; i--) kill(PIDS[i], SIGKILL);
  while (waitpid(-1, NULL, 0) > 0) {}
  exit(code);
}

${C_JSON_STRING}
static void fatal(const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  printf("@@R {\"error\":{\"seq\":%d,\"path\":", SEQ);
  json_string(CUR_STEP >= 0 ? STEP_PATH[CUR_STEP] : "");
  printf(",\"message\":");
  json_string(msg);
  printf("}}\n");
  finish(3);
}

static void send_cmd(int slot, int kind, int step, int arg) {
  struct cmd c;
  memset(&c, 0, sizeof c);
  c.kind = kind;
  c.step = step;
  c.arg = arg;
  c.bindseq = BINDSEQ;
  memcpy(c.v, V, sizeof V);
  memcpy(c.vseq, VSEQ, sizeof VSEQ);
  if (write_full(CMD_WR[slot], &c, sizeof c)) fatal("cannot reach thread %s of %s", SLOT_THREAD[slot], SLOT_PROC[slot]);
}

static void await_rep(int slot, struct rep *r) {
  long long t0 = now_ms();
  for (;;) {
    struct pollfd p = {REP_RD[slot], POLLIN, 0};
    if (poll(&p, 1, 50) > 0) break;
    int st;
    int pid = SL[SLOT_MAIN[slot]].pid;
    if (pid > 0 && waitpid(pid, &st, WNOHANG) == pid) {
      SL[SLOT_MAIN[slot]].dead = 1;
      if (WIFSIGNALED(st)) fatal("process %s was killed by signal %d", SLOT_PROC[slot], WTERMSIG(st));
      fatal("process %s exited (%d) during the step", SLOT_PROC[slot], WEXITSTATUS(st));
    }
    if (now_ms() - t0 > STEP_TIMEOUT_MS) fatal("thread %s of %s did not answer within %d ms", SLOT_THREAD[slot], SLOT_PROC[slot], STEP_TIMEOUT_MS);
  }
  if (read_full(REP_RD[slot], r, sizeof *r) || r->len < 0 || r->len > OUT_MAX ||
      read_full(REP_RD[slot], RBUF, (size_t)r->len))
    fatal("lost the reply of thread %s of %s", SLOT_THREAD[slot], SLOT_PROC[slot]);
  RBUF[r->len] = 0;
}

static void start_slot(int s) {
  int m = SLOT_MAIN[s];
  if (!SL[m].started) fatal("no process named %s", SLOT_PROC[s]);
  if (SL[m].dead) fatal("process %s has exited", SLOT_PROC[s]);
  struct rep r;
  send_cmd(m, CMD_SPAWN, -1, s);
  await_rep(m, &r);
  SL[s].started = 1;
  SL[s].pid = SL[m].pid;
}

static void run_step(int id) {
  int s = STEP_SLOT[id];
  SEQ++;
  CUR_STEP = id;
  if (!SL[s].started) start_slot(s);
  if (SL[SLOT_MAIN[s]].dead) fatal("process %s has exited", SLOT_PROC[s]);
  struct rep r;
  send_cmd(s, CMD_RUN, id, 0);
  await_rep(s, &r);
  printf("@@R {\"seq\":%d,\"path\":\"%s\",\"do\":\"%s\",\"proc\":\"%s\",\"thread\":\"%s\"%s}\n", SEQ,
         STEP_PATH[id], STEP_DO[id], SLOT_PROC[s], SLOT_THREAD[s], RBUF);
  fflush(stdout);
  if (r.has_bind && STEP_BIND[id] >= 0) {
    V[STEP_BIND[id]] = r.bind_val;
    VSEQ[STEP_BIND[id]] = ++BINDSEQ;
  }
  if (STEP_FORK_CHILD[id] >= 0 && r.child_pid > 0) {
    SL[STEP_FORK_CHILD[id]].started = 1;
    SL[STEP_FORK_CHILD[id]].pid = r.child_pid;
    if (NPIDS < 64) PIDS[NPIDS++] = r.child_pid;
  }
  if (r.exiting) {
    int pid = SL[SLOT_MAIN[s]].pid;
    waitpid(pid, NULL, 0);
    for (int i = 0; i < NSLOTS; i++)
      if (SLOT_MAIN[i] == SLOT_MAIN[s]) SL[i].dead = 1;
  }
}

static void bind_index(int name, long long v) {
  V[name] = v;
  VSEQ[name] = ++BINDSEQ;
}

static void find_zero_pfn(void) {
  volatile unsigned char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  (void)p[0];
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  unsigned long long e = 0;
  if (fd >= 0 && pread(fd, &e, sizeof e, (off_t)((uintptr_t)p / PAGE * 8)) == (ssize_t)sizeof e && (e & PM_PRESENT)) {
    ZERO_PFN = e & PM_PFN;
    HAVE_ZERO_PFN = ZERO_PFN != 0;
  }
  if (fd >= 0) close(fd);
  munmap((void *)p, PAGE);
}

static void run_all(void);

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if ((long)sysconf(_SC_PAGESIZE) != PAGE) {
    printf("@@R {\"error\":{\"seq\":0,\"path\":\"\",\"message\":\"this kernel's pages are %ld bytes, the scenario's %d\"}}\n",
           (long)sysconf(_SC_PAGESIZE), PAGE);
    return 3;
  }
  find_zero_pfn();
  int fd = HELPER_FD;
  for (int s = 0; s < NSLOTS; s++) {
    int a[2], b[2];
    if (pipe(a) || pipe(b)) fatal("pipe: %s", strerror(errno));
    int want[4] = {a[0], a[1], b[0], b[1]};
    int *dst[4] = {&CMD_RD[s], &CMD_WR[s], &REP_RD[s], &REP_WR[s]};
    for (int k = 0; k < 4; k++) {
      if (dup2(want[k], fd) < 0) fatal("dup2: %s", strerror(errno));
      close(want[k]);
      *dst[k] = fd++;
    }
  }
  install_handlers();
  pid_t pid = fork();
  if (pid < 0) fatal("fork: %s", strerror(errno));
  if (pid == 0) {
    worker_loop((void *)(intptr_t)0);
    _exit(0);
  }
  SL[0].started = 1;
  SL[0].pid = pid;
  PIDS[NPIDS++] = pid;
  run_all();
  finish(0);
  return 0;
}
`;
