# The student's project as created, the stated figures of a report, and a
# student's script checked with points per question.  (R CMD check of a
# project made from the template: test-grader.R.)

skeleton_dir <- function() {
  system.file("rmarkdown", "templates", "rapport-sdsante", "skeleton", package = "sdsante")
}

test_that("create_project() writes a small package with the report as a vignette", {
  path <- file.path(tempfile("projets-"), "Projet Dupont-\u00c9va")
  expect_message(create_project(path, author = "Jeanne Dupont"), "ProjetDupontEva")
  files <- dir(path, recursive = TRUE, all.files = TRUE)
  expect_true(all(c("DESCRIPTION", "NAMESPACE", "R/donnees.R", "man/lire_donnees.Rd",
                    "inst/extdata/pima.csv", "vignettes/rapport.Rmd", "tests/testthat.R",
                    "tests/testthat/test-rapport.R", "inst/reponses-td.R",
                    "ProjetDupontEva.Rproj", ".Rbuildignore") %in% files))
  description <- read.dcf(file.path(path, "DESCRIPTION"))
  expect_identical(unname(description[, "Package"]), "ProjetDupontEva")
  expect_match(description[, "Imports"], "sdsante")
  expect_match(description[, "Authors@R"], '"Jeanne", "Dupont"', fixed = TRUE)
  report <- readLines(file.path(path, "vignettes", "rapport.Rmd"), encoding = "UTF-8")
  expect_true(any(grepl('system.file("extdata", "pima.csv", package = "ProjetDupontEva")', report,
                        fixed = TRUE)))
  expect_true(any(grepl("VignetteIndexEntry", report)))
  expect_false(any(grepl("{{package}}", unlist(lapply(file.path(path, files), readLines, warn = FALSE)),
                         fixed = TRUE)))
  answers <- readLines(file.path(path, "inst", "reponses-td.R"), encoding = "UTF-8")
  for (id in td_questions("td")$question) expect_true(any(startsWith(answers, paste0("# ", id, " <- "))))
  expect_error(create_project(path), "not empty")
  expect_error(create_project(file.path(tempdir(), "2024")), "no valid package name")
  expect_error(create_project(NA_character_), "'path'")
})

test_that("check_stated_figures() finds a wrong figure and says where, in French", {
  need_package("MASS")
  work <- tempfile("rapport-")
  dir.create(work)
  file.copy(dir(skeleton_dir(), full.names = TRUE), work)
  report <- file.path(work, "skeleton.Rmd")
  right <- check_stated_figures(report)
  expect_gte(nrow(right), 8L)
  expect_true(all(right$ok), info = paste(right$message, collapse = "\n"))
  # The example in the HTML comment is not a statement.
  lines <- readLines(report, encoding = "UTF-8")
  comment <- grep("{.chiffre code=\"sensibilite\"}", lines, fixed = TRUE)[1]
  expect_false(comment %in% right$line)
  # A wrong AUC, a wrong percentage, and a code that fails.
  auc <- grep("[0,797]{.chiffre", lines, fixed = TRUE)
  lines[auc] <- sub("[0,797]", "[0,812]", lines[auc], fixed = TRUE)
  spec <- grep("[85\u00a0%]{.chiffre", lines, fixed = TRUE)
  lines[spec] <- sub("[85\u00a0%]", "[58\u00a0%]", lines[spec], fixed = TRUE)
  lines <- c(lines, "Et [3]{.chiffre code=\"inconnu + 1\"}.")
  writeLines(lines, report, useBytes = TRUE)
  old <- Sys.setLanguage("fr")
  on.exit(Sys.setLanguage(old), add = TRUE)
  wrong <- check_stated_figures(report)
  expect_identical(wrong$line[!wrong$ok], c(spec, auc, length(lines)))
  expect_match(wrong$message[wrong$line == auc],
               sprintf("skeleton.Rmd, ligne %d\u00a0: le rapport annonce 0,812 mais son code (roc_glu$auc) calcule 0,797", auc),
               fixed = TRUE)
  expect_match(wrong$message[wrong$line == spec], "annonce 58\u00a0%", fixed = TRUE)
  expect_match(wrong$message[wrong$line == length(lines)], "inconnu", fixed = TRUE)
  expect_output(print(wrong), "3 faux")
  # A chunk that stops: every figure says so, with the chunk's lines.
  lines[grep("^regle <- rule_list", lines)] <- "regle <- stop('cassé')"
  writeLines(lines, report, useBytes = TRUE)
  broken <- check_stated_figures(report)
  expect_match(attr(broken, "error"), "skeleton.Rmd, lignes [0-9]+-[0-9]+\u00a0: cass")
  expect_false(any(broken$ok[broken$line > grep("^regle <- ", lines)]))
})

test_that("check_script() gives points per question, also when the script stops or loops", {
  need_package("MASS")
  script <- tempfile(fileext = ".R")
  writeLines(c("library(sdsante)",
               "test <- tableaux[tableaux$ensemble == 'test', ]",
               "modele <- rule_list(yeux >= 1 & yeux <= 2 ~ 'Portrait', visages >= 2 ~ 'Personnages', .default = 'Paysage')",
               "cm_test <- confusion_matrix(test$classe, predict(modele, test))",
               "sensibilite <- 50",
               "stop('oops')",
               "specificite <- 1"), script)
  old <- Sys.setLanguage("fr")
  on.exit(Sys.setLanguage(old), add = TRUE)
  grade <- check_script(script, timeout = 60)
  expect_s3_class(grade, "sdsante_grade")
  expect_identical(grade$points[grade$question == "cm_test"], 2)
  expect_match(grade$feedback[grade$question == "sensibilite"], "pourcentage")
  expect_match(grade$feedback[grade$question == "specificite"], "ne crée pas l'objet specificite")
  expect_match(attr(grade, "error"), "oops")
  expect_output(print(grade), "Total\u00a0: 2/18")
  need_package("callr")
  loop <- tempfile(fileext = ".R")
  writeLines(c("cm_test <- 1", "while (TRUE) {}"), loop)
  looping <- check_script(loop, timeout = 5)
  expect_match(attr(looping, "error"), "5 secondes")
  expect_identical(sum(looping$points), 0)
  expect_error(check_script(tempfile()), "'file'")
})
