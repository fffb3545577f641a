#!/bin/bash
# Sample the kernel memory a build creates, every 10 s until PID exits: the
# global /proc/slabinfo, meminfo's slab, stack and page-table totals, how many
# object files exist and how many compile jobs (gcc drivers) are running.
# Run it on a quiet machine, as root (slabinfo), beside a build started from a
# cold tree (see docs/measurements/kernel-memory.md).
#   scripts/measure-kmem/sample-slab.sh PID TREE DRIVER_EXE_NAME LOG
set -eu
if [ $# -ne 4 ]; then
  echo "usage: sample-slab.sh PID TREE DRIVER_EXE_NAME LOG" >&2
  exit 2
fi
pid=$1 tree=$2 driver=$3 log=$4
: > "$log"
start=$(date +%s)
sample() {
  local t=$(( $(date +%s) - start ))
  local objs drivers
  objs=$(find "$tree" -name '*.o' | wc -l)
  # A job is a driver process: count the processes whose executable is the driver.
  drivers=$(for e in /proc/[0-9]*/exe; do readlink "$e" 2>/dev/null; done | grep -c "/$driver\$" || true)
  echo "== t=$t objs=$objs drivers=$drivers $(grep -E '^(KernelStack|PageTables):' /proc/meminfo | tr -s ' ' | tr -d ':' | tr '\n' ' ')$1" >> "$log"
  tail -n +3 /proc/slabinfo >> "$log"
}
while kill -0 "$pid" 2>/dev/null; do
  sample ''
  sleep 10
done
sample ' end'
