# vmdb2 step (cached): the Debian 12 packages of the appliance, installed into $ROOT.
# Run by vmdb2 on the build machine. The kiosk's own dependencies are listed here too, so that
# installing its .deb later needs no network (stage-kiosk.sh fetches what a newer .deb adds).
set -eu
: "${ROOT:?}"
in_root() { chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount -t sysfs sysfs "$ROOT/sys"
cleanup() {
  rm -f "$ROOT/usr/sbin/policy-rc.d"
  umount "$ROOT/sys" "$ROOT/dev" "$ROOT/proc" 2>/dev/null || true
}
trap cleanup EXIT
# no daemon may start inside the build's chroot (dbus, udisks2, seatd...)
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"

cat >"$ROOT/etc/apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main non-free-firmware
deb http://deb.debian.org/debian bookworm-updates main non-free-firmware
deb http://deb.debian.org/debian-security bookworm-security main non-free-firmware
SOURCES
# no manuals, documentation or translations on a kiosk (the licences stay)
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/01-tramso-nodoc" <<'NODOC'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/vi/*
path-include /usr/share/locale/locale.alias
NODOC
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
  >"$ROOT/etc/apt/apt.conf.d/01-tramso-norecommends"

in_root apt-get update -qq
# the system: kernel, systemd, both GRUBs (the -bin packages coexist; grub-install for each
# target is run in stage-boot.sh), the first-boot growth of the root partition, firmware for
# the Intel and AMD graphics of mini PCs
in_root apt-get install -y -qq \
  linux-image-amd64 systemd-sysv udev dbus initramfs-tools zstd \
  grub2-common grub-pc-bin grub-efi-amd64-bin efibootmgr \
  cloud-guest-utils fdisk e2fsprogs dosfstools exfatprogs \
  firmware-amd-graphics firmware-misc-nonfree \
  libgl1-mesa-dri \
  kbd tzdata procps less \
  seatd udisks2 polkitd \
  cage xwayland fonts-noto-core espeak-ng-data adduser \
  libglfw3 libgl1 libsqlite3-0 libsodium23 libsystemd0 libpng16-16 libzxing2 libfontconfig1 \
  libasound2 libutf8proc2 libespeak-ng1 libsndfile1 libarchive13 libpq5 libxlsxwriter4
in_root apt-get clean
rm -rf "$ROOT/var/lib/apt/lists/"*
