/* io.c: whole reads and writes on the pipes, small /proc files, pagemap entries, the clock. */

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

/* The /proc/self/pagemap entry of the page holding addr (0 when it cannot be read). */
static unsigned long long pagemap_entry(int fd, unsigned long long addr) {
  unsigned long long e = 0;
  if (pread(fd, &e, sizeof e, (off_t)(addr / PAGE * 8)) != (ssize_t)sizeof e) return 0;
  return e;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
