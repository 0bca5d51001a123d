# Connections to the databases the SQL tests run in: SQLite in memory, and
# PostgreSQL when tools/pg.sh has started a server and exported SDSANTE_PG_*
# (otherwise the PostgreSQL tests skip with a message).
connect <- function(backend) {
  skip_if_not_installed("DBI")
  if (backend == "SQLite") {
    skip_if_not_installed("RSQLite")
    return(DBI::dbConnect(RSQLite::SQLite(), ":memory:"))
  }
  host <- Sys.getenv("SDSANTE_PG_HOST")
  if (host == "")
    skip("no PostgreSQL server: tools/check.sh starts one (tools/pg.sh) and sets SDSANTE_PG_HOST")
  skip_if_not_installed("RPostgreSQL")
  tryCatch(DBI::dbConnect(RPostgreSQL::PostgreSQL(), host = host,
                          port = as.integer(Sys.getenv("SDSANTE_PG_PORT", "5432")),
                          user = Sys.getenv("SDSANTE_PG_USER"),
                          dbname = Sys.getenv("SDSANTE_PG_DB")),
           error = function(e) skip(paste("the PostgreSQL server does not answer:",
                                          conditionMessage(e))))
}

# Remove the tables a test file wrote (a PostgreSQL database outlives the
# connection), then close the connection.
drop_and_disconnect <- function(con, tables) {
  if (!connection_is_open(con)) return(invisible())
  for (name in tables)
    if (DBI::dbExistsTable(con, name)) DBI::dbRemoveTable(con, name)
  DBI::dbDisconnect(con)
}
