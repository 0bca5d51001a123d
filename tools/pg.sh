# A throwaway PostgreSQL server for the SQL tests (tests/testthat/test-sql.R),
# shared by tools/check.sh, tools/sanitize.sh and tools/valgrind.sh.
# Source it, then call pg_start and, at the end (in an EXIT trap), pg_stop:
#
#   . tools/pg.sh
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
# and exports nothing: the PostgreSQL tests then skip with a message.
# initdb refuses to run as root, so as root the server runs as the user
# "postgres" (runuser), in a folder that user owns.

pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg.sh: no PostgreSQL server installed; the PostgreSQL tests will be skipped" >&2
    return 0
  fi
  SDSANTE_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sdsante-pg.XXXXXX")
  chmod 755 "$SDSANTE_PG_DIR"
  local as=() user
  user=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$SDSANTE_PG_DIR"
    as=(runuser -u postgres --)
    user=postgres
  fi
  local port=5432 dir=$SDSANTE_PG_DIR
  if ! "${as[@]}" "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 \
         --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
     ! "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c full_page_writes=off" \
         start >/dev/null 2>&1; then
    echo "pg.sh: the PostgreSQL server did not start; the PostgreSQL tests will be skipped" >&2
    tail -n 20 "$dir"/*.log >&2 2>/dev/null || true
    "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    unset SDSANTE_PG_DIR
    return 0
  fi
  "${as[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U "$user" sdsante
  SDSANTE_PG_BIN=$bindir
  SDSANTE_PG_AS="${as[*]}"
  export SDSANTE_PG_HOST=$dir SDSANTE_PG_PORT=$port SDSANTE_PG_USER=$user SDSANTE_PG_DB=sdsante
  echo "pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on socket $dir"
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
