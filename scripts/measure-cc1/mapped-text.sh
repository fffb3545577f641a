#!/bin/bash
# How much of a program's text (and its libraries') running processes keep mapped.
#   scripts/measure-cc1/mapped-text.sh PROGRAM_NAME LOG FILE...
# Every 15 s while a process named PROGRAM_NAME runs: drop the pages of FILE...
# that no process maps (posix_fadvise DONTNEED leaves mapped pages alone), then
# log the time, the processes running and the bytes of each FILE still resident.
set -euo pipefail
(($# >= 3)) || { echo "usage: mapped-text.sh PROGRAM_NAME LOG FILE..." >&2; exit 2; }
name=$1 log=$2
shift 2
while pgrep -x "$name" >/dev/null; do
  python3 -c '
import os, sys
for f in sys.argv[1:]:
    fd = os.open(f, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)' "$@"
  echo "$(date +%s) $(pgrep -xc "$name") $(fincore -b -n -o RES "$@" | tr '\n' ' ')" >> "$log"
  sleep 15
done
