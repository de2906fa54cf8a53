#!/usr/bin/env bash
# Installs what the arm64 MTE cross-check needs (docs/reference/refpage-mte.md section C):
#   - gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, cpio (to build static aarch64 test programs);
#   - qemu-system-arm 10.x from bookworm-backports. NEVER bookworm's own QEMU 7.2: under TCG it
#     stores MTE tags wrongly (after STG of tags 1..8 on granules 0..7, LDG reads 7 8 7 8 ...);
#   - a stock Debian arm64 kernel (CONFIG_ARM64_MTE=y), fetched with `apt-get download` and
#     unpacked with `dpkg-deb -x` into a cache OUTSIDE the repository.
#
# Idempotent: when everything is in place it checks and exits in well under a second.
# Cache: $FAULTLINE_MTE_CACHE, default /var/cache/faultline-mte (root) or ~/.cache/faultline-mte.
# On success the cache holds `vmlinuz` and `env` (paths the runner reads; see
# src/crosscheck/arm64/setup.ts).
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then
  default_cache=/var/cache/faultline-mte
  SUDO=''
else
  default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/faultline-mte"
  SUDO='sudo'
fi
CACHE="${FAULTLINE_MTE_CACHE:-$default_cache}"
QEMU_MIN_MAJOR=8

log() { printf 'mte-qemu-setup: %s\n' "$*" >&2; }

qemu_major() {
  command -v qemu-system-aarch64 >/dev/null 2>&1 || { echo 0; return; }
  qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -1
}

ready() {
  [ -s "$CACHE/vmlinuz" ] && [ -s "$CACHE/env" ] &&
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 &&
    [ -e /usr/aarch64-linux-gnu/lib/libc.a ] &&
    command -v cpio >/dev/null 2>&1 &&
    [ "$(qemu_major)" -ge "$QEMU_MIN_MAJOR" ]
}

if ready; then
  log "already set up ($CACHE)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
. /etc/os-release
codename="${VERSION_CODENAME:-bookworm}"

updated=0
apt_update() { if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi; }

# 1. Cross compiler, static libc, cpio.
if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || [ ! -e /usr/aarch64-linux-gnu/lib/libc.a ] ||
  ! command -v cpio >/dev/null 2>&1; then
  log 'installing gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio'
  apt_update
  $SUDO apt-get install -y -qq --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross cpio
fi

# 2. QEMU from backports (same mirror as the machine's own Debian source).
if [ "$(qemu_major)" -lt "$QEMU_MIN_MAJOR" ]; then
  if [ "$codename" = bookworm ]; then
    src=/etc/apt/sources.list.d/faultline-backports.sources
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
      if [ -z "$mirror" ]; then
        mirror=$(grep -hs '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
      fi
      mirror="${mirror:-http://deb.debian.org/debian}"
      log "adding bookworm-backports from $mirror"
      printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$mirror" | $SUDO tee "$src" >/dev/null
      updated=0
    fi
    apt_update
    log 'installing qemu-system-arm from bookworm-backports'
    $SUDO apt-get install -y -qq -t bookworm-backports --no-install-recommends qemu-system-arm
  else
    apt_update
    $SUDO apt-get install -y -qq --no-install-recommends qemu-system-arm
  fi
  if [ "$(qemu_major)" -lt "$QEMU_MIN_MAJOR" ]; then
    log "qemu-system-aarch64 $(qemu_major).x is too old: its TCG MTE stores tags wrongly; need >= $QEMU_MIN_MAJOR"
    exit 1
  fi
fi

# 3. The arm64 kernel, unpacked into the cache.
if [ ! -s "$CACHE/vmlinuz" ]; then
  $SUDO mkdir -p "$CACHE"
  [ -z "$SUDO" ] || $SUDO chown "$(id -u):$(id -g)" "$CACHE"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    log 'dpkg --add-architecture arm64'
    $SUDO dpkg --add-architecture arm64
    updated=0
  fi
  apt_update
  pkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*\).*/\1/p' | head -1)
  pkg="${pkg:-linux-image-6.1.0-56-arm64}"
  log "downloading $pkg:arm64 into $CACHE"
  work="$CACHE/download"
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$work" && apt-get download -qq "$pkg:arm64")
  deb=$(ls "$work"/*.deb | head -1)
  dpkg-deb -x "$deb" "$work/root"
  img=$(ls "$work"/root/boot/vmlinuz-* | head -1)
  cp "$img" "$CACHE/vmlinuz.tmp"
  mv "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"
  basename "$deb" >"$CACHE/kernel-package"
  rm -rf "$work"
fi

# 4. What the runner reads.
{
  echo "QEMU=$(command -v qemu-system-aarch64)"
  echo "QEMU_VERSION=$(qemu-system-aarch64 --version | head -1 | sed 's/.*version //')"
  echo "CC=$(command -v aarch64-linux-gnu-gcc)"
  echo "KERNEL=$CACHE/vmlinuz"
  echo "KERNEL_PACKAGE=$(cat "$CACHE/kernel-package" 2>/dev/null || echo unknown)"
} >"$CACHE/env.tmp"
mv "$CACHE/env.tmp" "$CACHE/env"
log "ready: $(tr '\n' ' ' <"$CACHE/env")"
