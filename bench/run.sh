#!/usr/bin/env bash
# Latency benchmark: bare `runsc run` vs the daemon over HTTP vs native, measured in one run (see README).
#   sudo bench/run.sh            # BENCH_N=40 runs per series; KERAT_DATA_DIR picks where images live
#   sudo BENCH_ONLY=frameworks bench/run.sh   # only tests-mode latency of each bench/suites/*.json (10-test suites)
#                                             # (BENCH_FRAMEWORKS=0 leaves them out of the full run; BENCH_SUITES=go,cpp
#                                             # only those; BENCH_FW_POOL=0 every stage cold, default a pool of 2)
#   sudo BENCH_ONLY=targets bench/run.sh      # only issue 15's targets: default config vs bare runsc run, java cache hit,
#                                             # concurrency 8 vs a cold-only ptrace daemon, RSS with 100 queued
#   sudo BENCH_ONLY=cases bench/run.sh        # only 100 C++ cases per request, isolation sandbox vs process
#                                             # (BENCH_CASES_N=5 requests of each, interleaved)
#   sudo BENCH_ONLY=interp bench/run.sh       # only Python hello from the pool, interpreter started vs shell,
#                                             # as ratios to bare `runsc run` of the same bundle (BENCH_N each)
#   sudo BENCH_ONLY=multihost bench/run.sh    # three hosts behind HAProxy vs one (tools/verify-multihost.sh, which
#                                             # also runs its checks and prints the throughput of both)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root (it starts gVisor sandboxes)" >&2; exit 1; }
[ -f daemon/target/kerat.jar ] || mvn -B -q -DskipTests package
if [ "${BENCH_ONLY:-}" = multihost ]; then
  exec tools/verify-multihost.sh
fi
export KERAT_HOME="$PWD"
export KERAT_DATA_DIR="${KERAT_DATA_DIR:-/var/cache/kerat/bench}"
export KERAT_CGROUP_PARENT="${KERAT_CGROUP_PARENT:-kerat-bench}"
export KERAT_QUEUE="${KERAT_QUEUE:-128}"
# the cases series compares both isolations: let requests ask for "process" (the default config refuses it)
export KERAT_CASES_ALLOW_PROCESS="${KERAT_CASES_ALLOW_PROCESS:-true}"
# the same JVM options as the installed launcher
exec java -Xms64m -Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=128m -Djdk.nio.maxCachedBufferSize=262144 -cp daemon/target/kerat.jar io.kerat.bench.Benchmark
