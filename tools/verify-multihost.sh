#!/usr/bin/env bash
# Issue 16 on one machine: three Kerat hosts, each in its own network namespace (veth pair, its own data dir,
# cgroup parent and runsc root), behind a real HAProxy (systemd/haproxy-kerat.cfg with these addresses) and sharing
# one PostgreSQL store (the local Debian cluster). Checks, printing PASS/FAIL each:
#   spread   180 synchronous runs through HAProxy at concurrency 12: all right, each host served >= 20 %, no 5xx
#   kill     kill -9 of one host in the middle of 150 runs: no wrong answer; only requests in flight at the kill may
#            fail; every request started 3 s after it succeeds
#   async    200 asynchronous submissions, kill -9 of a host while it holds leases: all 200 finish, each right,
#            each read back the same from both remaining hosts, each result stored once
#   drain    SIGTERM of a host under load: it finishes what it accepted, HAProxy sends it nothing new, no request
#            fails
# and prints the throughput of the three hosts against one (same load, same run): two cores do not triple.
#
#   sudo tools/verify-multihost.sh      # needs haproxy, postgresql, python3, iproute2; images from
#                                       # KERAT_TEST_DATA_DIR (python); about 5 minutes
# Traffic goes only to loopback and to the namespaces' private addresses (10.231.N.0/24).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
T0=$SECONDS
SRC_DATA="${KERAT_TEST_DATA_DIR:-/var/cache/kerat/test}"
JAR="$PWD/daemon/target/kerat.jar"
[ -f "$JAR" ] || mvn -B -q -o package -DskipTests
WORK="$(mktemp -d /var/tmp/kerat-multihost.XXXXXX)"
HAPROXY_PORT="${KERAT_MH_PORT:-31480}"
HOSTS=(1 2 3)
fails=0
passes=0
declare -A PIDS=()

check() { # check NAME STATUS DETAIL
  if [ "$2" = 0 ]; then echo "PASS $1: $3"; passes=$((passes + 1)); else echo "FAIL $1: $3"; fails=$((fails + 1)); fi
}

stop_hosts() { # SIGTERM every host still running (it removes its own state), kill -9 after 60 s
  local h
  for h in "${!PIDS[@]}"; do kill -TERM "${PIDS[$h]}" 2>/dev/null || true; done
  for _ in $(seq 1 300); do
    local alive=0
    for h in "${!PIDS[@]}"; do kill -0 "${PIDS[$h]}" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for h in "${!PIDS[@]}"; do kill -9 "${PIDS[$h]}" 2>/dev/null || true; unset "PIDS[$h]"; done
}

