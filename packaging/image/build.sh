#!/usr/bin/env bash
# Builds the Trạm Số appliance: a GPT disk image (3 GB, grows to its disk on first boot) that
# boots by UEFI and by BIOS on amd64 into the kiosk, from Debian 12 packages and the project's
# .deb, with vmdb2 (see tramso.vmdb for the steps and why vmdb2) over a Debian part made by
# mmdebstrap (stage-packages.sh). Needs root, loop devices and deb.debian.org (only for the
# first build: the Debian part is cached).
#   bash packaging/image/build.sh -o tramso-amd64.img [--deb FILE] [--cache DIR]
#   bash packaging/image/build.sh --warm [--cache DIR]   (only the cached Debian part)
# The .deb: --deb, else the newest build/tramso_*_amd64.deb, else one is built (a build
# folder without tests, build-image-deb/, then cpack). --warm needs no .deb: CI makes the
# Debian part (network, dpkg) while the kiosk compiles.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
OUT="" WARM=0 DEB="${TRAMSO_DEB:-}" CACHE="${TRAMSO_IMAGE_CACHE:-$SRC/build/image-cache}"
while (($#)); do
  case "$1" in
    -o | --output) OUT=$2; shift 2 ;;
    --deb) DEB=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    --warm) WARM=1; shift ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
fail() { echo "image: $*" >&2; exit 1; }
[ -n "$OUT" ] || [ "$WARM" = 1 ] || fail "usage: build.sh -o IMAGE [--deb FILE] [--cache DIR] | --warm"
[ "$(id -u)" -eq 0 ] || fail "needs root (loop devices, mounts, chroot)"
for tool in vmdb2 mmdebstrap zstd kpartx parted sfdisk qemu-img mkfs.vfat mcopy zerofree; do
  command -v "$tool" >/dev/null || fail "$tool is missing (bash .ci/install-deps)"
done
start=$(date +%s)

if [ "$WARM" = 0 ] && [ -z "$DEB" ]; then
  DEB=$(ls -t "$SRC"/build/tramso_*_amd64.deb 2>/dev/null | head -1 || true)
fi
if [ "$WARM" = 0 ] && [ -z "$DEB" ]; then
  echo "image: no .deb given or in build/: building one in build-image-deb/"
  cmake -S "$SRC" -B "$SRC/build-image-deb" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTRAMSO_BUILD_TESTS=OFF -DTRAMSO_WERROR=ON >/dev/null
  nice cmake --build "$SRC/build-image-deb" -j"$(nproc)"
  (cd "$SRC/build-image-deb" && cpack -G DEB >/dev/null)
  DEB=$(ls -t "$SRC"/build-image-deb/tramso_*_amd64.deb | head -1)
fi
if [ "$WARM" = 0 ]; then
  [ -f "$DEB" ] || fail "no .deb: $DEB"
  DEB=$(readlink -f "$DEB")
  echo "image: kiosk package $DEB"
fi

# The Debian part (stage-packages.sh: mmdebstrap, into a tarball) is cached, named after the
# script that makes it: a change to it makes it anew.
key=$(sha256sum "$HERE/stage-packages.sh" | cut -c1-16)
mkdir -p "$CACHE"
TARBALL="$CACHE/rootfs-$key.tar.zst"
if [ -f "$TARBALL" ]; then
  echo "image: reusing the Debian part $TARBALL"
else
  echo "image: making the Debian part with mmdebstrap (cached as $TARBALL)"
  # older caches are of no further use
  find "$CACHE" -maxdepth 1 -name 'rootfs-*.tar.*' -delete
  partial="$CACHE/partial-$key.tar.zst"
  rm -f "$partial"
  if ! TMPDIR="$CACHE" sh "$HERE/stage-packages.sh" "$partial" >"$CACHE/mmdebstrap.log" 2>&1; then
    tail -40 "$CACHE/mmdebstrap.log" >&2
    rm -f "$partial"
    fail "mmdebstrap failed (full log: $CACHE/mmdebstrap.log)"
  fi
  mv "$partial" "$TARBALL"
  echo "image: the Debian part made in $(($(date +%s) - start)) s"
fi
if [ "$WARM" = 1 ]; then
  exit 0
fi

export TRAMSO_DEB="$DEB" TRAMSO_IMAGE_DIR="$HERE"
VMDB=$HERE/tramso.vmdb
OUT=$(readlink -f "$OUT")
TMPOUT="$OUT.partial"
rm -f "$TMPOUT"
LOG="$CACHE/vmdb2.log"
# no device-mapper or no partition tables on loop devices (containers): loop-kpartx instead
if ! dmsetup version >/dev/null 2>&1; then
  echo "image: no device-mapper here: partitions through loop devices at their offsets"
  shim=$(mktemp -d)
  ln -s "$HERE/loop-kpartx" "$shim/kpartx"
  export PATH="$shim:$PATH"
fi
if ! vmdb2 --verbose --output "$TMPOUT" --rootfs-tarball "$TARBALL" --log "$LOG" \
  "$VMDB" >"$CACHE/vmdb2.out" 2>&1; then
  tail -40 "$CACHE/vmdb2.out" >&2
  # whatever vmdb2's clean-up left attached to the unfinished image
  for l in $(losetup -j "$TMPOUT" -O NAME -n 2>/dev/null); do losetup -d "$l" || true; done
  rm -f "$TMPOUT"
  fail "vmdb2 failed (full log: $LOG)"
fi
end=$(date +%s)
mv "$TMPOUT" "$OUT"
echo "image: $OUT ($(du -h --apparent-size "$OUT" | cut -f1) apparent," \
  "$(du -h "$OUT" | cut -f1) used) built in $((end - start)) s"
