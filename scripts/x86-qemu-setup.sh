#!/usr/bin/env bash
# Installs what the x86_64 cross-check on other kernel lines needs (docs/kernel-versions.md):
#   - qemu-system-x86 (from bookworm-backports on bookworm, the same QEMU as the arm64 set-up);
#   - static glibc (libc6-dev's libc.a) and cpio, to build the static programs the initramfs runs;
#   - stock Debian x86_64 kernels of the lines faultline models besides this machine's own:
#     Linux 6.1 (bookworm's `linux-image-amd64`) and 6.12 (bookworm's `linux-image-6.12-amd64`),
#     fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a cache OUTSIDE the
#     repository. Only vmlinuz is kept (no modules: the initramfs needs none).
#
# The guests run under TCG: /dev/kvm may exist inside a VM without usable nested virtualisation
# (here KVM stops the decompressor with "emulation failure"), and TCG boots a Debian kernel in
# about 5 s anyway.
#
# Idempotent: when everything is in place it checks and exits in well under a second.
# Cache: $FAULTLINE_X86_CACHE, default /var/cache/faultline-x86 (root) or ~/.cache/faultline-x86.
# On success the cache holds `<line>/vmlinuz` per kernel line and `env` (read by the runner).
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then
  default_cache=/var/cache/faultline-x86
  SUDO=''
else
  default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/faultline-x86"
  SUDO='sudo'
fi
CACHE="${FAULTLINE_X86_CACHE:-$default_cache}"
# line → the meta-package whose dependency names the kernel image of that line.
LINES='6.1 6.12'
meta_for() {
  case "$1" in
    6.1) echo linux-image-amd64 ;;
    6.12) echo linux-image-6.12-amd64 ;;
  esac
}

log() { printf 'x86-qemu-setup: %s\n' "$*" >&2; }

have_tools() {
  command -v qemu-system-x86_64 >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1 &&
    [ -e /usr/lib/x86_64-linux-gnu/libc.a ] && command -v cpio >/dev/null 2>&1
}

ready() {
  have_tools && [ -s "$CACHE/env" ] || return 1
  for line in $LINES; do [ -s "$CACHE/$line/vmlinuz" ] || return 1; done
}

if ready; then
  log "already set up ($CACHE)"
  exit 0
fi

if [ "$(uname -m)" != x86_64 ]; then
  log "this set-up downloads x86_64 kernels for an x86_64 host; this is $(uname -m)"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
. /etc/os-release
codename="${VERSION_CODENAME:-bookworm}"
updated=0
apt_update() { if [ "$updated" -eq 0 ]; then $SUDO apt-get update -qq; updated=1; fi; }

# 1. QEMU, static libc, cpio. On bookworm, qemu-system-x86 must come from backports when the
#    arm64 set-up already installed backports' qemu-system-common (the versions must agree).
if ! have_tools; then
  target=()
  if [ "$codename" = bookworm ]; then
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
      mirror="${mirror:-http://deb.debian.org/debian}"
      log "adding bookworm-backports from $mirror"
      printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$mirror" | $SUDO tee /etc/apt/sources.list.d/faultline-backports.sources >/dev/null
    fi
    target=(-t bookworm-backports)
  fi
  apt_update
  log 'installing qemu-system-x86 libc6-dev cpio'
  $SUDO apt-get install -y -qq --no-install-recommends "${target[@]}" qemu-system-x86
  $SUDO apt-get install -y -qq --no-install-recommends libc6-dev cpio gcc
fi

# 2. The kernels, one directory per line.
$SUDO mkdir -p "$CACHE"
[ -z "$SUDO" ] || $SUDO chown "$(id -u):$(id -g)" "$CACHE"
for line in $LINES; do
  [ -s "$CACHE/$line/vmlinuz" ] && continue
  apt_update
  meta=$(meta_for "$line")
  pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-6[^ :]*\).*/\1/p' | head -1)
  if [ -z "$pkg" ]; then
    log "no package for Linux $line ($meta names no linux-image-6.*)"
    exit 1
  fi
  log "downloading $pkg (Linux $line) into $CACHE/$line"
  work="$CACHE/download"
  rm -rf "$work"
  mkdir -p "$work" "$CACHE/$line"
  (cd "$work" && apt-get download -qq "$pkg")
  deb=$(ls "$work"/*.deb | head -1)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
  cp "$(ls "$work"/boot/vmlinuz-* | head -1)" "$CACHE/$line/vmlinuz.tmp"
  mv "$CACHE/$line/vmlinuz.tmp" "$CACHE/$line/vmlinuz"
  basename "$deb" >"$CACHE/$line/package"
  rm -rf "$work"
done

# 3. What the runner reads.
{
  echo "QEMU=$(command -v qemu-system-x86_64)"
  echo "QEMU_VERSION=$(qemu-system-x86_64 --version | head -1 | sed 's/.*version //')"
  echo "CC=$(command -v gcc)"
  echo "LINES=$LINES"
  for line in $LINES; do
    key=${line//./_}
    echo "KERNEL_$key=$CACHE/$line/vmlinuz"
    echo "PACKAGE_$key=$(cat "$CACHE/$line/package")"
  done
} >"$CACHE/env.tmp"
mv "$CACHE/env.tmp" "$CACHE/env"
log "ready: $(tr '\n' ' ' <"$CACHE/env")"
