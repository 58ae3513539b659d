#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "CLineSupport.h"

/* readline's own signal handling is off (rl_catch_signals = 0): its handler would run on whichever thread the
   kernel picks, and the readline thread's read() would never see EINTR. These handlers forward each signal to
   the readline thread; there, inside readline(), the signal hook acts on it in normal context. */

static pthread_t rl_thread;
static volatile sig_atomic_t pending_interrupt;
static volatile sig_atomic_t pending_other;
static volatile sig_atomic_t reading;

static const int others[] = { SIGTSTP, SIGTERM, SIGHUP, SIGQUIT };

static void handler(int sig);

static void install(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: read() must see EINTR */
    sigaction(sig, &sa, NULL);
}

/* Lets a signal do what it does by default: SIGTSTP stops the process here until SIGCONT, the others end it.
   Async-signal-safe, so it may run in the handler too. */
static void by_default(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, sig);
    pthread_sigmask(SIG_UNBLOCK, &mask, NULL);
    raise(sig);
    install(sig);
}

static void handler(int sig) {
    if (!pthread_equal(pthread_self(), rl_thread)) {
        pthread_kill(rl_thread, sig);
        return;
    }
    if (sig == SIGINT) {
        pending_interrupt = 1;
    } else if (reading) {
        pending_other = sig;
    } else {
        int saved = errno;
        by_default(sig);
        errno = saved;
    }
}

void coach_rl_install_signals(void) {
    rl_thread = pthread_self();
    rl_catch_signals = 0;
    install(SIGINT);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) install(others[i]);
    /* A parent may have blocked these (threads of some runtimes do); this thread must receive them. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) sigaddset(&mask, others[i]);
    pthread_sigmask(SIG_UNBLOCK, &mask, NULL);
}

/* A signal that came between two lines, with the terminal as the leader's shell left it. */
static void act_on_late_signal(void) {
    int sig = pending_other;
    if (sig) {
        pending_other = 0;
        by_default(sig);
    }
}

void coach_rl_will_read(void) {
    pending_interrupt = 0;
    reading = 1;
    act_on_late_signal();
}

void coach_rl_did_read(void) {
    reading = 0;
    act_on_late_signal();
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
