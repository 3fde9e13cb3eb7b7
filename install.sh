#!/usr/bin/env bash
# Installs Kerat on a Debian or Ubuntu host: prerequisites from apt, the daemon in /opt/kerat, a `kerat`
# launcher, /etc/kerat, the data dir, language images, and a running service (systemd where it runs,
# otherwise a background process whose log is in /var/log/kerat/kerat.log).
#
#   sudo ./install.sh [--languages python,go] [--no-images] [--listen HOST:PORT] [--jar FILE] [--runsc=system]
#     --languages: language ids, optionally with a version recipe: python@3.11,go; `all` for every language
#     (default: the nine main ones, c,cpp,csharp,go,java,node,php,python,ruby; `ls oci-bundles` lists the recipes)
#     --jar: install this prebuilt daemon jar instead of building one (no JDK or Maven needed, only a Java 17+
#     runtime; apt is not used when every prerequisite is already there)
#     --runsc=auto (default): a runsc from 2023-09 on, which runs sandboxes on systrap: on Debian 12 from
#     bookworm-backports (a sources file of its own), on Debian 13+ the distro's; if backports cannot be reached,
#     the installed or distro runsc (the daemon then uses ptrace). --runsc=system: the system's runsc as it is.
#   sudo ./install.sh --uninstall      # removes everything but the data (/var/lib/kerat, /var/cache/kerat) and
#                                      # the bookworm-backports sources file it added (runsc stays installed)
#   sudo ./install.sh --purge          # removes the data too
set -euo pipefail

PREFIX=/opt/kerat
ETC=/etc/kerat
DATA=/var/lib/kerat
CACHE=/var/cache/kerat
LOGDIR=/var/log/kerat
BIN=/usr/local/bin/kerat
UNIT=/etc/systemd/system/kerat.service
PIDFILE=/run/kerat.pid
BACKPORTS_LIST=/etc/apt/sources.list.d/kerat-bookworm-backports.list
BACKPORTS_MARK="# Added by Kerat's install.sh"
RUNSC_MODE=auto
LISTEN=127.0.0.1:31415
LANGUAGES=""
# built when --languages is not given; the others (rust, typescript, haskell, ...) with --languages all or by name
MAIN_LANGUAGES="c,cpp,csharp,go,java,node,php,python,ruby"
BUILD_IMAGES=1
JAR=""
ACTION=install
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --languages) LANGUAGES="${2:?--languages needs a list such as python,go}"; shift 2 ;;
    --languages=*) LANGUAGES="${1#*=}"; shift ;;
    --listen) LISTEN="${2:?--listen needs HOST:PORT}"; shift 2 ;;
    --no-images) BUILD_IMAGES=0; shift ;;
    --jar) JAR="$(realpath "${2:?--jar needs a file}")"; shift 2 ;;
    --runsc=*) RUNSC_MODE="${1#*=}"; shift ;;
    --runsc) RUNSC_MODE="${2:?--runsc needs auto or system}"; shift 2 ;;
    --uninstall) ACTION=uninstall; shift ;;
    --purge) ACTION=purge; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

case "$RUNSC_MODE" in auto|system) ;; *) die "--runsc must be auto or system, got '$RUNSC_MODE'" ;; esac
[ "$(id -u)" = 0 ] || die "run me as root: sudo ./install.sh"

systemd_running() { [ -d /run/systemd/system ]; }

stop_daemon() {
  if systemd_running && [ -f "$UNIT" ]; then
    systemctl stop kerat.service 2>/dev/null || true
  fi
  if [ -f "$PIDFILE" ]; then
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
}

# release date of the installed runsc (20240729 from "runsc version 0.0~20240729.0"), empty if none
runsc_release() {
  command -v runsc >/dev/null 2>&1 || return 0
  runsc --version 2>/dev/null | sed -n '1s/.*\(20[0-9]\{6\}\).*/\1/p'
}
# systrap is gVisor's default from September 2023 on; the daemon's platform `auto` uses it from that release
SYSTRAP_SINCE=20230901

# Debian 12: runsc from bookworm-backports (20240729 there), through a sources file of our own. Returns non-zero,
# with the system left as it was, when backports cannot be reached or has no runsc.
runsc_from_backports() {
  local added=0 mirror="${KERAT_BACKPORTS_MIRROR:-http://deb.debian.org/debian}" only=()
  if ! grep -rqsE '^[^#]*bookworm-backports|^Suites:.*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf '%s for runsc 20240729+ (systrap); ./install.sh --uninstall removes it.\ndeb %s bookworm-backports main\n' \
      "$BACKPORTS_MARK" "$mirror" > "$BACKPORTS_LIST"
    added=1
    # only our list is fetched here (the others are updated with the other prerequisites, if any)
    only=(-o Dir::Etc::sourcelist="$BACKPORTS_LIST" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0)
  fi
  # --error-on=any: an unreachable mirror is a failure, not a warning
  if apt-get update -q -o Acquire::http::Timeout=20 -o Acquire::Retries=1 --error-on=any "${only[@]}" >/dev/null 2>&1 \
     && apt-get install -y -q --no-install-recommends -t bookworm-backports runsc; then
    return 0
  fi
  if [ "$added" = 1 ]; then rm -f "$BACKPORTS_LIST"; fi
  return 1
}

