# The teacher's grader: every submitted project checked by R CMD check in its
# own temporary folder, with a time limit, then its report's figures and its
# TD answers checked; one row per student in a CSV file and an HTML page.

#' Grade a folder of student projects
#'
#' Takes the folder where the students' projects were collected (package
#' folders, or archives `.tar.gz`, `.tgz`, `.zip`), and for each one, in a
#' temporary folder of its own and within `timeout` seconds: builds it
#' (`R CMD build`), checks the tarball (`R CMD check --no-manual`), checks
#' the figures its report states ([check_stated_figures()]) and its TD
#' answers (`inst/reponses-td.R`, [check_script()]).  A submission that is
#' not a package, does not build, stops with an error or runs past the time
#' limit is graded as such, and the grader goes on with the next one.
#' Nothing is run in the submissions' folder: each submission is copied (or
#' unpacked) into the temporary folder, whose `HOME` and `TMPDIR` the
#' processes use, and which is removed at the end.
#'
#' The grade, out of `sum(scale)`: `scale["check"]` for `R CMD check`
#' (all of it when the status is OK; nothing on an ERROR other than failed
#' tests; a quarter off per WARNING, an eighth per NOTE), `scale["tests"]`
#' times the share of tests passed, and `scale["answers"]` times the share
#' of the TD's points.  Each point lost has its reason.
#'
#' Needs the packages callr and processx (suggested by sdsante).
#'
#' @param submissions the folder that holds the submissions.
#' @param output_dir where to write `notes.csv` and `notes.html`; `NULL`
#'   writes nothing.
#' @param timeout the time limit of each submission, in seconds (build,
#'   check and answer checks together).
#' @param scale the points of the three parts, named `check`, `tests` and
#'   `answers`.
#' @param quiet `FALSE` shows a progress bar.
#' @return A data frame with one row per submission: `submission`, `status`
#'   (OK, NOTE, WARNING, ERROR, not a package, does not build, time limit),
#'   `errors`, `warnings`, `notes`, `tests_passed`, `tests_failed`,
#'   `exercises_right` (the TD questions answered right, of all),
#'   `points` and `reasons` (why each point was lost), invisibly; the files
#'   `notes.csv` (UTF-8) and `notes.html` in `output_dir`.
#' @seealso [create_project()], [check_script()], [check_stated_figures()].
#' @examples
#' # A submission that is not a package is graded as such (0 points, with
#' # the reason); a real project takes about a minute (R CMD build and check).
#' depot <- file.path(tempdir(), "rendus")
#' dir.create(depot)
#' writeLines("mon rapport", file.path(depot, "durand.txt"))
#' if (requireNamespace("callr", quietly = TRUE) &&
#'     requireNamespace("processx", quietly = TRUE)) {
#'   grades <- grade_projects(depot, output_dir = tempdir(), quiet = TRUE)
#'   grades[c("submission", "status", "points", "reasons")]
#' }
#' @export
grade_projects <- function(submissions, output_dir = submissions, timeout = 600,
                           scale = c(check = 8, tests = 6, answers = 6), quiet = FALSE) {
  call <- sys.call()
  for (pkg in c("callr", "processx"))
    if (!requireNamespace(pkg, quietly = TRUE))
      sds_abort(gettextf("grade_projects() needs the package %s: install.packages(\"%s\")",
                         pkg, pkg, domain = "R-sdsante"), call)
  if (!is.character(submissions) || length(submissions) != 1L || !dir.exists(submissions))
    sds_abort(gettextf("'submissions' must be the path of an existing folder, not %s",
                       format_value(submissions), domain = "R-sdsante"), call)
  check_number(timeout, "timeout", call, lower = 0)
  if (!is.numeric(scale) || !setequal(names(scale), c("check", "tests", "answers")) ||
        anyNA(scale) || any(scale < 0))
    sds_abort(gettext("'scale' must be three points named check, tests and answers", domain = "R-sdsante"),
              call)
  check_flag(quiet, "quiet", call)
  entries <- dir(submissions, full.names = TRUE)
  entries <- entries[!basename(entries) %in% c("notes.csv", "notes.html")]
  sandbox <- tempfile("sdsante-grades-")
  dir.create(sandbox)
  on.exit(unlink(sandbox, recursive = TRUE, force = TRUE), add = TRUE)
  bar <- if (!quiet && length(entries)) utils::txtProgressBar(0, length(entries), style = 3)
  rows <- vector("list", length(entries))
  for (i in seq_along(entries)) {
    rows[[i]] <- tryCatch(grade_one(entries[i], file.path(sandbox, i), timeout, scale),
                          error = function(e) grade_row(entries[i], "error", scale,
                            reasons = gettextf("the grader could not grade it: %s", conditionMessage(e),
                                               domain = "R-sdsante")))
    if (!is.null(bar)) utils::setTxtProgressBar(bar, i)
  }
  if (!is.null(bar)) close(bar)
  grades <- do.call(rbind, rows)
  if (is.null(grades)) grades <- grade_row(character(), character(), scale)
  if (!is.null(output_dir)) write_grades(grades, output_dir, scale)
  invisible(grades)
}

