#!/bin/bash
# Stands in for cc1 (found through gcc -B): runs the real one ($CC1_CMD) and samples
# its RssAnon every 10 ms. Appends "source peakKiB s1,s2,..." to $CC1_LOG.
$CC1_CMD "$@" &
pid=$!
peak=0
samples=""
while kill -0 "$pid" 2>/dev/null; do
  a=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null)
  if [ -n "$a" ]; then
    samples="$samples,$a"
    [ "$a" -gt "$peak" ] && peak=$a
  fi
  sleep 0.01
done
wait "$pid"
rc=$?
src=?
for x in "$@"; do
  case "$x" in -* | .c) ;; *.c) [ "$src" = "?" ] && src=$x ;; esac
done
echo "$src $peak ${samples#,}" >>"$CC1_LOG"
exit $rc