if [ "$ACTION" != install ]; then
  say "stopping Kerat"
  stop_daemon
  if systemd_running && [ -f "$UNIT" ]; then
    systemctl disable kerat.service 2>/dev/null || true
  fi
  rm -f "$UNIT" "$BIN"
  rm -rf "$PREFIX" "$LOGDIR"
  if [ -f "$BACKPORTS_LIST" ] && grep -qF "$BACKPORTS_MARK" "$BACKPORTS_LIST"; then
    rm -f "$BACKPORTS_LIST"
    say "removed $BACKPORTS_LIST (runsc $(runsc_release) stays installed)"
  fi
  if systemd_running; then systemctl daemon-reload || true; fi
  if [ "$ACTION" = purge ]; then
    say "removing data: $DATA $CACHE $ETC"
    # run directories (procs/<owner>/runs/, runs/ before per-process state) hold tmpfs mounts: unmount first
    if [ -d "$DATA" ]; then
      grep -F " $DATA/" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do umount -l "$m" || true; done
    fi
    rm -rf "$DATA" "$CACHE" "$ETC"
    if getent group kerat >/dev/null; then groupdel kerat || true; fi
  else
    say "kept $DATA, $CACHE and $ETC (use --purge to remove them)"
  fi
  say "Kerat uninstalled"
  exit 0
fi

# --- prerequisites -----------------------------------------------------------------------------------
# shellcheck disable=SC1091
if [ -r /etc/os-release ]; then . /etc/os-release; fi
case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "*|*" ubuntu "*) ;;
  *)
    cat >&2 <<MSG
