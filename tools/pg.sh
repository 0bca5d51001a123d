# A throwaway PostgreSQL server for the SQL tests (tests/testthat/test-sql.R),
# shared by tools/check.sh, tools/sanitize.sh and tools/valgrind.sh.
# tools/lib.sh sources it. Call pg_start, and pg_stop at the end (in the EXIT
# trap):
#
#   . tools/lib.sh
#   trap 'pg_stop' EXIT
#   pg_start
#
# pg_start creates a cluster in a new temporary folder and serves it on a Unix
# socket in that folder only (listen_addresses = '': no TCP port, nothing
# reachable from outside the machine), with "trust" authentication for the
# local user. It exports what the tests read:
#   SDSANTE_PG_HOST  the socket folder (DBI::dbConnect(..., host = it))
#   SDSANTE_PG_PORT  the port number in the socket's name
#   SDSANTE_PG_USER  the database user
#   SDSANTE_PG_DB    the database
# Without a PostgreSQL server installed, or when it cannot start, it says so
# and exports nothing: the PostgreSQL tests then skip with a message. When
# SDSANTE_PG_HOST is already set (a server of the calling script), it uses
# that one, and pg_stop leaves it to its owner. Starting takes about 2 s.
# initdb refuses to run as root, so as root the server runs as the user
# "postgres" (runuser), in a folder that user owns.

pg_start() {
  if [ -n "${SDSANTE_PG_HOST:-}" ]; then   # a server started by the calling script
    echo "pg.sh: using the PostgreSQL server on socket $SDSANTE_PG_HOST"
    return 0
  fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg.sh: no PostgreSQL server installed; the PostgreSQL tests will be skipped" >&2
    pg_required_failed
  fi
  local dir user port=5432 as=()
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sdsante-pg.XXXXXX")
  chmod 755 "$dir"
  user=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    as=(runuser -u postgres --)
    user=postgres
  fi
  if ! ${as[@]+"${as[@]}"} "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 \
         --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
     ! ${as[@]+"${as[@]}"} "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c full_page_writes=off" \
         start >/dev/null 2>&1 ||
     ! ${as[@]+"${as[@]}"} "$bindir/createdb" -h "$dir" -p "$port" -U "$user" sdsante \
         >>"$dir/server.log" 2>&1; then
    echo "pg.sh: the PostgreSQL server did not start; the PostgreSQL tests will be skipped" >&2
    tail -n 20 "$dir/initdb.log" "$dir/server.log" >&2 2>/dev/null || true
    ${as[@]+"${as[@]}"} "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    pg_required_failed
    return
  fi
  # Not exported: only the shell that started the server stops it.
  SDSANTE_PG_DIR=$dir
  SDSANTE_PG_BIN=$bindir
  SDSANTE_PG_AS="${as[*]:-}"
  export SDSANTE_PG_HOST=$dir SDSANTE_PG_PORT=$port SDSANTE_PG_USER=$user SDSANTE_PG_DB=sdsante
  echo "pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on socket $dir"
}

# With SDSANTE_PG_REQUIRED=true (CI), a server that cannot be had is a failure,
# not a reason to skip the PostgreSQL tests.
pg_required_failed() {
  if [ "${SDSANTE_PG_REQUIRED:-false}" = true ]; then
    echo "pg.sh: SDSANTE_PG_REQUIRED=true and no PostgreSQL server could be started" >&2
    return 1
  fi
  return 0
}

pg_stop() {
  [ -n "${SDSANTE_PG_DIR:-}" ] || return 0
  # SDSANTE_PG_AS is empty or "runuser -u postgres --": split on purpose.
  # shellcheck disable=SC2086
  $SDSANTE_PG_AS "$SDSANTE_PG_BIN/pg_ctl" -D "$SDSANTE_PG_DIR/data" -m fast -w stop \
    >/dev/null 2>&1 || true
  rm -rf "$SDSANTE_PG_DIR"
  unset SDSANTE_PG_DIR SDSANTE_PG_HOST SDSANTE_PG_PORT SDSANTE_PG_USER SDSANTE_PG_DB
}
