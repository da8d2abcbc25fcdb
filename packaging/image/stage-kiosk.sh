# vmdb2 step: the kiosk's .deb (offline: its dependencies are in the cached stage) and the
# appliance's settings, copied from overlay/. TRAMSO_DEB is the package to install.
set -eu
: "${ROOT:?}" "${TRAMSO_DEB:?}" "${TRAMSO_IMAGE_DIR:?}"
in_root() { chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount -t sysfs sysfs "$ROOT/sys"
cleanup() {
  rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT/tmp/tramso.deb"
  umount "$ROOT/sys" "$ROOT/dev" "$ROOT/proc" 2>/dev/null || true
}
trap cleanup EXIT
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"

cp "$TRAMSO_DEB" "$ROOT/tmp/tramso.deb"
if ! in_root dpkg -i /tmp/tramso.deb; then
  # a dependency the cached stage lacks (add it to stage-packages.sh): fetch it now
  echo "stage-kiosk: the .deb needs packages the cached stage lacks; fetching them" >&2
  in_root apt-get update -qq
  in_root apt-get -f install -y -qq
  in_root apt-get clean
  rm -rf "$ROOT/var/lib/apt/lists/"*
fi
in_root dpkg -s tramso | grep -q "Status: install ok installed"

# the appliance's files: boot, journald, watchdog, logind, first-boot growth
cp -r --no-preserve=ownership "$TRAMSO_IMAGE_DIR/overlay/." "$ROOT/"
chmod 0755 "$ROOT/usr/local/sbin/tramso-growroot"

echo tramso >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\ttramso\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
  >"$ROOT/etc/hosts"
# Vietnam's time zone
ln -sf /usr/share/zoneinfo/Asia/Ho_Chi_Minh "$ROOT/etc/localtime"
echo Asia/Ho_Chi_Minh >"$ROOT/etc/timezone"
# every boot gets a new machine id until the first boot writes one
: >"$ROOT/etc/machine-id"
rm -f "$ROOT/var/lib/dbus/machine-id"
# no password works anywhere: root is locked, there is no other account with a shell and no
# remote login (no SSH server is installed)
in_root passwd -l root >/dev/null
! [ -e "$ROOT/usr/sbin/sshd" ] || { echo "an SSH server is installed" >&2; exit 1; }
# the kiosk on tty1 and no login prompt on any console
in_root systemctl enable tramso.service seatd.service tramso-growroot.service
in_root systemctl mask getty@tty1.service
in_root systemctl set-default graphical.target
mkdir -p "$ROOT/var/log/journal" "$ROOT/var/lib/tramso-image"
# nothing of the build machine's network settings (vmdb2 copies its resolv.conf in)
: >"$ROOT/etc/resolv.conf"
