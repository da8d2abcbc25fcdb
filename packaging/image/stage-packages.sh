# The appliance's Debian part (cached): Debian 12 with the packages of the appliance, made by
# mmdebstrap into the tarball TARBALL, which vmdb2's unpack-rootfs step then unpacks into the
# image (tramso.vmdb). Run by build.sh on the build machine, as root; needs deb.debian.org.
#   sh stage-packages.sh TARBALL
# mmdebstrap rather than vmdb2's own debootstrap step and an apt-get in a chroot: it resolves
# and downloads every package at once with apt, installs with dpkg's unsafe I/O (this chroot
# is a throwaway: the tarball is made after), writes the tarball itself, and starts no daemon
# in the chroot. The kiosk's own dependencies are listed here too, so that installing its .deb
# later needs no network (stage-kiosk.sh fetches what a newer .deb adds).
set -eu
TARBALL=${1:?usage: stage-packages.sh TARBALL}
MIRROR=http://deb.debian.org/debian
# the system: kernel, systemd, both GRUBs (the -bin packages coexist; grub-install for each
# target is run in stage-boot.sh), the first-boot growth of the root partition, firmware for
# the Intel and AMD graphics of mini PCs; then what the kiosk's session and .deb need
packages="linux-image-amd64 systemd-sysv udev dbus initramfs-tools zstd
  grub2-common grub-pc-bin grub-efi-amd64-bin efibootmgr
  cloud-guest-utils fdisk e2fsprogs dosfstools exfatprogs
  firmware-amd-graphics firmware-misc-nonfree
  libgl1-mesa-dri
  kbd tzdata procps less
  seatd udisks2 polkitd
  cage xwayland fonts-noto-core espeak-ng-data adduser
  libglfw3 libgl1 libsqlite3-0 libsodium23 libsystemd0 libpng16-16 libzxing2 libfontconfig1
  libasound2 libutf8proc2 libespeak-ng1 libsndfile1 libarchive13 libpq5 libxlsxwriter4"
# The merged-usr hook merges /usr as debootstrap does for Debian 12 (usr-is-merged; without it
# apt satisfies init-system-helpers with the usrmerge tool, and perl comes along). Kept in the image (/etc/dpkg/dpkg.cfg.d/99mmdebstrap, /etc/apt/apt.conf.d/99mmdebstrap): no
# manuals, documentation or translations on a kiosk (the licences stay), no recommended or
# suggested packages. Only while building: dpkg's unsafe I/O (no fsync per file).
# shellcheck disable=SC2086 # the package list is split on purpose
mmdebstrap --variant=minbase --components=main,non-free-firmware \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --include="$(echo $packages | tr ' ' ',')" \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/vi/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --aptopt='APT::Install-Recommends "false"' \
  --aptopt='APT::Install-Suggests "false"' \
  --setup-hook='mkdir -p "$1/etc/dpkg/dpkg.cfg.d" && echo force-unsafe-io >"$1/etc/dpkg/dpkg.cfg.d/00-build-unsafe-io"' \
  --customize-hook='rm "$1/etc/dpkg/dpkg.cfg.d/00-build-unsafe-io"' \
  bookworm "$TARBALL" \
  "deb $MIRROR bookworm main non-free-firmware" \
  "deb $MIRROR bookworm-updates main non-free-firmware" \
  "deb http://deb.debian.org/debian-security bookworm-security main non-free-firmware"
