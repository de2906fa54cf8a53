/* x86_64/uffd.c: userfaultfd steps: read(2) of uffd_msg records, poll(2), and what a poison marker
   (UFFDIO_POISON) looks like in this kernel's pagemap. The ioctls themselves are generated per
   step (src/crosscheck/x86_64/emit-ioctl.ts); the name tables (EVENT_NAMES, PF_FLAG_NAMES...) are
   generated from src/scenario's (src/crosscheck/tables.ts). */

static void put_msgs(const unsigned char *b, long long n) {
  char x[160], y[160];
  out(",\"msgs\":[");
  for (long long i = 0; i < n; i++) {
    struct uffd_msg m;
    memcpy(&m, b + i * (long long)sizeof m, sizeof m);
    out("%s{\"event\":\"%s\"", i ? "," : "", enum_name(m.event, EVENT_NAMES, NEVENT_NAMES, x, sizeof x));
    switch (m.event) {
    case UFFD_EVENT_PAGEFAULT:
      put_mask(",", "flags", m.arg.pagefault.flags, PF_FLAG_NAMES, NPF_FLAG_NAMES);
      out(",\"address\":\"%s\"", fmt_addr(m.arg.pagefault.address, x, sizeof x));
      if (m.arg.pagefault.feat.ptid) out(",\"ptid\":\"%s\"", tid_name(m.arg.pagefault.feat.ptid, y, sizeof y));
      break;
    case UFFD_EVENT_FORK:
      out(",\"ufd\":%u", m.arg.fork.ufd);
      break;
    case UFFD_EVENT_REMAP:
      out(",\"from\":\"%s\",\"to\":\"%s\",\"len\":%llu", fmt_addr(m.arg.remap.from, x, sizeof x),
          fmt_addr(m.arg.remap.to, y, sizeof y), (unsigned long long)m.arg.remap.len);
      break;
    case UFFD_EVENT_REMOVE:
    case UFFD_EVENT_UNMAP:
      out(",\"start\":\"%s\",\"end\":\"%s\"", fmt_addr(m.arg.remove.start, x, sizeof x),
          fmt_addr(m.arg.remove.end, y, sizeof y));
      break;
    }
    out("}");
  }
  out("]");
}

static void do_read(int fd, long long count) {
  long long want = count * (long long)sizeof(struct uffd_msg);
  if (want < 0 || want > SCRATCH_MAX) want = SCRATCH_MAX;
  errno = 0;
  long long r = read(fd, SCRATCH[MY_SLOT], (size_t)want);
  int e = errno;
  put_ret_int(r, e);
  if (r >= 0) put_msgs(SCRATCH[MY_SLOT], r / (long long)sizeof(struct uffd_msg));
}

static void do_poll(int fd, long long timeout) {
  struct pollfd p = {fd, POLLIN, 0};
  errno = 0;
  long long r = poll(&p, 1, (int)timeout);
  put_ret_int(r, errno);
}

/* UFFDIO_POISON on a probe page, to learn the swap entry pagemap shows for a poison marker. */
static void probe_poison(void) {
  int u = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
  if (u < 0) return;
  struct uffdio_api api = {UFFD_API, 0, 0};
  void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (ioctl(u, UFFDIO_API, &api) == 0 && p != MAP_FAILED) {
    struct uffdio_register reg = {{(uintptr_t)p, PAGE}, UFFDIO_REGISTER_MODE_MISSING, 0};
    struct uffdio_poison po = {{(uintptr_t)p, PAGE}, 0, 0};
    if (ioctl(u, UFFDIO_REGISTER, &reg) == 0 && ioctl(u, UFFDIO_POISON, &po) == 0) {
      int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        unsigned long long e = pagemap_entry(fd, (unsigned long long)(uintptr_t)p);
        close(fd);
        if (!(e & PM_PRESENT) && (e & PM_SWAP)) {
          POISON_FRAME = e & PM_PFN;
          HAVE_POISON = 1;
        }
      }
    }
  }
  if (p != MAP_FAILED) munmap(p, PAGE);
  close(u);
}