# One submission, in its own folder of the sandbox.
grade_one <- function(entry, work, timeout, scale) {
  deadline <- Sys.time() + timeout
  left <- function() max(1, as.numeric(difftime(deadline, Sys.time(), units = "secs")))
  for (d in c("src", "home", "tmp", "check")) dir.create(file.path(work, d), recursive = TRUE)
  env <- sandbox_env(work, "en")                          # R CMD build and check, parsed
  env_r <- sandbox_env(work, Sys.getenv("LANGUAGE"))      # the checks' messages
  root <- unpack_submission(entry, file.path(work, "src"))
  if (is.null(root)) return(grade_row(entry, "not a package", scale))
  r <- file.path(R.home("bin"), "R")
  build <- processx::run(r, c("CMD", "build", root), wd = file.path(work, "check"), env = env,
                         timeout = left(), error_on_status = FALSE, cleanup_tree = TRUE)
  if (isTRUE(build$timeout)) return(grade_row(entry, "time limit", scale))
  tarball <- dir(file.path(work, "check"), pattern = "\\.tar\\.gz$", full.names = TRUE)
  if (build$status != 0L || length(tarball) != 1L)
    return(grade_row(entry, "does not build", scale,
                     reasons = last_lines(paste(build$stdout, build$stderr))))
  check <- processx::run(r, c("CMD", "check", "--no-manual", basename(tarball)),
                         wd = file.path(work, "check"), env = env, timeout = left(),
                         error_on_status = FALSE, cleanup_tree = TRUE)
  if (isTRUE(check$timeout)) return(grade_row(entry, "time limit", scale))
  rcheck <- dir(file.path(work, "check"), pattern = "\\.Rcheck$", full.names = TRUE)[1L]
  log <- file.path(rcheck, "00check.log")
  if (is.na(rcheck) || !file.exists(log))
    return(grade_row(entry, "does not build", scale,
                     reasons = last_lines(paste(check$stdout, check$stderr))))
  parsed <- parse_check_log(readLines(log, warn = FALSE))
  tests <- parse_test_counts(rcheck)
  figures <- sandboxed(function(report) {
    if (!file.exists(report)) return(NULL)
    as.data.frame(sdsante::check_stated_figures(report))
  }, list(file.path(root, "vignettes", "rapport.Rmd")), left(),
  sandbox_env(work, Sys.getenv("LANGUAGE"), rcheck),  # the project as R CMD check installed it
  root, libpath = c(rcheck, grader_libraries()))
  answers_file <- file.path(root, "inst", "reponses-td.R")
  answers <- if (file.exists(answers_file)) tryCatch({
    ids <- td_questions("td")$question
    run <- run_script(answers_file, ids, left(), env_r)
    lapply(ids, function(id) if (id %in% names(run$objects)) check_answer(run$objects[[id]], id)
           else new_check(id, FALSE, question_list()[[id]]$points,
                          gettextf("the script does not create the object %s", id, domain = "R-sdsante")))
  }, error = function(e) NULL)
  if (Sys.time() > deadline) return(grade_row(entry, "time limit", scale))
  grade_row(entry, parsed$status, scale, parsed = parsed, tests = tests, figures = figures,
            answers = answers, answers_file = file.exists(answers_file))
}

