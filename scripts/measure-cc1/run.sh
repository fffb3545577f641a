#!/bin/bash
# Measure cc1's anonymous memory while building part of a kernel tree.
#   CC1_CMD="<loader> /path/to/cc1" CROSS_COMPILE=arm-linux-gnueabihf- \
#     scripts/measure-cc1/run.sh KERNEL_DIR LOG [make targets...]
# MEM_MIB (default 800) sets GCC's garbage-collector thresholds to what cc1 would
# choose on a machine with that much RAM (ggc-min-heapsize = RAM/8 within
# [4 MiB, 128 MiB]; ggc-min-expand = 30 + 70 * min(1, RAM / 1 GiB)).
set -euo pipefail
kdir=$(realpath "$1")
log=$(realpath -m "$2")
shift 2
: "${CC1_CMD:?set CC1_CMD to the cc1 to measure (with its loader if it needs one)}"
mem=${MEM_MIB:-800}
heap=$((mem * 1024 / 8))
((heap < 4096)) && heap=4096
((heap > 131072)) && heap=131072
expand=$(((30 * 1024 + 70 * (mem < 1024 ? mem : 1024)) / 1024))
bdir=$(mktemp -d)
ln -s "$(realpath "$(dirname "$0")")/sample-cc1.sh" "$bdir/cc1"
export CC1_CMD CC1_LOG="$log"
cd "$kdir"
make -j"$(nproc)" -k ARCH="${ARCH:-arm}" CROSS_COMPILE="${CROSS_COMPILE:-arm-linux-gnueabihf-}" \
  KCFLAGS="-B$bdir/ --param ggc-min-heapsize=$heap --param ggc-min-expand=$expand" "$@"