install.sh supports Debian and Ubuntu (found: ${PRETTY_NAME:-unknown}).
On other distributions install by hand, then run this script again with the same tools on PATH:
  - runsc (gVisor, https://gvisor.dev/docs/user_guide/install/)
  - mmdebstrap (builds the language images from Debian packages)
  - a JDK 17 or newer and Apache Maven 3.8+
MSG
    exit 1 ;;
esac

export DEBIAN_FRONTEND=noninteractive
# major version of `java -version` ('openjdk version "17.0.9"') or `javac -version` ('javac 17.0.9'); 0 if unknown
java_major() {
  local v
  v="$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p; s/^javac \([0-9]*\).*/\1/p')"
  v="${v%%$'\n'*}" # the first match (no `| head -1`: SIGPIPE under pipefail)
  echo "${v:-0}"
}
pkgs=()
command -v mmdebstrap >/dev/null 2>&1 || pkgs+=(mmdebstrap)
command -v curl >/dev/null 2>&1 || pkgs+=(curl)
[ -f /etc/ssl/certs/ca-certificates.crt ] || pkgs+=(ca-certificates)
# runsc: a release with systrap where the distro has one (see --runsc); else the distro's, which runs on ptrace
rel="$(runsc_release)"
if [ "$RUNSC_MODE" = system ] || [ "${ID:-}" != debian ] || [ "${rel:-0}" -ge "$SYSTRAP_SINCE" ]; then
  command -v runsc >/dev/null 2>&1 || pkgs+=(runsc)
elif [ "${VERSION_CODENAME:-}" = bookworm ]; then
  say "runsc ${rel:-(none)} predates systrap: installing runsc from bookworm-backports ($BACKPORTS_LIST)"
  if ! runsc_from_backports; then
    keep="the installed runsc $rel"
    [ -n "$rel" ] || keep="the distro runsc (20221219)"
    say "bookworm-backports cannot be reached (or has no runsc): keeping $keep; the daemon runs sandboxes on ptrace (slower for compilers and JVMs). Run install.sh again when the mirror is reachable, or set KERAT_BACKPORTS_MIRROR"
    command -v runsc >/dev/null 2>&1 || pkgs+=(runsc)
  fi
else
  pkgs+=(runsc) # Debian 13 and later: the distro's runsc is new enough; apt-get install upgrades an older one
fi
if [ -n "$JAR" ]; then
  [ -f "$JAR" ] || die "--jar $JAR: no such file"
  if ! command -v java >/dev/null 2>&1 || [ "$(java_major java)" -lt 17 ]; then
    pkgs+=(openjdk-17-jre-headless)
  fi
else
  if ! command -v javac >/dev/null 2>&1 || [ "$(java_major javac)" -lt 17 ]; then
    pkgs+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  say "installing prerequisites: ${pkgs[*]}"
  apt-get update -q
  if ! apt-get install -y -q --no-install-recommends "${pkgs[@]}"; then
    die "apt-get could not install ${pkgs[*]}; on Ubuntu, runsc comes from gVisor's apt repository (https://gvisor.dev/docs/user_guide/install/)"
  fi
else
  say "prerequisites already installed"
fi
say "runsc: $(runsc --version 2>/dev/null | sed -n 1p) ($(command -v runsc)); the daemon's platform (auto: systrap from $SYSTRAP_SINCE, else ptrace) is in its start-up line and \`kerat doctor\`"

# --- build and install --------------------------------------------------------------------------------
if [ -z "$JAR" ]; then
  say "building the daemon (mvn package)"
  (cd "$SRC" && mvn -B -q -DskipTests package)
  JAR="$SRC/daemon/target/kerat.jar"
fi

say "installing to $PREFIX"
getent group kerat >/dev/null || groupadd --system kerat
install -d -m 0755 "$PREFIX" "$ETC" "$LOGDIR" /run/kerat
install -d -m 0750 -g kerat "$DATA"
install -d -m 0755 "$CACHE"
install -m 0644 "$JAR" "$PREFIX/kerat.jar"
for d in runners seccomp oci-bundles systemd; do
  rm -rf "${PREFIX:?}/$d"
  cp -r "$SRC/$d" "$PREFIX/$d"
done
install -m 0644 "$SRC/README.md" "$PREFIX/README.md"

cat > "$BIN" <<LAUNCHER
#!/bin/sh
# Kerat launcher, written by install.sh
# settings: $ETC/kerat.yaml (KERAT_* variables override it)
export KERAT_HOME=$PREFIX
exec java \${KERAT_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=128m -Djdk.nio.maxCachedBufferSize=262144} -jar $PREFIX/kerat.jar "\$@"
LAUNCHER
chmod 0755 "$BIN"

if [ ! -f "$ETC/kerat.yaml" ]; then
  sed "s|^listen: .*|listen: $LISTEN|" "$SRC/systemd/kerat.yaml" > "$ETC/kerat.yaml"
  chmod 0640 "$ETC/kerat.yaml"
  chgrp kerat "$ETC/kerat.yaml"
else
  say "keeping existing $ETC/kerat.yaml"
fi
"$BIN" config check "$ETC/kerat.yaml" >/dev/null || die "$ETC/kerat.yaml is invalid: run kerat config check $ETC/kerat.yaml"

# --- images -------------------------------------------------------------------------------------------
if [ "$BUILD_IMAGES" = 1 ]; then
  if [ -z "$LANGUAGES" ]; then
    LANGUAGES="$MAIN_LANGUAGES"
  elif [ "$LANGUAGES" = all ]; then
    LANGUAGES="$(find "$PREFIX/runners" -mindepth 2 -maxdepth 2 -name runner.json -printf '%h\n' | xargs -n1 basename | sort | paste -sd, -)"
  fi
  IFS=, read -r -a langs <<< "$LANGUAGES"
  n=0
  for l in "${langs[@]}"; do
    n=$((n + 1))
    say "image $n/${#langs[@]}: $l"
    "$BIN" image build "$l"
  done
fi

# --- start --------------------------------------------------------------------------------------------
stop_daemon
if systemd_running; then
  say "installing and starting kerat.service"
  install -m 0644 "$SRC/systemd/kerat.service" "$UNIT"
  systemctl daemon-reload
  systemctl enable kerat.service
  systemctl restart kerat.service # starts it, or restarts it on the new files
  where="journalctl -u kerat"
else
  say "systemd is not running here: starting the daemon in the background"
  nohup "$BIN" serve >>"$LOGDIR/kerat.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  where="$LOGDIR/kerat.log"
fi

addr="$(sed -n 's/^listen: *\([^ #]*\).*/\1/p' "$ETC/kerat.yaml" | tail -1)"
addr="${addr:-$LISTEN}"
for _ in $(seq 1 100); do
  if curl -fsS "http://$addr/api/v1/health" >/dev/null 2>&1; then
    say "Kerat is up on http://$addr (logs: $where)"
    curl -fsS "http://$addr/api/v1/runtimes"; echo
    exit 0
  fi
  sleep 0.3
done
die "the daemon did not answer on http://$addr within 30 s; see $where"
