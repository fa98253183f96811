#!/usr/bin/env sh
# Builds the example's one image offline. The image is FROM scratch plus a
# static busybox, so the only input is that binary: taken from the host's
# busybox-static package, or from BUSYBOX=/path/to/static/busybox, or, where a
# registry is reachable, copied out of the official busybox image.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/image/busybox"
if [ ! -x "$dest" ]; then
  src=${BUSYBOX:-}
  if [ -z "$src" ] && [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; then src=/bin/busybox; fi
  if [ -n "$src" ]; then
    cp "$src" "$dest"
  elif docker pull -q busybox:stable-musl >/dev/null 2>&1; then
    cid=$(docker create busybox:stable-musl)
    docker cp "$cid:/bin/busybox" "$dest"
    docker rm "$cid" >/dev/null
  else
    echo "prepare: no static busybox found: install busybox-static (apt-get install busybox-static) or set BUSYBOX=/path/to/busybox" >&2
    exit 1
  fi
  chmod 0755 "$dest"
fi
# Always build: the builder's cache makes an unchanged image a no-op.
if ! out=$(docker build -q -t berth-example-ktrdr:dev "$here/image" 2>&1); then
  printf '%s\n' "$out" >&2
  echo "prepare: building berth-example-ktrdr:dev failed" >&2
  exit 1
fi
