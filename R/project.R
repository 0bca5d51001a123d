# The student's project: a small R package whose vignette is the report and
# whose tests check the figures the report states.  RStudio calls
# create_project() from File > New Project ("Projet sdsante", see
# inst/rstudio/templates/project/projet-sdsante.dcf); the same works from R.

#' Create a student's project: a small package graded by R CMD check
#'
#' Creates, in a new folder, the student's project as a small R package that
#' passes `R CMD check` as created:
#'
#' * `DESCRIPTION` (`Imports: sdsante`) and `NAMESPACE`;
#' * the data file `inst/extdata/pima.csv` (the diabetes data of
#'   `MASS::Pima.tr` and `MASS::Pima.te`, with a column `ensemble`) and a
#'   function `lire_donnees()` that reads it;
#' * the report `vignettes/rapport.Rmd`, made from the R Markdown template
#'   « Rapport – sdsante »: the data, rules by hand and learned, the confusion
#'   matrix on the test set, ROC and AUC, groups by k-means, the model in SQL,
#'   a conclusion;
#' * `tests/testthat/test-rapport.R`, which checks every figure the report
#'   states against what its code computes ([check_stated_figures()]): a
#'   wrong figure fails `R CMD check` with the file and line;
#' * `inst/reponses-td.R`, the answers to the TD, graded by [check_script()]
#'   and [grade_projects()].
#'
#' In RStudio: File > New Project > New Directory > « Projet sdsante ».
#'
#' @param path the folder to create; its name, without the characters a
#'   package name cannot hold, is the package's name.
#' @param author the student's first and last names.
#' @param rstudio_project write an RStudio project file (`.Rproj`).
#' @param ... other fields that RStudio passes, ignored.
#' @return The path of the project, invisibly.
#' @seealso [check_stated_figures()], [grade_projects()].
#' @examples
#' projet <- create_project(file.path(tempdir(), "projetdupont"), author = "Jeanne Dupont")
#' dir(projet, recursive = TRUE)
#' @export
create_project <- function(path, author = "Pr\u00e9nom Nom", rstudio_project = TRUE, ...) {
  call <- sys.call()
  if (!is.character(path) || length(path) != 1L || is.na(path) || !nzchar(path))
    sds_abort(gettextf("'path' must be the path of the folder to create, not %s",
                       format_value(path), domain = "R-sdsante"), call)
  if (dir.exists(path) && length(dir(path, all.files = TRUE, no.. = TRUE)) > 0L)
    sds_abort(gettextf("the folder %s already exists and is not empty: choose another one",
                       path, domain = "R-sdsante"), call)
  if (!is.character(author) || length(author) != 1L || is.na(author) || !nzchar(trimws(author)))
    sds_abort(gettextf("'author' must be the student's name, not %s", format_value(author),
                       domain = "R-sdsante"), call)
  check_flag(rstudio_project, "rstudio_project", call)
  name <- package_name(basename(path), call)
  skeleton <- system.file("rmarkdown", "templates", "rapport-sdsante", "skeleton",
                          package = "sdsante")
  dir.create(path, recursive = TRUE, showWarnings = FALSE)
  for (d in c("R", "man", "inst/extdata", "vignettes", "tests/testthat"))
    dir.create(file.path(path, d), recursive = TRUE, showWarnings = FALSE)
  file.copy(file.path(skeleton, "pima.csv"), file.path(path, "inst", "extdata", "pima.csv"))
  files <- project_files(name, author, skeleton)
  if (rstudio_project) files[[paste0(name, ".Rproj")]] <- project_rproj()
  for (f in names(files))
    writeLines(enc2utf8(files[[f]]), file.path(path, f), useBytes = TRUE)
  message(gettextf("Project %s created in %s: the report is vignettes/rapport.Rmd, the TD's answers inst/reponses-td.R; check it with R CMD check (RStudio: Build > Check)",
                   name, normalizePath(path), domain = "R-sdsante"))
  invisible(path)
}

# A valid package name from the folder's name: accents removed, only letters,
# digits and dots, starting with a letter.
package_name <- function(folder, call) {
  name <- iconv(enc2utf8(folder), "UTF-8", "ASCII//TRANSLIT", sub = "")
  name <- gsub("[^A-Za-z0-9.]", "", name)
  name <- sub("^[^A-Za-z]+", "", sub("\\.+$", "", name))
  if (nchar(name) < 2L)
    sds_abort(gettextf("the folder's name %s gives no valid package name: use letters and digits, starting with a letter (e.g. projetdupont)",
                       dQuote(folder, FALSE), domain = "R-sdsante"), call)
  name
}

