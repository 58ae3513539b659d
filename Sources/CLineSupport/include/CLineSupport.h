#ifndef COACH_LINE_SUPPORT_H
#define COACH_LINE_SUPPORT_H

/// Takes signal handling from readline for SIGINT, SIGTSTP, SIGTERM, SIGHUP and SIGQUIT: other threads forward them
/// to the calling thread, which keeps them blocked except while it waits for a key (readline's getc function is
/// replaced by one that waits in ppoll), so none is lost between a check and the wait. Call once, on the readline
/// thread, before its first readline().
void coach_rl_install_signals(void);

/// Call on the readline thread just before readline(): forgets a Ctrl-C pressed while coach was busy.
void coach_rl_will_read(void);

/// Acts on a caught signal, on the readline thread inside readline() (also usable as rl_signal_event_hook).
/// Ctrl-C: shows ^C, drops the half-typed line and draws a fresh prompt. Ctrl-Z: restores the terminal, stops, and
/// on `fg` takes the terminal back and redraws the line. SIGTERM, SIGHUP, SIGQUIT: restore the terminal, then end
/// as the signal does by default.
int coach_rl_on_signal(void);

/// Watches for SIGWINCH (the terminal window changed size); safe to call more than once.
void coach_watch_window_size(void);

/// 1 once after each SIGWINCH (and on the first call), else 0: when to read the terminal's width again.
int coach_window_size_changed(void);

#endif
