#!/usr/bin/env bash
# The appliance boot test: builds the image (or takes TRAMSO_APPLIANCE_IMAGE), boots a copy
# of it in QEMU with a virtual screen (1280x800), a tablet for touches, a USB stick
# plugged and pulled over QMP, no network, and checks it by its screen, by touch, over a
# serial root shell (added to the test's copy only), and from its disk afterwards.
#   sudo bash tests/appliance/run.sh
# Screenshots, logs and summary.json: build/appliance-shots/ (TRAMSO_APPLIANCE_SHOTS).
# TCG by default; KVM when /dev/kvm boots the image within a short probe. Needs root (loop
# devices to prepare the copy and read its disk afterwards). A machine that cannot boot a VM
# fails the test with the reason under CI=true (skips, exit 77, elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=$PWD
SHOTS=${TRAMSO_APPLIANCE_SHOTS:-$SRC/build/appliance-shots}
WORK=${TRAMSO_APPLIANCE_WORK:-$SRC/build/appliance}
IMG=${TRAMSO_APPLIANCE_IMAGE:-}
cannot() {
  echo "appliance: cannot run: $*" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  exit 77
}
fail() { echo "appliance: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || cannot "needs root (loop devices for the image's disk)"
for tool in qemu-system-x86_64 sfdisk losetup mcopy mkfs.vfat sqlite3 xvfb-run python3 sha256sum; do
  command -v "$tool" >/dev/null || cannot "$tool is missing (bash .ci/install-deps)"
done
[ -f /usr/share/ovmf/OVMF.fd ] || cannot "no UEFI firmware (/usr/share/ovmf/OVMF.fd: apt install ovmf)"
grep -qw ext4 /proc/filesystems || cannot "this kernel cannot mount ext4 (the image's disk)"

mkdir -p "$WORK" "$SHOTS"
rm -f "$SHOTS"/*.png "$SHOTS"/*.txt "$SHOTS"/summary.json
start=$(date +%s)
if [ -z "$IMG" ]; then
  IMG=$WORK/tramso-amd64.img
  bash packaging/image/build.sh -o "$IMG" | tee "$WORK/build.txt"
fi
[ -f "$IMG" ] || fail "no image at $IMG"

# The test's copy: 1 GB larger than the image (the first boot grows the root filesystem to it),
# a root shell on the serial port, a fixed mm_per_px (the VM's screen reports its own size;
# the local reference runs must lay the screens out alike).
TEST=$WORK/test.img
cp --sparse=always "$IMG" "$TEST"
truncate -s +1G "$TEST"
MNT=$WORK/mnt
mkdir -p "$MNT"
LOOP=""
mount_root() {
  local off size
  read -r off size < <(sfdisk -J "$TEST" | python3 -c '
import json, sys
p = json.load(sys.stdin)["partitiontable"]["partitions"][2]
print(p["start"] * 512, p["size"] * 512)')
  LOOP=$(losetup --show -f -o "$off" --sizelimit "$size" "$TEST")
  mount "$LOOP" "$MNT"
}
umount_root() {
  umount "$MNT" 2>/dev/null || true
  [ -z "$LOOP" ] || losetup -d "$LOOP" 2>/dev/null || true
  LOOP=""
}
trap umount_root EXIT
mount_root
cat >"$MNT/etc/systemd/system/tramso-test-shell.service" <<'EOF'
# Test only (tests/appliance/run.sh adds it to its copy of the image): a root shell on ttyS0.
[Unit]
Description=Appliance test: root shell on the serial port
After=systemd-user-sessions.service
[Service]
ExecStart=/bin/bash --norc --noprofile -i
StandardInput=tty-force
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
Environment=PS1=test# TERM=dumb SYSTEMD_PAGER= SYSTEMD_COLORS=0
Restart=always
[Install]
WantedBy=multi-user.target
EOF
# The VM's screen is a virtio-gpu without 3D: Mesa's kms_swrast under cage's GLES renderer
# and Xwayland's glamor crashed there (segfaults in kms_swrast_dri.so). In the VM only, cage
# composes with pixman and Xwayland draws without glamor; tramso still draws with OpenGL
# (llvmpipe). A mini PC's Intel or AMD GPU needs neither.
mkdir -p "$MNT/etc/systemd/system/tramso.service.d"
printf '[Service]\nEnvironment=WLR_RENDERER=pixman XWAYLAND_NO_GLAMOR=1\n' \
  >"$MNT/etc/systemd/system/tramso.service.d/test-vm-no-gpu.conf"
ln -sf /etc/systemd/system/tramso-test-shell.service \
  "$MNT/etc/systemd/system/multi-user.target.wants/tramso-test-shell.service"
# the kernel's and systemd's messages on a second serial port (console.log), for a person
# reading why a boot took long; the screen stays as quiet as the product's
sed -i 's#^\(\s*linux .*\) quiet loglevel=3 systemd.show_status=false#\1 console=tty0 console=ttyS1,115200 loglevel=6 systemd.show_status=1#' \
  "$MNT/boot/grub/grub.cfg"
grep -q 'console=ttyS1' "$MNT/boot/grub/grub.cfg" || fail "cannot add the serial console to the test copy"
grep -q '^mm_per_px' "$MNT/etc/tramso/kiosk.toml" || echo 'mm_per_px = 0.25' >>"$MNT/etc/tramso/kiosk.toml"
# the very binary, content and config the VM runs, for the local reference screens
LOCAL=$WORK/local-root
rm -rf "$LOCAL"
mkdir -p "$LOCAL/usr/bin" "$LOCAL/usr/share"
cp "$MNT/usr/bin/tramso" "$MNT/usr/bin/tramso-province" "$LOCAL/usr/bin/"
cp -r "$MNT/usr/share/tramso" "$LOCAL/usr/share/"
cp "$MNT/etc/tramso/kiosk.toml" "$WORK/image-kiosk.toml"
umount_root

ACCEL=${TRAMSO_APPLIANCE_ACCEL:-}
if [ -z "$ACCEL" ]; then
  ACCEL=tcg
  if [ -w /dev/kvm ]; then
    # nested KVM may start and then print nothing: boot a throwaway overlay for a short while
    if python3 tests/appliance/appliance.py --probe-kvm --image "$TEST" --work "$WORK" \
      --shots "$SHOTS" --tramso "$LOCAL/usr/bin/tramso" --kiosk-toml "$WORK/image-kiosk.toml"; then
      ACCEL=kvm
    fi
  fi
fi
echo "appliance: accelerator $ACCEL"

rc=0
python3 tests/appliance/appliance.py --image "$TEST" --work "$WORK" --shots "$SHOTS" \
  --tramso "$LOCAL/usr/bin/tramso" --kiosk-toml "$WORK/image-kiosk.toml" --accel "$ACCEL" \
  --stick "$WORK/stick.img" --boot-timeout "${TRAMSO_APPLIANCE_BOOT_TIMEOUT:-420}" --bios || rc=$?

# The disk after the power cuts: the statistics database is whole (mounted read-write on the
# copy so ext4 replays its journal as the kiosk's next boot would).
mount_root
disk_ok=1
for db in stats staff; do
  f=$MNT/var/lib/tramso/$db.sqlite
  if [ ! -f "$f" ]; then
    echo "appliance: FAIL $db.sqlite is missing"; disk_ok=0; continue
  fi
  tmp=$(mktemp -d)
  cp "$f"* "$tmp/"
  res=$(sqlite3 "$tmp/$db.sqlite" 'PRAGMA integrity_check;' 2>&1 || true)
  rm -rf "$tmp"
  if [ "$res" = ok ]; then
    echo "appliance: PASS $db.sqlite integrity_check after the power cuts"
  else
    echo "appliance: FAIL $db.sqlite integrity_check: $res"; disk_ok=0
  fi
done
ls -la "$MNT/var/lib/tramso" >"$SHOTS/var-lib-tramso.txt" 2>&1 || true
cp "$MNT/etc/tramso/kiosk.toml" "$SHOTS/kiosk.toml.after" 2>/dev/null || true
umount_root
[ "$disk_ok" = 1 ] || rc=1
echo "appliance: screenshots and summary in $SHOTS; $(($(date +%s) - start)) s in all"
exit "$rc"
