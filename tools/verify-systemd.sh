#!/usr/bin/env bash
# Checks the installed kerat.service under a real systemd: boots a Debian bookworm container with systemd 252 as
# PID 1 (systemd-nspawn), runs ./install.sh from a clone of this repository inside it, then checks what an admin
# relies on: Type=notify readiness and status text, a run, a stored submission (SQLite under the unit's
# hardening) and a memory_limit verdict through the service's sandboxes, the Unix socket's mode and group, kill -9
# of the daemon (Restart=on-failure, orphans recovered, nothing left), a clean stop, and install.sh --uninstall.
# Prints PASS/FAIL per check; exit status 0 if all pass.
#
#   sudo tools/verify-systemd.sh        # needs systemd-container and mmdebstrap (installed if missing), network
#                                       # for apt inside the container; about 2-4 minutes
#
# The container shares the host's network: the daemon inside listens on 127.0.0.1:31498 (KERAT_VERIFY_PORT).
# systemd-nspawn mounts the cgroup v1 controllers read-only inside the container; they are remounted writable
# there, as they are on a real host. The python image comes from /var/cache/kerat/tarballs when it is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
PORT="${KERAT_VERIFY_PORT:-31498}"
MIRROR="${KERAT_MIRROR:-http://deb.debian.org/debian}"

missing=()
command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

work="$(mktemp -d /var/tmp/kerat-systemd.XXXXXX)"
nspawn_pid=""
cleanup() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill "$nspawn_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$nspawn_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== container rootfs (mmdebstrap, systemd)"
mmdebstrap --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates,curl,sudo \
  bookworm "$work/root" "$MIRROR" > "$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log"; exit 1; }
git clone -q . "$work/root/src"
binds=()
mkdir -p /root/.m2 /var/cache/kerat/tarballs
binds+=(--bind=/root/.m2 --bind=/var/cache/kerat/tarballs)

echo "== booting it (systemd-nspawn -b)"
SYSTEMD_NSPAWN_API_VFS_WRITABLE=1 setsid systemd-nspawn -D "$work/root" --register=no --keep-unit \
  --capability=all --resolv-conf=copy-host --machine="kerat-verify" "${binds[@]}" -b \
  > "$work/boot.log" 2>&1 < /dev/null &
nspawn_pid=$!
init=""
for _ in $(seq 1 100); do
  init="$(pgrep -P "$nspawn_pid" -x systemd || true)"
  [ -n "$init" ] && break
  sleep 0.2
done
[ -n "$init" ] || { tail -20 "$work/boot.log"; echo "the container did not boot" >&2; exit 1; }
inside() { nsenter -t "$init" -m -u -i -n -p -C /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 /bin/bash -c "$1"; }
for _ in $(seq 1 150); do
  state="$(inside 'systemctl is-system-running 2>/dev/null' || true)"
  case "$state" in running|degraded) break ;; esac
  sleep 0.2
done
echo "   systemd in the container: $(inside 'systemctl --version | head -1'), state $state"
# shellcheck disable=SC2016 # expanded inside the container
inside 'for c in /sys/fs/cgroup/*/; do
  case "$c" in */systemd/|*/unified/) continue ;; esac
  if mountpoint -q "$c"; then mount -o remount,bind,rw "$c"; fi
done'

# No warm pool (on by default): the recovery checks below count every sandbox, cgroup and run directory, and a
# restarted daemon would start its pool at once; the pool's own behaviour is covered by the integration tests.
inside "mkdir -p /etc/systemd/system/kerat.service.d && printf '[Service]\\nEnvironment=KERAT_POOL=off\\n' \
  > /etc/systemd/system/kerat.service.d/no-pool.conf"
echo "== install.sh --languages python --listen 127.0.0.1:$PORT (inside)"
inside "cd /src && ./install.sh --languages python --listen 127.0.0.1:$PORT" > "$work/install.log" 2>&1 \
  || { tail -30 "$work/install.log"; echo "install.sh failed inside the container" >&2; exit 1; }

fails=0
check() { # check NAME COMMANDS: runs COMMANDS inside the container, under set -e
  if out="$(inside "set -e; $2" 2>&1)"; then
    echo "PASS $1"
  else
    echo "FAIL $1"; printf '%s\n' "$out" | sed 's/^/     /' | tail -15
    fails=$((fails + 1))
  fi
}
api="http://127.0.0.1:$PORT/api/v1/runs"
check "Type=notify, active after READY=1, status text" \
  "systemctl show kerat -p Type -p ActiveState -p SubState -p StatusText | tee /dev/stderr | sort | paste -sd' ' \
   | grep -q 'ActiveState=active StatusText=serving on .* SubState=running Type=notify'"
check "a Python run through the service: 42" \
  "curl -fsS $api -H 'Content-Type: application/json' \
   -d '{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":\"print(6*7)\"}]}' | tee /dev/stderr \
   | grep -q '\"stdout\":\"42\\\\n\"'"
