#!/usr/bin/env bash
# Builds the .deb from BUILD_DIR with CPack and checks it as a technician would get it:
# control fields and files (dpkg-deb -I/-c), conffiles, maintainer scripts, lintian without
# errors, then runs the packaged binary (`--version`, `staff add/remove`, `doctor`).
# Where it runs it: on a developer's machine the package is unpacked into a throwaway root
# (dpkg-deb -x into a temporary folder, removed at the end): nothing on the machine changes.
# Only with CI=true (a CI machine is itself thrown away) is it installed for real (dpkg -i;
# apt-get -f install: the tramso user, /var/lib/tramso, cage) and the unit checked with
# systemd-analyze verify against the installed paths; that needs root.
#   bash packaging/test-deb.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
fail() { echo "test-deb: $*" >&2; exit 1; }

(cd "$BUILD" && cpack -G DEB >/dev/null)
DEB=$(ls -t "$BUILD"/tramso_*_amd64.deb | head -1)
[ -f "$DEB" ] || fail "no .deb was built"
echo "test-deb: $DEB"

info=$(dpkg-deb -I "$DEB")
for dep in fonts-noto-core cage xwayland libglfw3 libsqlite3-0 libsodium23 libsystemd0 \
           seatd libgl1-mesa-dri procps dbus udisks2 polkitd; do
  grep -q "Depends:.*$dep" <<<"$info" || fail "Depends lacks $dep"
done
grep -q " conffiles" <<<"$info" || fail "no conffiles"
grep -q " postinst" <<<"$info" || fail "no postinst"
[ "$(dpkg-deb -f "$DEB" Package)" = tramso ] || fail "package name"
files=$(dpkg-deb -c "$DEB")
for f in ./usr/bin/tramso ./usr/bin/tramso-province ./etc/tramso/kiosk.toml ./etc/tramso/keys/ \
         ./usr/libexec/tramso/tramso-session ./usr/libexec/tramso/tramso-touch-rotation \
         ./lib/systemd/system/tramso.service ./usr/share/polkit-1/rules.d/50-tramso-udisks.rules \
         ./usr/share/tramso/i18n/strings.toml ./usr/share/tramso/portals.toml \
         ./usr/share/tramso/plans/ ./usr/share/man/man1/tramso.1.gz \
         ./usr/share/doc/tramso/copyright ./usr/share/doc/tramso/changelog.gz; do
  grep -q " $f" <<<"$files" || fail "the package lacks $f"
done
# The unit as a real systemd starts it (issue #24): no login session (PAM put tramso in a
# session scope where its READY/WATCHDOG were ignored), its own runtime folder, seatd's seat,
# a stop that asks tramso to quit before cage is signalled.
UNIT=$(mktemp -d "${TMPDIR:-/tmp}/tramso-unit.XXXXXX")
dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$UNIT" ./lib/systemd/system/tramso.service \
  ./usr/share/polkit-1/rules.d/50-tramso-udisks.rules
unit=$UNIT/lib/systemd/system/tramso.service
! grep -q '^PAMName=' "$unit" || fail "the unit opens a PAM login session"
for line in RuntimeDirectory=tramso Environment=XDG_RUNTIME_DIR=/run/tramso \
            Environment=LIBSEAT_BACKEND=seatd LimitNOFILE=4096 'ExecStop=.*pkill -TERM -x -P' \
            'ExecStartPre=-+/usr/libexec/tramso/tramso-touch-rotation' \
            'ExecStart=/usr/libexec/tramso/tramso-session'; do
  grep -q "^$line" "$unit" || fail "the unit lacks $line"
done
rules=$UNIT/usr/share/polkit-1/rules.d/50-tramso-udisks.rules
grep -q 'subject.user !== "tramso"' "$rules" || fail "the polkit rule is not for tramso alone"
grep -q 'drive.removable' "$rules" || fail "the polkit rule is not for removable drives alone"
rm -rf "$UNIT"
dpkg-deb -e "$DEB" "$BUILD/deb-control"
grep -qx "/etc/tramso/kiosk.toml" "$BUILD/deb-control/conffiles" || fail "kiosk.toml is not a conffile"

