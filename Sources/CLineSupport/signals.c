#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "CLineSupport.h"

/* readline's own signal handling is off (rl_catch_signals = 0): its handler would run on whichever thread the
   kernel picks, and the readline thread would sleep on. Here the readline thread keeps these signals blocked
   except while it waits for a key in ppoll(), which unblocks them atomically: a signal is either caught there or
   stays pending until the next wait, never lost between a check and the wait. Other threads forward the signals
   they catch to the readline thread. */

static pthread_t rl_thread;
static sigset_t ours;         /* SIGINT and the others */
static sigset_t while_waiting; /* the readline thread's mask during ppoll: its usual mask without ours */
static volatile sig_atomic_t pending_interrupt;
static volatile sig_atomic_t pending_other;

static const int others[] = { SIGTSTP, SIGTERM, SIGHUP, SIGQUIT };
#define OTHERS (sizeof others / sizeof others[0])

static void handler(int sig) {
    if (!pthread_equal(pthread_self(), rl_thread)) {
        pthread_kill(rl_thread, sig);
        return;
    }
    if (sig == SIGINT) pending_interrupt = 1;
    else pending_other = sig;
}

static void install(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    sigaction(sig, &sa, NULL);
}

/* Lets a signal do what it does by default: SIGTSTP stops the process here until SIGCONT, the others end it. */
static void by_default(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t one, old;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, &old);
    raise(sig);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    install(sig);
}

/* readline's rl_getc_function: the next key, acting on signals caught while waiting for it. */
static int next_key(FILE *stream) {
    int fd = fileno(stream);
    for (;;) {
        if (pending_interrupt || pending_other) {
            coach_rl_on_signal();
            continue;
        }
        struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
        int ready = ppoll(&p, 1, NULL, &while_waiting);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return EOF;
        }
        unsigned char c;
        ssize_t n = read(fd, &c, 1);
        if (n == 1) return c;
        if (n < 0 && errno == EINTR) continue;
        return EOF;
    }
}

void coach_rl_install_signals(void) {
    rl_thread = pthread_self();
    rl_catch_signals = 0;
    rl_getc_function = next_key;
    sigemptyset(&ours);
    sigaddset(&ours, SIGINT);
    for (size_t i = 0; i < OTHERS; i++) sigaddset(&ours, others[i]);
    pthread_sigmask(SIG_BLOCK, &ours, &while_waiting);
    for (size_t i = 0; i < OTHERS; i++) sigdelset(&while_waiting, others[i]);
    sigdelset(&while_waiting, SIGINT);
    install(SIGINT);
    for (size_t i = 0; i < OTHERS; i++) install(others[i]);
}

void coach_rl_will_read(void) {
    /* A Ctrl-C pressed while coach was busy between lines is not meant for the new line. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    struct timespec now = { 0, 0 };
    while (sigtimedwait(&interrupt, NULL, &now) > 0) {}
    pending_interrupt = 0;
}

int coach_rl_on_signal(void) {
    if (pending_interrupt) {
        pending_interrupt = 0;
        rl_free_line_state();
        using_history();
        fputs("^C", rl_outstream ? rl_outstream : stdout);
        rl_crlf();
        rl_on_new_line();
        rl_replace_line("", 1);
        rl_redisplay();
    }
    int sig = pending_other;
    if (sig) {
        pending_other = 0;
        rl_cleanup_after_signal(); /* the terminal as it was before readline, for the shell or for good */
        by_default(sig);
        rl_reset_after_signal(); /* back from SIGTSTP: readline's terminal modes again, and the line redrawn */
        rl_forced_update_display();
    }
    return 0;
}

/* The terminal's width is read again after the window changed size: SIGWINCH only sets a flag. readline installs
   its own SIGWINCH handler while it reads a line, and calls this one from it. */
static volatile sig_atomic_t window_changed = 1;

static void on_window_change(int sig) {
    (void)sig;
    window_changed = 1;
}

void coach_watch_window_size(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_window_change;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
}

int coach_window_size_changed(void) {
    if (!window_changed) return 0;
    window_changed = 0;
    return 1;
}
