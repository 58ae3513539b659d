#ifndef COACH_FILE_SUPPORT_H
#define COACH_FILE_SUPPORT_H

/// syncfs(2): makes every file of the file system holding `fd` durable in one call (Linux). Returns 0 or -1.
int coach_syncfs(int fd);

/// Lowers the calling thread's scheduling priority by `increment` nice steps (Linux: nice is per thread), so a
/// background writer yields the CPU to the serving thread when they share one. Returns 0 or -1.
int coach_lower_thread_priority(int increment);

/// Enlarges the kernel buffer of the pipe `fd` is an end of to `bytes` (Linux F_SETPIPE_SZ), or to the largest
/// power-of-two fraction of it the system allows (an unprivileged process may not go past
/// /proc/sys/fs/pipe-max-size, 1 MiB by default); never shrinks it. Returns the pipe's size, or -1 when `fd` is not a
/// pipe.
int coach_enlarge_pipe(int fd, int bytes);

#endif
