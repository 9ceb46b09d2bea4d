#!/usr/bin/env bash
# Installs what fusefault needs on a fresh Debian 12 machine, and nothing twice:
# system packages from Debian, node modules from the lock file. Idempotent and
# quick when everything is already there; called by `npm test` and `npm run suite`.
set -euo pipefail
cd "$(dirname "$0")/.."

# libfuse2 + fuse: the fuse-native backend (libfuse.so.2, fusermount for its unmount);
# util-linux: mount, unshare, nsenter, setpriv; python3: the mmap client;
# qemu-system-x86, busybox-static, cpio, zstd: kernel-matrix guests;
# flex, bison, bc, patch, libelf-dev: `fusefault kernel build` (objtool needs libelf);
# libfuse3-dev, pkg-config, gcc: the benchmark's C reference server (bench/ref),
# built at bench time (libfuse3-dev brings libfuse3-3 only, beside fuse);
# lava-common: LAVA's job schema, which the tests validate `fusefault lava`'s jobs
# with (it brings python3-voluptuous and python3-yaml only; the dispatcher is
# never installed: see harness/lava/run-local.ts); chromium: the test that opens
# `fusefault report`'s page in a real browser (headless: --dump-dom, --screenshot);
# bindfs (libfuse, C), gocryptfs (go-fuse) and rclone (Go): filesystems that are
# not ours, for `fusefault check` and its tests (not fuse3: it conflicts with fuse);
# linux-perf: the benchmark's CPU split of each server, the kernel included.
pkgs=(libfuse2 fuse util-linux procps python3 qemu-system-x86 busybox-static cpio zstd xz-utils vagrant flex bison bc patch libelf-dev lava-common chromium libfuse3-dev pkg-config gcc bindfs gocryptfs rclone linux-perf)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node modules: reinstall only when the lock file changed since the last install
stamp=node_modules/.fusefault-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