# The child processes see the sandbox as their home and temporary folder and
# the caller's libraries (`libraries` first); of the caller's environment
# only what locates programs and the time zone is kept, so that nothing of an
# enclosing R CMD check (R_DEFAULT_PACKAGES, R_LIBS_SITE=NULL, _R_CHECK_*,
# R_TESTS...) reaches them.
sandbox_env <- function(work, language, libraries = character()) {
  keep <- c("PATH", "LANG", "TZ", "USER", "LOGNAME", "SHELL", "TERM", "R_HOME")
  env <- Sys.getenv(keep, unset = NA)
  env <- env[!is.na(env)]
  c(env, HOME = file.path(work, "home"), TMPDIR = file.path(work, "tmp"),
    R_LIBS = paste(c(libraries, grader_libraries()), collapse = .Platform$path.sep),
    R_LIBS_USER = file.path(work, "home"), R_BROWSER = "false", R_PDFVIEWER = "false",
    R_TESTS = "", LANGUAGE = language, LC_ALL = "C.UTF-8",
    `_R_CHECK_FORCE_SUGGESTS_` = "false")
}

# The caller's libraries.  Within R CMD check --as-cran (the grader's own
# tests), one of them (RLIBS_*) holds links to the checked package's declared
# dependencies and stubs that hide the other recommended packages, which
# would break the submissions' own checks: the libraries its links point to
# are used instead.
grader_libraries <- function() {
  own <- dirname(normalizePath(system.file(package = "sdsante")))  # this sdsante first
  unique(c(own, unlist(lapply(.libPaths(), function(lib) {
    if (!startsWith(basename(lib), "RLIBS_")) return(lib)
    targets <- Sys.readlink(list.files(lib, full.names = TRUE))
    dirname(targets[nzchar(targets)])
  }))))
}

# A function run in a separate R process inside the sandbox; NULL on error
# or time out.
sandboxed <- function(f, args, timeout, env, wd, libpath = .libPaths()) {
  tryCatch(callr::r(f, args, timeout = timeout, env = env, wd = wd, libpath = libpath),
           error = function(e) NULL)
}

# Copy a folder or unpack an archive into `dest`; the package root (the
# folder holding DESCRIPTION), or NULL.
unpack_submission <- function(entry, dest) {
  if (dir.exists(entry)) {
    file.copy(entry, dest, recursive = TRUE)
  } else if (grepl("\\.(tar\\.gz|tgz|tar)$", entry)) {
    if (inherits(try(utils::untar(entry, exdir = dest), silent = TRUE), "try-error")) return(NULL)
  } else if (grepl("\\.zip$", entry)) {
    if (inherits(try(utils::unzip(entry, exdir = dest), silent = TRUE), "try-error")) return(NULL)
  } else {
    return(NULL)
  }
  found <- dir(dest, pattern = "^DESCRIPTION$", recursive = TRUE, full.names = TRUE)
  found <- found[lengths(strsplit(sub(dest, "", found, fixed = TRUE), "/")) <= 4L]
  if (!length(found)) return(NULL)
  dirname(found[order(nchar(found))][1L])
}

# Status, counts and the steps that went wrong, from 00check.log.
parse_check_log <- function(lines) {
  status_line <- grep("^Status: ", lines, value = TRUE)
  count <- function(what) {
    m <- regmatches(status_line, regexpr(paste0("[0-9]+ ", what), status_line))
    if (length(m)) as.integer(sub(" .*", "", m)) else 0L
  }
  steps <- character()
  kinds <- character()
  details <- character()
  current <- NA_character_
  for (i in seq_along(lines)) {
    line <- lines[i]
    if (startsWith(line, "* ")) current <- sub(" \\.\\.\\..*$", "", sub("^\\* ", "", line))
    kind <- regmatches(line, regexpr("(ERROR|WARNING|NOTE)$", line))
    if (length(kind) && !is.na(current) && !startsWith(line, "Status:")) {
      steps <- c(steps, current)
      kinds <- c(kinds, kind)
      # What R CMD check says about it: its next line.
      after <- trimws(lines[i + seq_len(2L)])
      after <- after[!is.na(after) & nzchar(after)]
      after <- after[cumsum(startsWith(after, "* ")) == 0L]
      details <- c(details, substr(paste(after, collapse = " "), 1L, 200L))
    }
  }
  errors <- count("ERROR")
  warnings <- count("WARNING")
  notes <- count("NOTE")
  status <- if (!length(status_line)) "ERROR" else if (errors) "ERROR" else if (warnings) "WARNING"
            else if (notes) "NOTE" else "OK"
  list(status = status, errors = errors, warnings = warnings, notes = notes,
       steps = steps, kinds = kinds, details = details)
}