project_files <- function(name, author, skeleton) {
  words <- strsplit(trimws(author), "[[:space:]]+")[[1]]
  given <- if (length(words) > 1L) paste(words[-length(words)], collapse = " ") else words
  family <- words[length(words)]
  description <- c(
    paste0("Package: ", name),
    "Type: Package",
    "Title: Projet de Science des Donnees pour la Sante",
    "Version: 0.1.0",
    sprintf('Authors@R: person("%s", "%s", email = "etudiant@example.org", role = c("aut", "cre"))',
            given, family),
    "Description: Le projet du cours de science des donnees pour la sante: les",
    "    donnees, leur lecture, des regles, une matrice de confusion, une courbe ROC",
    "    et des groupes par les k-moyennes, dans un rapport dont les chiffres sont",
    "    verifies par les tests.",
    "License: GPL (>= 2)",
    "Encoding: UTF-8",
    "Depends: R (>= 4.2)",
    "Imports: sdsante, utils",
    "Suggests: knitr, rmarkdown, testthat (>= 3.0.0)",
    "VignetteBuilder: knitr",
    "Config/testthat/edition: 3")
  # The report: the R Markdown template's, as a vignette that reads the
  # package's data file.
  report <- read_utf8(file.path(skeleton, "skeleton.Rmd"))
  header <- which(report == "---")
  reading <- grep('^fichier <- "pima.csv"$', report)
  stopifnot(length(header) >= 2L, length(reading) == 1L)
  report[reading] <- sprintf('fichier <- system.file("extdata", "pima.csv", package = "%s")', name)
  title <- grep("^title:", report[seq_len(header[2L])], value = TRUE)
  report <- c("---", title, sprintf('author: "%s"', author),
              "output: rmarkdown::html_vignette",
              "vignette: >",
              "  %\\VignetteIndexEntry{Rapport de projet}",
              "  %\\VignetteEngine{knitr::rmarkdown}",
              "  %\\VignetteEncoding{UTF-8}",
              "---",
              report[-seq_len(header[2L])])
  # The other files: inst/rstudio/templates/project/projet-sdsante, with the
  # package's name in place of {{package}}.
  template <- system.file("rstudio", "templates", "project", "projet-sdsante", package = "sdsante")
  paths <- dir(template, recursive = TRUE, all.files = TRUE)
  files <- lapply(paths, function(f) gsub("{{package}}", name, read_utf8(file.path(template, f)),
                                          fixed = TRUE))
  names(files) <- paths
  files[["inst/reponses-td.R"]] <- c(files[["inst/reponses-td.R"]], td_answer_questions())
  c(files, list(
    DESCRIPTION = description,
    NAMESPACE = c("export(lire_donnees)", "importFrom(sdsante, confusion_matrix)",
                  "importFrom(utils, read.csv)"),
    .Rbuildignore = c("^.*\\.Rproj$", "^\\.Rproj\\.user$"),
    .gitignore = c(".Rproj.user", ".Rhistory", ".RData", "inst/doc"),
    "vignettes/rapport.Rmd" = report))
}

read_utf8 <- function(file) readLines(file, encoding = "UTF-8", warn = FALSE)

# The TD's questions, one object each, for the student to fill in (in the
# session's language).
td_answer_questions <- function() {
  td <- Filter(function(q) "td" %in% q$tutorials, question_list())
  td <- td[order(vapply(td, `[[`, 0, "exercise"))]
  unlist(lapply(td, function(q) c("", sprintf("# %s (%s) : %s",
                                               gettextf("Exercise %d", as.integer(q$exercise), domain = "R-sdsante"),
                                               sprintf(ngettext(q$points, "%s point", "%s points", domain = "R-sdsante"),
                                                       format(q$points)), q$object),
                                    sprintf("# %s <- ", q$id))), use.names = FALSE)
}

project_rproj <- function() {
  c("Version: 1.0", "", "RestoreWorkspace: No", "SaveWorkspace: No", "AlwaysSaveHistory: No",
    "", "Encoding: UTF-8", "", "AutoAppendNewline: Yes", "StripTrailingWhitespace: Yes", "",
    "BuildType: Package", "PackageUseDevtools: Yes", "PackageInstallArgs: --no-multiarch --with-keep.source",
    "PackageCheckArgs: --no-manual")
}
