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
create_project <- function(path, author = "Prénom Nom", rstudio_project = TRUE, ...) {
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
  report <- readLines(file.path(skeleton, "skeleton.Rmd"), encoding = "UTF-8")
  header_end <- which(report == "---")[2L]
  reading <- grep('^fichier <- "pima.csv"$', report)
  stopifnot(length(header_end) == 1L, length(reading) == 1L)
  report[reading] <- sprintf('fichier <- system.file("extdata", "pima.csv", package = "%s")', name)
  report <- c("---",
              'title: "Projet : dépister le diabète chez les femmes pima"',
              sprintf('author: "%s"', author),
              "output: rmarkdown::html_vignette",
              "vignette: >",
              "  %\\VignetteIndexEntry{Rapport de projet}",
              "  %\\VignetteEngine{knitr::rmarkdown}",
              "  %\\VignetteEncoding{UTF-8}",
              "---",
              report[-seq_len(header_end)])
  list(
    DESCRIPTION = description,
    NAMESPACE = c("export(lire_donnees)", "importFrom(sdsante, confusion_matrix)",
                  "importFrom(utils, read.csv)"),
    .Rbuildignore = c("^.*\\.Rproj$", "^\\.Rproj\\.user$"),
    .gitignore = c(".Rproj.user", ".Rhistory", ".RData", "inst/doc"),
    "R/donnees.R" = c(
      "#' Lire les données du projet",
      "#'",
      "#' @return Le data frame des patientes, avec la colonne `ensemble`.",
      "lire_donnees <- function() {",
      sprintf('  fichier <- system.file("extdata", "pima.csv", package = "%s")', name),
      "  read.csv(fichier, stringsAsFactors = TRUE)",
      "}"),
    "man/lire_donnees.Rd" = c(
      "\\name{lire_donnees}",
      "\\alias{lire_donnees}",
      "\\title{Lire les donnees du projet}",
      "\\usage{lire_donnees()}",
      "\\value{Le data frame des patientes, avec la colonne \\code{ensemble}.}",
      "\\description{Lit le fichier \\code{inst/extdata/pima.csv} du projet.}",
      "\\examples{str(lire_donnees())}"),
    "vignettes/rapport.Rmd" = report,
    "tests/testthat.R" = c(
      "# Les messages des tests en français.",
      'Sys.setenv(LANGUAGE = "fr")',
      "library(testthat)",
      sprintf("library(%s)", name),
      sprintf('test_check("%s")', name)),
    "tests/testthat/test-rapport.R" = project_test(name),
    "inst/reponses-td.R" = td_answer_template())
}

project_test <- function(name) {
  c("# Les chiffres annoncés dans le rapport (vignettes/rapport.Rmd), écrits",
    '# [0,797]{.chiffre code="roc_glu$auc"}, doivent être ceux que son code calcule.',
    "",
    "# Le rapport : celui des sources (devtools::test()), ou celui installé avec le",
    "# package construit (R CMD check).",
    "trouver_rapport <- function() {",
    '  sources <- test_path("..", "..", "vignettes", "rapport.Rmd")',
    "  if (file.exists(sources)) return(sources)",
    sprintf('  system.file("doc", "rapport.Rmd", package = "%s")', name),
    "}",
    "",
    'test_that("le rapport est là et son code tourne", {',
    "  rapport <- trouver_rapport()",
    '  expect(nzchar(rapport), "rapport.Rmd introuvable : construisez le package avec ses vignettes")',
    "  chiffres <- sdsante::check_stated_figures(rapport)",
    '  expect(is.null(attr(chiffres, "error")), paste(attr(chiffres, "error"), ""))',
    '  expect(nrow(chiffres) > 0, "le rapport n\'annonce aucun chiffre")',
    "})",
    "",
    'test_that("les chiffres annoncés dans le rapport sont ceux que le code calcule", {',
    "  chiffres <- sdsante::check_stated_figures(trouver_rapport())",
    "  for (i in seq_len(nrow(chiffres))) expect(chiffres$ok[i], chiffres$message[i])",
    "})",
    "",
    'test_that("les données se lisent", {',
    "  donnees <- lire_donnees()",
    "  expect_equal(nrow(donnees), 532)",
    '  expect_setequal(levels(donnees$type), c("No", "Yes"))',
    "})")
}

# The TD's questions, one object each, for the student to fill in.
td_answer_template <- function() {
  questions <- question_list()
  td <- Filter(function(q) "td" %in% q$tutorials, questions)
  c("# Réponses au TD. Chaque réponse est un objet du nom indiqué ;",
    "# sdsante::check_script(\"inst/reponses-td.R\") les vérifie et donne les points.",
    "library(sdsante)",
    "apprentissage <- tableaux[tableaux$ensemble == \"apprentissage\", ]",
    "test <- tableaux[tableaux$ensemble == \"test\", ]",
    "modele <- rule_list(yeux >= 1 & yeux <= 2 ~ \"Portrait\",",
    "                    visages >= 2 ~ \"Personnages\",",
    "                    .default = \"Paysage\")",
    "points <- descripteurs[descripteurs$ensemble == \"apprentissage\", c(\"d1\", \"d2\")]",
    "points_test <- descripteurs[descripteurs$ensemble == \"test\", c(\"d1\", \"d2\")]",
    "library(MASS)",
    unlist(lapply(td, function(q) c("", sprintf("# Exercice %d (%s point%s) : %s", as.integer(q$exercise),
                                                 format(q$points), if (q$points > 1) "s" else "",
                                                 q$object),
                                    sprintf("# %s <- ", q$id)))))
}

project_rproj <- function() {
  c("Version: 1.0", "", "RestoreWorkspace: No", "SaveWorkspace: No", "AlwaysSaveHistory: No",
    "", "Encoding: UTF-8", "", "AutoAppendNewline: Yes", "StripTrailingWhitespace: Yes", "",
    "BuildType: Package", "PackageUseDevtools: Yes", "PackageInstallArgs: --no-multiarch --with-keep.source",
    "PackageCheckArgs: --no-manual")
}
