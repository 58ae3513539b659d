#!/usr/bin/env bash
# The fault-injection suite at its large size: every write of a whole diagnosis failing (ENOSPC, EIO) or torn at
# every byte, failed cut-backs, every failed sync, a crash tearing every turn at every byte, eviction churn (2,000
# conversations, at most 50 open, stale clicks), kill -9 across 300 conversations, and every edit of a golden
# transcript with and without the key (and re-chained by a forger). Prints its counts.
# swift test runs the same tests at a small, seeded size.
set -euo pipefail
cd "$(dirname "$0")/.."
COACH_FAULTS=large swift test --filter 'FaultInjectionTests|StorageFaultTests|EvictionChurnTests|KillNineTests|TamperTests' 2>&1 | grep -E "fault injection|eviction churn|kill -9|tamper|forger|✘|Test run with"