cleanup() {
  set +e
  stop_hosts
  [ -f "$WORK/haproxy.pid" ] && kill "$(cat "$WORK/haproxy.pid")" 2>/dev/null
  for h in "${HOSTS[@]}"; do
    ip netns del "kmh$h" 2>/dev/null
    ip link del "vmh$h" 2>/dev/null
    find /sys/fs/cgroup/*/"kerat-mh$h" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  if [ -n "${PG_RESTORE:-}" ]; then # the cluster as tools/test-postgres.sh leaves it: localhost only
    pg_sql -c "ALTER SYSTEM RESET listen_addresses"
    sed -i '/# kerat-multihost$/d' "$pg_hba"
    pg_ctlcluster "$pg_version" "$pg_cluster" restart
  fi
  [ -n "${KERAT_MH_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
: > "$WORK/empty.yaml"

# --- three hosts' namespaces ---------------------------------------------------------------------------------------
for h in "${HOSTS[@]}"; do
  ip netns add "kmh$h"
  ip link add "vmh$h" type veth peer name eth0 netns "kmh$h"
  ip addr add "10.231.$h.1/24" dev "vmh$h"
  ip link set "vmh$h" up
  ip -n "kmh$h" addr add "10.231.$h.2/24" dev eth0
  ip -n "kmh$h" link set eth0 up
  ip -n "kmh$h" link set lo up
  mkdir -p "$WORK/h$h/images"
  cp -al "$SRC_DATA/images/python" "$WORK/h$h/images/"
done

# --- PostgreSQL (tools/test-postgres.sh: the local cluster, an empty database kerat_test), reachable from the
# namespaces: listening on the hosts' side of each veth too, password logins from 10.231.0.0/16 ---------------------
url="$(tools/test-postgres.sh --reset | sed -n 's/^export KERAT_TEST_POSTGRES=//p')"
read -r pg_version pg_cluster < <(pg_lsclusters --no-header | sort -V -k1,1 | tail -n1 | awk '{print $1, $2}')
pg_hba="/etc/postgresql/$pg_version/$pg_cluster/pg_hba.conf"
pg_sql() { (cd / && runuser -u postgres -- psql -X -q -p "$(pg_lsclusters --no-header | awk -v v="$pg_version" '$1 == v {print $3}')" "$@"); }
pg_sql -c "ALTER SYSTEM SET listen_addresses = 'localhost,10.231.1.1,10.231.2.1,10.231.3.1'"
grep -q "kerat-multihost" "$pg_hba" || echo "host kerat_test kerat_test 10.231.0.0/16 scram-sha-256 # kerat-multihost" >> "$pg_hba"
pg_ctlcluster "$pg_version" "$pg_cluster" restart
PG_RESTORE=1
PG_URL="${url/127.0.0.1/10.231.HOST.1}"
psql_q() { PGCONNECT_TIMEOUT=5 psql "$url" -qtAc "$1"; }
export KERAT_MH_TOKEN="multihost-$RANDOM$RANDOM"

# nsenter joins only the host's network namespace: `ip netns exec` would also remount /sys, and the cgroup
# hierarchies under /sys/fs/cgroup with it
start_host() { # start_host H [extra env...]
  local h=$1
  shift
  nsenter --net="/run/netns/kmh$h" env KERAT_CONFIG="$WORK/empty.yaml" KERAT_HOME="$PWD" KERAT_DATA_DIR="$WORK/h$h" \
    KERAT_CGROUP_PARENT="kerat-mh$h" KERAT_LISTEN="10.231.$h.2:31415" KERAT_AGENT_LISTEN="10.231.$h.2:31416" \
    KERAT_POOL=off KERAT_CONCURRENCY=2 KERAT_QUEUE=64 KERAT_STORE="${PG_URL/HOST/$h}" KERAT_TOKEN="$KERAT_MH_TOKEN" KERAT_SHUTDOWN_GRACE_MS=60000 \
    KERAT_DRAIN_GRACE_MS=3000 "$@" \
    java -Xmx256m -XX:+UseSerialGC -jar "$JAR" serve >> "$WORK/h$h.log" 2>&1 &
  PIDS[$h]=$!
}
await_up() { # await_up H
  for _ in $(seq 1 300); do
    curl -fsS -m 2 "http://10.231.$1.2:31415/api/v1/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "host $1 did not come up; its log:"; tail -30 "$WORK/h$1.log"; return 1
}
for h in "${HOSTS[@]}"; do start_host "$h"; done # at once: the schema migration must be safe
for h in "${HOSTS[@]}"; do await_up "$h"; done
echo "== three hosts up after $((SECONDS - T0)) s"

# --- HAProxy: the shipped example with these addresses ------------------------------------------------------------
sed -e "s|^\( *\)bind .*|\1bind 127.0.0.1:$HAPROXY_PORT|" \
    -e "s|^\( *\)stats socket .*|\1stats socket $WORK/haproxy.sock mode 600 level admin|" \
    -e "s|^\( *\)log /dev/log.*|\1log stdout format raw local0 emerg|" \
    -e "/^ *server kerat[0-9]/d" systemd/haproxy-kerat.cfg > "$WORK/haproxy.cfg"
for h in "${HOSTS[@]}"; do
  echo "    server kerat$h 10.231.$h.2:31415" >> "$WORK/haproxy.cfg"
done
haproxy -c -f "$WORK/haproxy.cfg" >/dev/null
haproxy -D -p "$WORK/haproxy.pid" -f "$WORK/haproxy.cfg"
URL="http://127.0.0.1:$HAPROXY_PORT"
for _ in $(seq 1 50); do curl -fsS -m 2 "$URL/api/v1/health" >/dev/null 2>&1 && break; sleep 0.2; done

served() { grep -c '"mode":"run"' "$WORK/h$1.log" || true; }
client() { python3 tools/multihost-client.py "$@"; }

# --- spread -------------------------------------------------------------------------------------------------------
declare -A before=()
for h in "${HOSTS[@]}"; do before[$h]=$(served "$h"); done
client sync "$URL" 180 12 "$WORK/spread.json" --tag spread
shares=""
low=0
for h in "${HOSTS[@]}"; do
  n=$(( $(served "$h") - before[$h] ))
  shares+="host $h: $n "
  [ "$n" -ge 36 ] || low=1
done
st=0
python3 - "$WORK/spread.json" <<'EOF' || st=$?
import json, sys
r = json.load(open(sys.argv[1]))["records"]
sys.exit(0 if all(x["right"] for x in r) and not any(x["status"] >= 500 for x in r) else 1)
EOF
check spread-right $st "180 runs at concurrency 12 through HAProxy, every answer right, no 5xx"
check spread-share $low "each host served >= 36 of 180: $shares"
SPREAD_TOOK=$(python3 -c "import json; print(round(json.load(open('$WORK/spread.json'))['took'], 1))")

# --- kill -9 of a host in the middle --------------------------------------------------------------------------------
client sync "$URL" 150 12 "$WORK/kill.json" --tag kill &
cl=$!
sleep 4
KILLED_AT=$(python3 -c "import time; print(time.monotonic())")
kill -9 "${PIDS[2]}"
unset 'PIDS[2]'
wait "$cl"
st=0
python3 - "$WORK/kill.json" "$KILLED_AT" <<'EOF' || st=$?
import json, sys
r = json.load(open(sys.argv[1]))["records"]
k = float(sys.argv[2])
wrong = [x for x in r if x["status"] == 200 and not x["right"]]
failed = [x for x in r if not x["right"]]
late = [x for x in failed if x["start"] > k + 3]
early = [x for x in failed if x["end"] < k]
print("  %d of 150 failed (%d in flight at the kill), %d wrong answers; failures: %s" % (
    len(failed), len(failed) - len(late) - len(early), len(wrong), [x["error"][:80] for x in failed][:5]))
sys.exit(0 if not wrong and not late and not early else 1)
EOF
check kill $st "kill -9 of host 2 during 150 runs: no wrong answer, only requests in flight may fail"

# host 2 comes back (its recovery runs) for the next checks
start_host 2
await_up 2
sleep 3 # HAProxy's checks see it up again

# --- asynchronous submissions across hosts, kill -9 of one while it holds leases ------------------------------------
client submit "$URL" 200 "$WORK/ids.json"
leased=0
for _ in $(seq 1 200); do # until host 3 holds leases (lease_owner: host/pid/random)
  leased=$(psql_q "SELECT count(*) FROM submissions WHERE state = 'RUNNING' AND lease_owner LIKE '%/${PIDS[3]}/%'" \
    2>/dev/null || echo 0)
  [ "${leased:-0}" -gt 0 ] && break
  sleep 0.1
done
kill -9 "${PIDS[3]}"
killed3=${PIDS[3]}
unset 'PIDS[3]'
client collect "$WORK/ids.json" "http://10.231.1.2:31415" "http://10.231.2.2:31415" "$WORK/collected.json"
st=0
python3 - "$WORK/collected.json" <<'EOF' || st=$?
import json, sys
r = json.load(open(sys.argv[1]))
bad = [v for v in r.values() if not (v["status"] == "done" and v["right"] and v["same_everywhere"])]
sys.exit(0 if len(r) == 200 and not bad else 1)
EOF
[ "${leased:-0}" -gt 0 ] || st=1
check async $st "200 submissions, host 3 (pid $killed3) killed while it held $leased leases: all done, right, the same from hosts 1 and 2"
dups=$(psql_q "SELECT count(*) FROM submissions WHERE state = 'DONE'" 2>/dev/null || echo "?")
st=0
[ "$dups" = 200 ] || st=1
check async-once $st "200 stored results for 200 submissions ($dups rows done)"

# --- drain ------------------------------------------------------------------------------------------------------------
start_host 3
await_up 3
sleep 3
client sync "$URL" 80 8 "$WORK/drain.json" --tag drain &
cl=$!
sleep 3
kill -TERM "${PIDS[1]}"
drained_pid=${PIDS[1]}
unset 'PIDS[1]'
wait "$cl"
wait "$drained_pid" 2>/dev/null || true
st=0
python3 - "$WORK/drain.json" <<'EOF' || st=$?
import json, sys
r = json.load(open(sys.argv[1]))["records"]
failed = [x for x in r if not x["right"]]
print("  %d of 80 failed: %s" % (len(failed), [x["error"][:80] for x in failed][:5]))
sys.exit(0 if not failed else 1)
EOF
check drain $st "SIGTERM of host 1 under load: every request of 80 right; it exited by itself"

# --- throughput: three hosts against one, same load ------------------------------------------------------------------
start_host 1
await_up 1
sleep 3
client sync "$URL" 60 12 "$WORK/three.json" --tag three
three=$(python3 -c "import json; print(json.load(open('$WORK/three.json'))['took'])")
kill -TERM "${PIDS[2]}" "${PIDS[3]}"
wait "${PIDS[2]}" "${PIDS[3]}" 2>/dev/null || true
unset 'PIDS[2]' 'PIDS[3]'
sleep 3
client sync "$URL" 60 12 "$WORK/one.json" --tag one
one=$(python3 -c "import json; print(json.load(open('$WORK/one.json'))['took'])")
python3 -c "print('throughput, 60 runs at concurrency 12: three hosts %.2f/s, one host %.2f/s, ratio %.2f (2 cores shared by all hosts: CPU, not hosts, is the limit here)' % (60 / $three, 60 / $one, $one / $three))"
echo "(spread phase: 180 runs in $SPREAD_TOOK s)"

# --- nothing left: the hosts killed with -9 were restarted on their data dirs (their recovery removed what they left),
# the others stopped with SIGTERM -----------------------------------------------------------------------------------
stop_hosts
left="$( (find /sys/fs/cgroup/*/kerat-mh[123] -mindepth 1 -type d 2>/dev/null || true) | wc -l)"
procs="$( (pgrep -f "runsc.*$WORK" || true) | wc -l)"
dirs="$( (find "$WORK"/h[123]/procs -mindepth 1 -maxdepth 1 2>/dev/null || true) | wc -l)"
st=0
[ "$left" = 0 ] && [ "$procs" = 0 ] && [ "$dirs" = 0 ] || st=1
check nothing-left $st "after kill -9 and restarts: $left sandbox/owner cgroups, $procs runsc processes, $dirs state dirs left"

echo "RESULT $fails failed, $passes passed ($((SECONDS - T0)) s)"
[ "$fails" = 0 ]
