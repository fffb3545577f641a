#!/bin/bash
# How much of its mapped text a running cc1 references again within a window.
#   scripts/measure-cc1/referenced-text.sh [WINDOW_S] [MAX_PROCESSES]
# For each running cc1 (up to MAX_PROCESSES, default 6): clear its referenced
# bits (/proc/PID/clear_refs, needs root), wait WINDOW_S seconds (default 0.5),
# then print the CPU ticks it used meanwhile and, for its mappings of cc1
# itself, the resident and the referenced KiB from /proc/PID/smaps.
set -uo pipefail
window=${1:-0.5}
for pid in $(pgrep -x cc1 | head -"${2:-6}"); do
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || continue
  echo 1 > "/proc/$pid/clear_refs" 2>/dev/null || continue
  (
    sleep "$window"
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || exit 0
    awk -v pid="$pid" -v ticks=$((t1 - t0)) '
      /^[0-9a-f]+-[0-9a-f]+ / { path = $6 }
      /^Rss:/ { if (path ~ /\/cc1$/) rss += $2 }
      /^Referenced:/ { if (path ~ /\/cc1$/) ref += $2 }
      END { printf "pid %s cpu %d ticks text resident %d KiB referenced %d KiB\n", pid, ticks, rss, ref }
    ' "/proc/$pid/smaps" 2>/dev/null
  ) &
done
wait