# testthat's tally "[ FAIL 1 | WARN 0 | SKIP 0 | PASS 12 ]" of the check.
parse_test_counts <- function(rcheck) {
  files <- dir(file.path(rcheck, "tests"), pattern = "\\.Rout(\\.fail)?$", full.names = TRUE)
  passed <- failed <- 0L
  ran <- FALSE
  for (f in files) {
    tally <- grep("^\\s*\\[ FAIL [0-9]+ \\| WARN [0-9]+ \\| SKIP [0-9]+ \\| PASS [0-9]+ \\]",
                  readLines(f, warn = FALSE), value = TRUE)
    if (!length(tally)) next
    tally <- tally[length(tally)]
    ran <- TRUE
    failed <- failed + as.integer(sub(".*FAIL ([0-9]+).*", "\\1", tally))
    passed <- passed + as.integer(sub(".*PASS ([0-9]+).*", "\\1", tally))
  }
  list(ran = ran, passed = passed, failed = failed)
}

last_lines <- function(text, n = 3L) {
  lines <- trimws(strsplit(text, "\n", fixed = TRUE)[[1]])
  lines <- lines[nzchar(lines)]
  paste(utils::tail(lines, n), collapse = " | ")
}

status_label <- function(status) {
  switch(status,
         "not a package" = gettext("not a package", domain = "R-sdsante"),
         "does not build" = gettext("does not build", domain = "R-sdsante"),
         "time limit" = gettext("time limit", domain = "R-sdsante"),
         "error" = gettext("grader error", domain = "R-sdsante"),
         status)
}

points_text <- function(x) format(round(x, 2), decimal.mark = ",", trim = TRUE)

# One row of the table, with the points and the reason for each point lost.
grade_row <- function(entry, status, scale, reasons = character(), parsed = NULL, tests = NULL,
                      figures = NULL, answers = NULL, answers_file = FALSE) {
  if (!length(entry))
    return(data.frame(submission = character(), status = character(), errors = integer(),
                      warnings = integer(), notes = integer(), tests_passed = integer(),
                      tests_failed = integer(), exercises_right = character(),
                      points = numeric(), reasons = character(), stringsAsFactors = FALSE))
  total <- sum(scale)
  lost <- function(points, why) sprintf("-%s : %s", points_text(points), why)
  td_max <- sum(td_questions("td")$points)
  if (is.null(parsed)) {
    why <- switch(status,
                  "not a package" = gettext("not a package: no DESCRIPTION file", domain = "R-sdsante"),
                  "does not build" = gettext("R CMD build fails", domain = "R-sdsante"),
                  "time limit" = gettext("stopped at the time limit (an infinite loop?)", domain = "R-sdsante"),
                  gettext("not graded", domain = "R-sdsante"))
    return(data.frame(submission = basename(entry), status = status_label(status),
                      errors = NA_integer_, warnings = NA_integer_, notes = NA_integer_,
                      tests_passed = NA_integer_, tests_failed = NA_integer_,
                      exercises_right = sprintf("0/%d", nrow(td_questions("td"))), points = 0,
                      reasons = paste(c(lost(total, why), reasons), collapse = " ; "),
                      stringsAsFactors = FALSE))
  }
  # R CMD check: failed tests are graded by the tests' part.
  test_step <- parsed$steps == "checking tests" & parsed$kinds == "ERROR"
  other_errors <- sum(parsed$kinds == "ERROR" & !test_step)
  check_share <- if (other_errors > 0L) 0 else
    max(0, 1 - 0.25 * sum(parsed$kinds == "WARNING") - 0.125 * sum(parsed$kinds == "NOTE"))
  out <- character()
  weight <- c(ERROR = 1, WARNING = 0.25, NOTE = 0.125)
  for (j in seq_along(parsed$steps)) {
    if (test_step[j]) next
    out <- c(out, lost(min(scale[["check"]], weight[[parsed$kinds[j]]] * scale[["check"]]),
                       sprintf("R CMD check, %s : %s%s", parsed$steps[j], parsed$kinds[j],
                               if (nzchar(parsed$details[j])) paste0(" (", parsed$details[j], ")") else "")))
  }
  check_points <- scale[["check"]] * check_share
  # Tests, with the figures of the report that are wrong.
  n_tests <- tests$passed + tests$failed
  test_points <- if (n_tests > 0L) scale[["tests"]] * tests$passed / n_tests else 0
  if (!tests$ran || n_tests == 0L) {
    out <- c(out, lost(scale[["tests"]], gettext("no test ran", domain = "R-sdsante")))
  } else if (tests$failed > 0L) {
    out <- c(out, lost(scale[["tests"]] - test_points,
                       sprintf(ngettext(tests$failed, "%d test failed out of %d", "%d tests failed out of %d",
                                        domain = "R-sdsante"), tests$failed, n_tests)))
  }
  if (!is.null(figures) && nrow(figures)) out <- c(out, figures$message[!figures$ok])
  # The TD's answers.
  right <- if (is.null(answers)) 0L else sum(vapply(answers, `[[`, NA, "correct"))
  td_points <- if (is.null(answers)) 0 else sum(vapply(answers, `[[`, 0, "points"))
  answer_points <- scale[["answers"]] * td_points / td_max
  if (!answers_file) {
    out <- c(out, lost(scale[["answers"]], gettext("no TD answers (inst/reponses-td.R)", domain = "R-sdsante")))
  } else if (is.null(answers)) {
    out <- c(out, lost(scale[["answers"]], gettext("the TD answers could not be run", domain = "R-sdsante")))
  } else {
    for (a in answers) if (!a$correct)
      out <- c(out, lost(scale[["answers"]] * a$max_points / td_max, paste0(a$question, " : ", a$feedback)))
  }
  data.frame(submission = basename(entry), status = status_label(status),
             errors = parsed$errors, warnings = parsed$warnings, notes = parsed$notes,
             tests_passed = tests$passed, tests_failed = tests$failed,
             exercises_right = sprintf("%d/%d", right, length(td_questions("td")$question)),
             points = round(check_points + test_points + answer_points, 2),
             reasons = paste(c(out, reasons), collapse = " ; "), stringsAsFactors = FALSE)
}