check "a stored submission under the unit's hardening (SQLite, native library in /var/lib/kerat/lib): 202, done" \
  "id=\$(curl -fsS http://127.0.0.1:$PORT/api/v1/submissions -H 'Content-Type: application/json' \
     -d '{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":\"print(6*7)\"}]}' | tee /dev/stderr \
     | sed -n 's/.*\"id\":\"\\([0-9a-f-]*\\)\".*/\\1/p')
   [ -n \"\$id\" ]
   for i in \$(seq 1 150); do
     curl -fsS http://127.0.0.1:$PORT/api/v1/submissions/\$id > /tmp/sub.json
     grep -q '\"status\":\"done\"' /tmp/sub.json && break
     sleep 0.2
   done
   tee /dev/stderr < /tmp/sub.json | grep -q '\"stdout\":\"42\\\\n\"'
   ls /var/lib/kerat/lib | grep -q sqlite
   [ -s /var/lib/kerat/submissions.db ]"
# (CPU and wall time well above the default: on a slow day the balloon used the default 3 s of CPU filling gVisor's
# pages before the memory cgroup stopped it, and ended time_limit at 310 MB; the check is about the memory verdict)
check "a memory balloon: memory_limit" \
  "curl -fsS $api -H 'Content-Type: application/json' \
   -d '{\"language\":\"python\",\"limits\":{\"cpu_time_ms\":20000,\"wall_time_ms\":40000},\"files\":[{\"name\":\"m.py\",\"content\":\"x = bytearray(10**9)\"}]}' \
   | tee /dev/stderr | grep -q '\"status\":\"memory_limit\"'"
check "the Unix socket is 0660 root:kerat" \
  "stat -c '%a %U %G' /run/kerat/kerat.sock | tee /dev/stderr | grep -qx '660 root kerat'"
check "kill -9 during a run: restarted, orphans recovered, nothing left" \
  "(curl -sS -m 30 $api -H 'Content-Type: application/json' \
     -d '{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":\"import time; time.sleep(20)\"}]}' >/dev/null 2>&1 &)
   for i in \$(seq 1 50); do find /var/lib/kerat/procs -path '*/runsc/*.state' | grep -q . && break; sleep 0.2; done
   find /var/lib/kerat/procs -path '*/runsc/*.state' | grep -q .
   old=\$(systemctl show -p MainPID --value kerat); kill -9 \"\$old\"
   ls /var/lib/kerat/procs | grep -q \"^\$old-\"  # its own state directory
   for i in \$(seq 1 100); do
     new=\$(systemctl show -p MainPID --value kerat)
     [ \"\$new\" != 0 ] && [ \"\$new\" != \"\$old\" ] && curl -fsS http://127.0.0.1:$PORT/api/v1/health >/dev/null 2>&1 && break
     sleep 0.2
   done
   systemctl show kerat -p NRestarts | tee /dev/stderr | grep -qx 'NRestarts=1'
   journalctl -u kerat --no-pager | grep 'recovery removed orphans' | tee /dev/stderr | grep -q 'sandboxes=\[[0-9a-f]'
   [ -z \"\$(ls /var/lib/kerat/procs | grep \"^\$old-\" || true)\" ]
   [ -z \"\$(find /var/lib/kerat/procs -mindepth 3)\" ]
   [ -z \"\$(find /sys/fs/cgroup/memory/kerat /sys/fs/cgroup/kerat -mindepth 1 -maxdepth 1 -type d 2>/dev/null)\" ]"
check "a second kerat serve on the data dir exits at once naming the lock; the service keeps serving" \
  "main=\$(systemctl show -p MainPID --value kerat)
   if timeout 60 /usr/local/bin/kerat serve --listen 127.0.0.1:$((PORT + 1)) > /tmp/second.log 2>&1; then false; fi
   tee /dev/stderr < /tmp/second.log | grep -q \"/var/lib/kerat is in use by another kerat serve (pid \$main\"
   curl -fsS http://127.0.0.1:$PORT/api/v1/health >/dev/null"
check "systemctl stop: inactive, nothing left" \
  "systemctl stop kerat && [ \"\$(systemctl is-active kerat)\" = inactive ] \
   && [ -z \"\$(find /var/lib/kerat/procs -mindepth 1)\" ] && ! pgrep -x runsc \
   && [ -z \"\$(find /sys/fs/cgroup/memory/kerat /sys/fs/cgroup/kerat -mindepth 1 -maxdepth 1 -type d 2>/dev/null)\" ]"
check "runsc from bookworm-backports; the start-up line names the platform and why" \
  "runsc --version | grep -q 20240729 && [ -f /etc/apt/sources.list.d/kerat-bookworm-backports.list ] \
   && journalctl -u kerat --no-pager | grep -q 'platform [a-z]* (auto: '"
check "install.sh --uninstall removes the unit and its sources file" \
  "cd /src && ./install.sh --uninstall >/dev/null && [ ! -e /etc/systemd/system/kerat.service ] \
   && ! systemctl cat kerat >/dev/null 2>&1 && [ ! -e /etc/apt/sources.list.d/kerat-bookworm-backports.list ]"
if [ "$fails" -eq 0 ]; then
  echo "all checks passed"
else
  echo "$fails check(s) failed; the install log was:"; tail -20 "$work/install.log"
fi
[ "$fails" -eq 0 ]
