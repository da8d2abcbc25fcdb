#!/usr/bin/env bash
# The soak's self-test: the soak run with a leak of 1 KB per visit injected into the kiosk
# (SOAK_LEAK_KB=1, tests/soak/soak_shim.c) must fail, and fail on the heap's trend; any other
# outcome (a pass, or a failure for another reason) fails this test.
#   bash tests/soak/expect_leak.sh [VISITS] [BUILD_DIR]
set -uo pipefail
out=$(SOAK_LEAK_KB=${SOAK_LEAK_KB:-1} bash "$(dirname "$0")/soak.sh" "$@" 2>&1)
rc=$?
echo "$out"
if [ "$rc" -ne 0 ] && grep -q "soak: FAIL: the heap grows" <<<"$out"; then
  echo "expect_leak: the injected leak was caught"
  exit 0
fi
echo "expect_leak: the soak did not catch a leak of ${SOAK_LEAK_KB:-1} KB per visit (exit $rc)"
exit 1
