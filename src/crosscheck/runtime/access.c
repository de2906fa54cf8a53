/* access.c: the scenario's CPU accesses, which catch their fault and go on (format 4), and the
   readers of pagemap and RSS.

   Every access runs between sigsetjmp and access_end(). A synchronous fault (SIGSEGV, SIGBUS,
   SIGILL) jumps back out of the access, and the record says which signal and si_code. A fault the
   target reports after the access has completed (arm64's asynchronous tag-check fault,
   SEGV_MTEAERR: the store is done, docs/reference/refpage-mte.md C4) is only noted; access_end()
   makes the kernel deliver it before the step ends, and adds it to the record. */

static unsigned char SCRATCH[NSLOTS][SCRATCH_MAX];

static __thread sigjmp_buf JB;
static __thread volatile sig_atomic_t IN_ACCESS, ASYNC_FAULT;
static __thread volatile int FAULT_SIG, FAULT_CODE;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (arch_fault_is_async(sig, si)) {
    ASYNC_FAULT = 1;
    return;
  }
  if (!IN_ACCESS) {
    /* a fault outside a scenario access is a bug of this program: die as the kernel meant */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  FAULT_SIG = sig;
  FAULT_CODE = si->si_code;
  IN_ACCESS = 0;
  siglongjmp(JB, 1);
}

static void install_fault_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
}

/* Right after `if (sigsetjmp(JB, 1) == 0) {`: the access starts. */
static void access_begin(void) {
  ASYNC_FAULT = 0;
  IN_ACCESS = 1;
}

/* The access completed: take any asynchronous fault it caused now, and say so. */
static void access_end(void) {
  arch_deliver_async_faults();
  IN_ACCESS = 0;
  if (ASYNC_FAULT) out(",\"signal\":\"SIGSEGV\",\"si_code\":\"SEGV_MTEAERR\"");
}

/* The access faulted (the else branch of the sigsetjmp). */
static void put_signal(void) {
  out(",\"signal\":\"%s\",\"si_code\":\"%s\"", signal_name(FAULT_SIG), si_code_name(FAULT_SIG, FAULT_CODE));
}

/* A CPU load of n bytes, one byte at a time in address order (the first byte of each page
   takes that page's fault). */
static void do_load(unsigned long long a, long long n) {
  unsigned char *buf = SCRATCH[MY_SLOT];
  if (n < 0 || n > SCRATCH_MAX) {
    out(",\"error\":\"load length out of range\"");
    return;
  }
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    for (long long i = 0; i < n; i++) buf[i] = ((volatile unsigned char *)(uintptr_t)a)[i];
    access_end();
    out(",\"value\":\"");
    out_hex(buf, n);
    out("\"");
  } else {
    put_signal();
  }
}

/* CPU stores of total bytes, repeating the n bytes of src (a plain store when total == n). */
static void do_store(unsigned long long a, const unsigned char *src, long long n, long long total) {
  if (n <= 0) return;
  volatile unsigned char *d = (volatile unsigned char *)(uintptr_t)a;
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    for (long long i = 0, j = 0; i < total; i++) {
      d[i] = src[j];
      if (++j == n) j = 0;
    }
    access_end();
  } else {
    put_signal();
  }
}

/* Reads one byte; 0 when that faulted (a file mapping may end before its VMA does). */
static int touch_page(unsigned long long a) {
  if (sigsetjmp(JB, 1)) return 0;
  access_begin();
  (void)*(volatile unsigned char *)(uintptr_t)a;
  IN_ACCESS = 0;
  return 1;
}

static void do_pagemap(unsigned long long a, long long len) {
  unsigned long long first = a / PAGE;
  /* The pages the range touches, counted from its length: a range that runs past the top of the
     address space wraps to page 0 as the engine's does (its end, a + len - 1, would be below a). */
  if (len > (long long)SCRATCH_MAX * PAGE) {
    out(",\"error\":\"pagemap range too long\"");
    return;
  }
  long long np = len > 0 ? (long long)((a % PAGE + (unsigned long long)len + PAGE - 1) / PAGE) : 0;
  char *pages = (char *)SCRATCH[MY_SLOT], *wp = pages + SCRATCH_MAX / 2;
  if (np > SCRATCH_MAX / 2 - 1) {
    out(",\"error\":\"pagemap range too long\"");
    return;
  }
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  for (long long i = 0; i < np; i++) {
    unsigned long long e = fd >= 0 ? pagemap_entry(fd, (first + (unsigned long long)i) * PAGE) : 0;
    pages[i] = page_char(e);
    wp[i] = (e & PM_UFFD_WP) ? 'w' : '-';
  }
  if (fd >= 0) close(fd);
  pages[np] = 0;
  wp[np] = 0;
  out(",\"pages\":\"%s\",\"uffd_wp\":\"%s\"", pages, wp);
}

/* RSS, in pages, against the baseline the process took before its first step. */

static long long BASE_ANON, BASE_FILE, BASE_SHMEM;

static long long status_kb(const char *status, const char *key) {
  const char *p = strstr(status, key);
  return p ? atoll(p + strlen(key)) : 0;
}

static int read_rss(long long *anon, long long *file, long long *shmem) {
  char b[8192];
  if (read_file("/proc/self/status", b, sizeof b) < 0) return -1;
  *anon = status_kb(b, "RssAnon:") * 1024 / PAGE;
  *file = status_kb(b, "RssFile:") * 1024 / PAGE;
  *shmem = status_kb(b, "RssShmem:") * 1024 / PAGE;
  return 0;
}

static void do_rss(void) {
  long long a = 0, f = 0, s = 0;
  read_rss(&a, &f, &s);
  out(",\"rss\":{\"anon\":%lld,\"file\":%lld,\"shmem\":%lld}", a - BASE_ANON, f - BASE_FILE, s - BASE_SHMEM);
}
