# The teaching tools (tutorials, templates, grader) need packages that are
# only suggested.  In CI (SDSANTE_TEACHING_REQUIRED=true, set by .ci/run) a
# missing one is a failure, not a silent skip.
need_package <- function(pkg) {
  if (requireNamespace(pkg, quietly = TRUE)) return(invisible(TRUE))
  if (identical(Sys.getenv("SDSANTE_TEACHING_REQUIRED"), "true"))
    stop(sprintf("SDSANTE_TEACHING_REQUIRED=true and the package %s is not installed", pkg))
  skip(paste("the package", pkg, "is not installed"))
}

# The installed tutorials, or those of the source tree.
tutorial_dirs <- function() {
  root <- system.file("tutorials", package = "sdsante")
  if (!nzchar(root)) root <- test_path("..", "..", "inst", "tutorials")
  dirs <- list.dirs(root, recursive = FALSE)
  stats::setNames(dirs, basename(dirs))
}

# The chunks of an R Markdown file: label, engine, options text and code.
rmd_chunks <- function(file) {
  lines <- readLines(file, encoding = "UTF-8", warn = FALSE)
  starts <- grep("^```\\{[a-z]+", lines)
  ends <- grep("^```\\s*$", lines)
  lapply(starts, function(s) {
    e <- min(ends[ends > s])
    header <- sub("^```\\{([a-z]+)\\s*(.*)\\}\\s*$", "\\1\t\\2", lines[s])
    engine <- sub("\t.*", "", header)
    rest <- sub("^[^\t]*\t", "", header)
    label <- sub("^([A-Za-z0-9_.-]+).*", "\\1", rest)
    if (grepl("=", sub(",.*", "", rest)) || !nzchar(rest)) label <- ""
    list(label = label, engine = engine, options = rest, code = lines[seq_len(e - s - 1L) + s])
  })
}

# An environment as an exercise sees it: the tutorial's set-up chunk, then
# the exercise's own set-up chunk, evaluated in French.
tutorial_env <- function(chunks, setup = NULL) {
  env <- new.env(parent = globalenv())
  by_label <- stats::setNames(chunks, vapply(chunks, `[[`, "", "label"))
  eval(parse(text = by_label[["setup"]]$code), env)
  if (!is.null(setup)) eval(parse(text = by_label[[setup]]$code), env)
  env
}

# The value of an answer's last line (R), or the result of a query (SQL).
answer_value <- function(code, engine, env) {
  if (engine == "sql") return(DBI::dbGetQuery(env$con, paste(code, collapse = "\n")))
  withVisible(eval(parse(text = code), env))$value
}