if command -v lintian >/dev/null; then
  lint=$(lintian --tag-display-limit 0 "$DEB" 2>/dev/null || true)
  echo "$lint" | sed 's/^/  lintian: /'
  grep -q "^E:" <<<"$lint" && fail "lintian reports errors"
  echo "test-deb: lintian: no errors"
fi

for script in postinst prerm postrm; do
  sh -n "$BUILD/deb-control/$script" || fail "$script is not valid sh"
done

if [ "${CI:-}" != true ]; then
  ROOT=$(mktemp -d "${TMPDIR:-/tmp}/tramso-deb-root.XXXXXX")
  trap 'rm -rf "$ROOT"' EXIT
  dpkg-deb -x "$DEB" "$ROOT"
  BIN="$ROOT/usr/bin/tramso"
  echo "test-deb: unpacked into $ROOT (not installed; CI=true installs it)"
  "$BIN" --version
  mkdir -p "$ROOT/var/lib/tramso"
  run() { "$BIN" --config "$ROOT/etc/tramso/kiosk.toml" --data-dir "$ROOT/var/lib/tramso" "$@"; }
  out=$(printf '902715\n902715\n' | run staff add --role technician --label test-deb 2>&1) ||
    fail "tramso staff add failed: $out"
  added=$(sed -n 's/.*added staff \([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$added" ] || fail "tramso staff add said: $out"
  [ -f "$ROOT/var/lib/tramso/staff.sqlite" ] || fail "staff add did not use the data dir given"
  run staff remove "$added" >/dev/null || fail "staff remove"
  # the session launcher's turn of the screen: kiosk.toml's, then the setup's settings.toml
  [ "$(run screen-rotation)" = 0 ] || fail "screen-rotation is not 0 on a fresh install"
  printf 'screen_rotation = 90\n' >"$ROOT/var/lib/tramso/settings.toml"
  [ "$(run screen-rotation)" = 90 ] || fail "screen-rotation did not read settings.toml"
  rm "$ROOT/var/lib/tramso/settings.toml"
  # `tramso province` hands over to tramso-province, installed beside it
  "$BIN" province report --help | grep -q -- "--month" || fail "tramso province did not run"
  DISPLAY= WAYLAND_DISPLAY= run doctor | tee "$BUILD/doctor.txt"
  grep -q "content .*$ROOT/usr/share/tramso" "$BUILD/doctor.txt" ||
    fail "doctor did not use the packaged content"
  echo "test-deb: all checks passed (unpacked; the system-wide install runs with CI=true)"
  exit 0
fi

$SUDO dpkg -i "$DEB" >/dev/null 2>&1 || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null
dpkg -s tramso | grep -q "Status: install ok installed" || fail "not installed"
/usr/bin/tramso --version
/usr/bin/tramso province report --help | grep -q -- "--month" || fail "tramso province did not run"
# the unit as installed, with cage and tramso in place
systemd-analyze verify /lib/systemd/system/tramso.service || fail "systemd-analyze verify"
echo "test-deb: systemd-analyze verify: ok"
getent passwd tramso >/dev/null || fail "no tramso user"
[ "$(stat -c %U /var/lib/tramso)" = tramso ] || fail "/var/lib/tramso is not owned by tramso"
# a PIN of its own (the machine may already have staff), removed again afterwards
as_tramso() { if command -v runuser >/dev/null; then runuser -u tramso -- "$@"; else $SUDO -u tramso "$@"; fi; }
added=""
for _ in 1 2 3 4 5; do
  pin=$(printf '9%05d' $((RANDOM % 100000)))
  if out=$(printf '%s\n%s\n' "$pin" "$pin" | as_tramso /usr/bin/tramso staff add --role technician --label test-deb 2>&1); then
    added=$(sed -n 's/.*added staff \([0-9]*\).*/\1/p' <<<"$out")
    break
  fi
done
[ -n "$added" ] || fail "tramso staff add failed: $out"
[ -f /var/lib/tramso/staff.sqlite ] || fail "staff add did not use /var/lib/tramso"
as_tramso /usr/bin/tramso staff remove "$added" >/dev/null || fail "staff remove"
DISPLAY= WAYLAND_DISPLAY= /usr/bin/tramso doctor | tee "$BUILD/doctor.txt"
grep -q "content .*/usr/share/tramso" "$BUILD/doctor.txt" || fail "doctor did not use the installed content"
echo "test-deb: all checks passed"
