# vmdb2 step: GRUB for BIOS (core image in the bios_grub partition, boot sector in the MBR)
# and for UEFI (at the removable path EFI/BOOT/BOOTX64.EFI: no firmware boot entry needed),
# no menu, quiet. Offline: both GRUBs were installed in the cached stage.
# The GRUB images are made with grub-mkimage and find the root filesystem by its UUID, and
# grub.cfg is written here, rather than by grub-install/update-grub: those ask the kernel
# which partition of which disk holds /boot, which a build machine without partition support
# for loop devices cannot answer. On the kiosk, a kernel update's update-grub rewrites
# grub.cfg from the same settings (/etc/default/grub.d/tramso.cfg).
set -eu
: "${ROOT:?}"
src=$(readlink -f "$(findmnt -no SOURCE "$ROOT")")
# the whole disk: the loop device kpartx (or loop-kpartx) made the partitions from, named in
# the partition's /dev/mapper/loopNpM
link=""
for l in /dev/mapper/loop*p*; do
  [ "$(readlink -f "$l")" = "$src" ] && link=$l
done
[ -n "$link" ] || { echo "stage-boot: no /dev/mapper name for $src" >&2; exit 1; }
loop=/dev/$(basename "$link" | sed 's/p[0-9]*$//')
[ -b "$loop" ] || { echo "stage-boot: no loop device for $link" >&2; exit 1; }
uuid=$(blkid -c /dev/null -o value -s UUID "$src")
[ -n "$uuid" ] || { echo "stage-boot: no UUID for the root filesystem" >&2; exit 1; }
in_root() { chroot "$ROOT" env LC_ALL=C.UTF-8 "$@"; }
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount -t sysfs sysfs "$ROOT/sys"
trap 'umount "$ROOT/sys" "$ROOT/dev" "$ROOT/proc" 2>/dev/null || true' EXIT

# the ESP: the partition after bios_grub. Mounted only when something under /boot/efi is
# read (a FAT partition mounted all the time is one more thing a power cut can damage).
esp=/dev/mapper/$(basename "$loop")p2
esp_uuid=$(blkid -c /dev/null -o value -s UUID "$esp")
[ -n "$esp_uuid" ] || { echo "stage-boot: no ESP at $esp" >&2; exit 1; }
mkdir -p "$ROOT/boot/efi"
echo "UUID=$esp_uuid /boot/efi vfat umask=0077,noauto,x-systemd.automount,x-systemd.idle-timeout=30,nofail 0 2" \
  >>"$ROOT/etc/fstab"

cat >"$ROOT/boot/grub-early.cfg" <<EARLY
search --no-floppy --fs-uuid --set=root $uuid
set prefix=(\$root)/boot/grub
EARLY
mkdir -p "$ROOT/boot/grub"
for target in i386-pc x86_64-efi; do
  rm -rf "$ROOT/boot/grub/$target"
  cp -r "$ROOT/usr/lib/grub/$target" "$ROOT/boot/grub/$target"
done
in_root grub-mkimage -O i386-pc -o /boot/grub/i386-pc/core.img -c /boot/grub-early.cfg \
  -p /boot/grub biosdisk part_gpt ext2 search search_fs_uuid
in_root /usr/lib/grub/i386-pc/grub-bios-setup --directory=/boot/grub/i386-pc --skip-fs-probe "$loop"
in_root grub-mkimage -O x86_64-efi -o /boot/grub/x86_64-efi/BOOTX64.EFI \
  -c /boot/grub-early.cfg -p /boot/grub part_gpt ext2 search search_fs_uuid
rm -f "$ROOT/boot/grub-early.cfg"
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -i "$esp" "$ROOT/boot/grub/x86_64-efi/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
rm "$ROOT/boot/grub/x86_64-efi/BOOTX64.EFI"

# the menu, as update-grub would write it from /etc/default/grub.d/tramso.cfg: one entry,
# no menu shown; /vmlinuz and /initrd.img follow kernel updates
. "$ROOT/etc/default/grub.d/tramso.cfg"
cat >"$ROOT/boot/grub/grub.cfg" <<CFG
# Trạm Số appliance (written by the image build; a kernel update's update-grub replaces it)
set timeout=${GRUB_TIMEOUT}
set timeout_style=${GRUB_TIMEOUT_STYLE}
insmod part_gpt
insmod ext2
insmod gzio
if [ "\${grub_platform}" = "efi" ]; then insmod efi_gop; insmod efi_uga; else insmod vbe; insmod vga; fi
set gfxpayload=keep
search --no-floppy --fs-uuid --set=root $uuid
menuentry "Trạm Số" {
  linux /vmlinuz root=UUID=$uuid ro ${GRUB_CMDLINE_LINUX_DEFAULT}
  initrd /initrd.img
}
CFG
[ -e "$ROOT/vmlinuz" ] && [ -e "$ROOT/initrd.img" ] ||
  { echo "stage-boot: no /vmlinuz or /initrd.img link" >&2; exit 1; }
