#!/usr/bin/env bash
# The fault-injection suite at its large size: every write of a whole diagnosis failing (ENOSPC, EIO) or torn at
# every byte, failed cut-backs, every failed sync, and a crash tearing every turn at every byte. Prints its counts.
# swift test runs the same tests at a small, seeded size.
set -euo pipefail
cd "$(dirname "$0")/.."
COACH_FAULTS=large swift test --filter 'FaultInjectionTests|StorageFaultTests' 2>&1 | grep -E "fault injection|✘|Test run with"
