/* x86_64/uffd.h: the userfaultfd uAPI, and the parts of it an older installed
   <linux/userfaultfd.h> lacks (this machine's predates UFFDIO_MOVE and UFFDIO_POISON). Each
   fallback is guarded, so a newer header wins and a student on any Linux >= 6.8 can compile the
   program as printed. Struct layouts follow include/uapi/linux/userfaultfd.h (seed 004). */
#include <sys/ioctl.h>
#include <linux/userfaultfd.h>

#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
#ifndef _UFFDIO_MOVE
#define _UFFDIO_MOVE (0x05)
#endif
#ifndef _UFFDIO_WRITEPROTECT
#define _UFFDIO_WRITEPROTECT (0x06)
#endif
#ifndef _UFFDIO_CONTINUE
#define _UFFDIO_CONTINUE (0x07)
#endif
#ifndef _UFFDIO_POISON
#define _UFFDIO_POISON (0x08)
#endif
#ifndef UFFDIO_WRITEPROTECT
struct uffdio_writeprotect { struct uffdio_range range; __u64 mode; };
#define UFFDIO_WRITEPROTECT _IOWR(UFFDIO, _UFFDIO_WRITEPROTECT, struct uffdio_writeprotect)
#endif
#ifndef UFFDIO_CONTINUE
struct uffdio_continue { struct uffdio_range range; __u64 mode; __s64 mapped; };
#define UFFDIO_CONTINUE _IOWR(UFFDIO, _UFFDIO_CONTINUE, struct uffdio_continue)
#endif
#ifndef UFFDIO_MOVE
struct uffdio_move { __u64 dst; __u64 src; __u64 len; __u64 mode; __s64 move; };
#define UFFDIO_MOVE _IOWR(UFFDIO, _UFFDIO_MOVE, struct uffdio_move)
#endif
#ifndef UFFDIO_POISON
struct uffdio_poison { struct uffdio_range range; __u64 mode; __s64 updated; };
#define UFFDIO_POISON _IOWR(UFFDIO, _UFFDIO_POISON, struct uffdio_poison)
#endif
