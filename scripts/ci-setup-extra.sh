#!/usr/bin/env bash
# Extra CI set-up, run by .ci/run when present: QEMU and the kernels the cross-checks boot, the
# arm64 MTE one (issue 5) and the x86_64 kernels of other lines (issue 10). A failure here must not
# stop CI: without a set-up, its kernel tests skip with a reason that names the script to run.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/mte-qemu-setup.sh; then
  echo 'ci-setup-extra: SKIP: the QEMU arm64 set-up failed; the MTE kernel cross-check will be skipped' >&2
fi
if ! bash scripts/x86-qemu-setup.sh; then
  echo 'ci-setup-extra: SKIP: the QEMU x86_64 set-up failed; the cross-check on Linux 6.1 and 6.12 will be skipped' >&2
fi
exit 0