write_grades <- function(grades, output_dir, scale) {
  dir.create(output_dir, showWarnings = FALSE, recursive = TRUE)
  utils::write.csv(grades, file.path(output_dir, "notes.csv"), row.names = FALSE,
                   fileEncoding = "UTF-8")
  escape <- function(x) {
    x <- gsub("&", "&amp;", x, fixed = TRUE)
    x <- gsub("<", "&lt;", x, fixed = TRUE)
    gsub(">", "&gt;", x, fixed = TRUE)
  }
  headers <- c(gettext("Submission", domain = "R-sdsante"), gettext("Status", domain = "R-sdsante"),
               gettext("Errors", domain = "R-sdsante"), gettext("Warnings", domain = "R-sdsante"),
               gettext("Notes", domain = "R-sdsante"), gettext("Tests passed", domain = "R-sdsante"),
               gettext("Tests failed", domain = "R-sdsante"), gettext("Exercises right", domain = "R-sdsante"),
               gettextf("Points (out of %s)", points_text(sum(scale)), domain = "R-sdsante"),
               gettext("Reasons", domain = "R-sdsante"))
  cells <- vapply(seq_len(nrow(grades)), function(i) {
    values <- vapply(grades[i, ], function(v) if (is.na(v)) "" else as.character(v), "")
    values[["points"]] <- points_text(grades$points[i])
    values[["reasons"]] <- gsub(" ; ", "<br>", escape(values[["reasons"]]), fixed = TRUE)
    values[-length(values)] <- escape(values[-length(values)])
    paste0("<tr>", paste0("<td>", values, "</td>", collapse = ""), "</tr>")
  }, "")
  html <- c("<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
            sprintf("<title>%s</title>", escape(gettext("Grades", domain = "R-sdsante"))),
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px;vertical-align:top}</style>",
            "</head><body>", sprintf("<h1>%s</h1>", escape(gettext("Grades", domain = "R-sdsante"))),
            "<table>", paste0("<tr>", paste0("<th>", escape(headers), "</th>", collapse = ""), "</tr>"),
            cells, "</table></body></html>")
  writeLines(enc2utf8(html), file.path(output_dir, "notes.html"), useBytes = TRUE)
}
