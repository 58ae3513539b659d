#ifndef COACH_LINE_SUPPORT_H
#define COACH_LINE_SUPPORT_H

/// Turns readline's own signal handling off and installs handlers (no SA_RESTART) for SIGINT, SIGTSTP, SIGTERM,
/// SIGHUP and SIGQUIT that forward each signal to the calling thread, so its read() fails with EINTR and readline's
/// signal hook runs there; unblocks them on that thread. Call once, on the readline thread.
void coach_rl_install_signals(void);

/// Call on the readline thread just before readline(): forgets an old Ctrl-C, acts on a signal that came between lines.
void coach_rl_will_read(void);

/// Call on the readline thread just after readline() returns.
void coach_rl_did_read(void);

/// readline's signal hook (rl_signal_event_hook), run on the readline thread after a read was interrupted.
/// Ctrl-C: shows ^C, drops the half-typed line and draws a fresh prompt. Ctrl-Z: restores the terminal, stops,
/// and on `fg` takes the terminal back and redraws the line. SIGTERM, SIGHUP, SIGQUIT: restore the terminal, then
/// end as the signal does by default.
int coach_rl_on_signal(void);

#endif
