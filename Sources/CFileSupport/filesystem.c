#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CFileSupport.h"

int coach_syncfs(int fd) { return syncfs(fd); }

int coach_lower_thread_priority(int increment) {
    pid_t tid = (pid_t)syscall(SYS_gettid);
    errno = 0;
    int now = getpriority(PRIO_PROCESS, (id_t)tid);
    if (now == -1 && errno != 0) return -1;
    return setpriority(PRIO_PROCESS, (id_t)tid, now + increment);
}

int coach_enlarge_pipe(int fd, int bytes) {
    int now = fcntl(fd, F_GETPIPE_SZ);
    if (now < 0) return -1;
    for (int size = bytes; size > now; size /= 2) {
        int got = fcntl(fd, F_SETPIPE_SZ, size);
        if (got >= 0) return got;
        if (errno != EPERM && errno != EBUSY) return -1;
    }
    return now;
}
