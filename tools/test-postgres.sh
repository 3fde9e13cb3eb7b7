#!/usr/bin/env bash
# Starts the machine's Debian PostgreSQL cluster (package `postgresql`) for the tests and makes sure a role and a
# database `kerat_test` exist; prints the URL the tests read from KERAT_TEST_POSTGRES. As root. Idempotent.
#   eval "$(tools/test-postgres.sh)"     # exports KERAT_TEST_POSTGRES
#   tools/test-postgres.sh --reset       # the same, with the database dropped and created again (empty)
# Only local TCP (127.0.0.1) with a password: the cluster's own pg_hba.conf already allows it (scram-sha-256).
set -euo pipefail

reset=false
[ "${1:-}" = "--reset" ] && reset=true
if [ "$(id -u)" != 0 ]; then
  echo "tools/test-postgres.sh must run as root (it starts the cluster with pg_ctlcluster)" >&2
  exit 1
fi
command -v pg_lsclusters >/dev/null || { echo "no PostgreSQL: apt-get install postgresql" >&2; exit 1; }

# the newest cluster the package made (Debian 12: 15 main); none yet: create one of the newest installed version
read -r version cluster port status < <(pg_lsclusters --no-header | sort -V -k1,1 | tail -n1 | awk '{print $1, $2, $3, $4}') || true
if [ -z "${version:-}" ]; then
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -V | tail -n1)
  pg_createcluster "$version" main >&2
  read -r version cluster port status < <(pg_lsclusters --no-header | awk '$1 == "'"$version"'" {print $1, $2, $3, $4}')
fi
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 50); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.2
done
runuser -u postgres -- pg_isready -h 127.0.0.1 -p "$port" >&2

psql() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"); }
psql -d postgres -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kerat_test') THEN
    CREATE ROLE kerat_test LOGIN PASSWORD 'kerat_test';
  END IF; END \$\$;" >&2
if $reset; then
  psql -d postgres -c "DROP DATABASE IF EXISTS kerat_test WITH (FORCE)" >&2
fi
if [ "$(psql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = 'kerat_test'")" != 1 ]; then
  psql -d postgres -c "CREATE DATABASE kerat_test OWNER kerat_test" >&2
fi
echo "export KERAT_TEST_POSTGRES=postgresql://kerat_test:kerat_test@127.0.0.1:$port/kerat_test"
