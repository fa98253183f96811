#!/usr/bin/env bash
# Installs and starts what berth's end-to-end tests need on a Debian machine:
# Docker Engine (Debian's docker.io), the Compose v2 CLI plugin, busybox-static,
# a running dockerd, and the offline example images. Idempotent: every step is
# skipped when its result is already there. Needs root for the install steps.
set -euo pipefail

log() { printf 'setup-docker: %s\n' "$*" >&2; }
die() { printf 'setup-docker: error: %s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
plugin_dir=/usr/libexec/docker/cli-plugins

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# 1. Engine and busybox-static.
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
[ "${#need[@]}" -eq 0 ] || apt_install "${need[@]}"

# 2. Compose v2. Debian bookworm ships only Compose v1; trixie's docker-compose
# package is the v2 CLI plugin, a static Go binary, so we take the plugin file
# out of that package without installing it (no trixie dependencies pulled in).
if ! docker compose version >/dev/null 2>&1; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/sources" "$work/lists/partial" "$work/archives/partial"
  cat >"$work/sources/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt_opts=(-oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts="$work/sources"
    -oDir::State::Lists="$work/lists" -oDir::Cache::Archives="$work/archives"
    -oAPT::Get::List-Cleanup=0 -oAPT::Sandbox::User=root)
  log "fetching the Compose v2 plugin (Debian trixie docker-compose)"
  as_root apt-get "${apt_opts[@]}" update -qq >/dev/null
  (cd "$work" && as_root apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
  deb=$(ls "$work"/docker-compose_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || die "could not download the docker-compose package from trixie"
  dpkg -x "$deb" "$work/x"
  as_root install -D -m 0755 "$work/x$plugin_dir/docker-compose" "$plugin_dir/docker-compose"
  docker compose version >/dev/null 2>&1 || die "docker compose still does not work after installing the plugin"
fi

# 3. A running engine.
if ! docker info >/dev/null 2>&1; then
  pidfile=/var/run/docker.pid
  if [ -f "$pidfile" ]; then
    old=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
      log "dockerd (pid $old) is running but not answering yet"
    else
      log "removing stale $pidfile"
      as_root rm -f "$pidfile"
    fi
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd"
    as_root sh -c 'setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &'
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -n 20 /var/log/dockerd.log >&2 || true; die "dockerd did not answer within 60 s (see /var/log/dockerd.log)"; }
fi
log "engine $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null || echo compose)"

# 4. Offline images of the bundled example.
"$repo/examples/ktrdr/prepare.sh"
