# Running a tutorial as the teacher: with the solutions shown.  The tutorials
# read SDSANTE_SOLUTIONS when they are rendered, so a fresh copy is rendered.

#' Run one of sdsante's tutorials, with or without its solutions
#'
#' Students run the tutorials from RStudio's Tutorial pane, or with
#' `learnr::run_tutorial("td", package = "sdsante")`: the exercises' solutions
#' are hidden.  The teacher runs them with `solutions = TRUE` to show a
#' « Solution » button under each exercise.  `learnr::available_tutorials("sdsante")`
#' lists the tutorials.
#'
#' @param name the tutorial: `"td"`, `"apprentissage-supervise"`,
#'   `"apprentissage-non-supervise"`, `"sante"` or `"sql"`.
#' @param solutions `TRUE` shows the solutions.
#' @param ... passed to [learnr::run_tutorial()] (e.g. `shiny_args`).
#' @return What [learnr::run_tutorial()] returns.
#' @seealso [tutorial_checker()], [td_questions()].
#' @examples
#' if (interactive() && requireNamespace("learnr", quietly = TRUE)) {
#'   run_td("td", solutions = TRUE)
#' }
#' @export
run_td <- function(name = "td", solutions = FALSE, ...) {
  call <- sys.call()
  if (!requireNamespace("learnr", quietly = TRUE))
    sds_abort(gettext("the tutorials need the package learnr: install.packages(\"learnr\")",
                      domain = "R-sdsante"), call)
  root <- system.file("tutorials", package = "sdsante")
  name <- check_choice(name, basename(list.dirs(root, recursive = FALSE)), "name", call)
  check_flag(solutions, "solutions", call)
  copy <- tempfile("tutorial-")
  dir.create(copy)
  file.copy(file.path(root, name), copy, recursive = TRUE)
  old <- Sys.getenv("SDSANTE_SOLUTIONS", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("SDSANTE_SOLUTIONS") else Sys.setenv(SDSANTE_SOLUTIONS = old))
  Sys.setenv(SDSANTE_SOLUTIONS = if (solutions) "true" else "false")
  learnr::run_tutorial(file.path(copy, name), ...)
}
