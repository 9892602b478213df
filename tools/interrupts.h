// SIGINT and SIGTERM as a request to stop, for the commands that write
// (ingest, count, merge).
//
// Killed by the default action, an ingest left its spill files (up to
// hundreds of MB in ingest-spill/) until the next ingest, a half-drawn
// progress line, and no word of what happened. Instead, the first SIGINT or
// SIGTERM sets a flag that the library checks about every block
// (IngestOptions::stop): the ingest stops, its destructors remove the
// scratch and spill files and a database it was creating, and the command
// says "interrupted; DB is unchanged" and exits with 128 + the signal's
// number (130, 143), as a shell reports a process the signal killed. The
// handler resets itself, so a second signal kills at once; what a kill
// leaves behind is crash-safe anyway (README: Guarantees).

#ifndef COOC_TOOLS_INTERRUPTS_H_
#define COOC_TOOLS_INTERRUPTS_H_

#include <signal.h>

#include <atomic>
#include <csignal>

namespace cooc {

// Set by the handler; what IngestOptions::stop points to.
inline std::atomic<bool> interrupt_requested{false};
// The signal that set it (0 for none).
inline volatile std::sig_atomic_t interrupt_signal = 0;

inline void OnInterrupt(int signal_number) {
  interrupt_signal = signal_number;
  interrupt_requested.store(true);  // Lock-free: safe in a signal handler.
}

// Installs the handler for SIGINT and SIGTERM (once per signal: SA_RESETHAND
// gives the second one its default action). Not SA_RESTART, so that a
// blocked read(2) returns and the reader sees the request.
inline void StopOnInterrupt() {
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// The exit status of a command stopped by a signal: 128 + its number.
inline int InterruptedExitStatus() { return 128 + interrupt_signal; }

}  // namespace cooc

#endif  // COOC_TOOLS_INTERRUPTS_H_
