# The student's project made from the template, and the teacher's grader on
# made-up submissions.  These run R CMD build and R CMD check (about three
# minutes): with SDSANTE_TEACHING_CHECKS=true (tools/check.sh sets it, so
# that they run in CI), otherwise they are skipped with a message.

skip_unless_teaching_checks <- function() {
  if (!identical(Sys.getenv("SDSANTE_TEACHING_CHECKS"), "true"))
    skip("R CMD check-based tests: set SDSANTE_TEACHING_CHECKS=true to run them")
  for (pkg in c("callr", "processx", "knitr", "rmarkdown", "MASS")) need_package(pkg)
}

# The TD's answers, all right.
right_answers <- c(
  "library(sdsante)",
  "library(MASS)",
  "apprentissage <- tableaux[tableaux$ensemble == 'apprentissage', ]",
  "test <- tableaux[tableaux$ensemble == 'test', ]",
  "modele <- rule_list(yeux >= 1 & yeux <= 2 ~ 'Portrait', visages >= 2 ~ 'Personnages', .default = 'Paysage')",
  "inverse <- rule_list(visages >= 2 ~ 'Personnages', yeux >= 1 & yeux <= 2 ~ 'Portrait', .default = 'Paysage')",
  "cm_test <- confusion_matrix(test$classe, predict(modele, test))",
  "sensibilite <- 1 / 2",
  "specificite <- 4 / 4",
  "points <- descripteurs[descripteurs$ensemble == 'apprentissage', c('d1', 'd2')]",
  "points_test <- descripteurs[descripteurs$ensemble == 'test', c('d1', 'd2')]",
  "set.seed(2024)",
  "groupes <- k_means(points, k = 3, nstart = 10)",
  "meilleure_somme <- groupes$tot.withinss",
  "groupe_test <- predict(groupes, points_test)",
  "cm_glu <- confusion_matrix(Pima.te$type, predict(rule_list(glu >= 130 ~ 'Yes', .default = 'No'), Pima.te), positive = 'Yes')",
  "auc_glu <- roc_curve(Pima.te$type, Pima.te$glu, positive = 'Yes')$auc",
  "set.seed(3)",
  "profils <- k_means(Pima.tr[c('npreg', 'glu', 'bp', 'skin', 'bmi', 'ped', 'age')], k = 3, nstart = 20, standardize = TRUE)",
  "lu_fr <- read.csv2(system.file('extdata', 'descripteurs-fr.csv', package = 'sdsante'), colClasses = c(id = 'character'))",
  "lu_fr$classe <- factor(lu_fr$classe, levels = c('Portrait', 'Personnages', 'Paysage'))",
  "lu_fr$ensemble <- factor(lu_fr$ensemble, levels = c('apprentissage', 'test'))")

make_submissions <- function(depot) {
  dir.create(depot)
  quietly <- function(code) suppressMessages(code)
  # 1. correct: the template as created, with the TD answered.
  quietly(create_project(file.path(depot, "dupont"), author = "Jeanne Dupont"))
  writeLines(right_answers, file.path(depot, "dupont", "inst", "reponses-td.R"))
  # 2. a wrong stated figure (the AUC), handed in as a tarball; one TD answer transposed.
  quietly(create_project(file.path(depot, "martin"), author = "Paul Martin"))
  report <- file.path(depot, "martin", "vignettes", "rapport.Rmd")
  lines <- readLines(report, encoding = "UTF-8")
  line <- grep("[0,797]{.chiffre", lines, fixed = TRUE)
  lines[line] <- sub("[0,797]", "[0,812]", lines[line], fixed = TRUE)
  writeLines(lines, report, useBytes = TRUE)
  writeLines(sub("confusion_matrix(test$classe, predict(modele, test))",
                 'confusion_matrix(predict(modele, test), test$classe, levels = c("Portrait", "Personnages", "Paysage"))', right_answers, fixed = TRUE),
             file.path(depot, "martin", "inst", "reponses-td.R"))
  old <- setwd(depot)
  utils::tar("martin.tar.gz", files = "martin", compression = "gzip", tar = "internal")
  setwd(old)
  unlink(file.path(depot, "martin"), recursive = TRUE)
  # 3. does not build: a syntax error in its R code.
  quietly(create_project(file.path(depot, "durand"), author = "Marie Durand"))
  writeLines("lire_donnees <- function( {", file.path(depot, "durand", "R", "donnees.R"))
  # 4. an infinite loop when the package is loaded.
  quietly(create_project(file.path(depot, "bernard"), author = "Luc Bernard"))
  writeLines("while (TRUE) {}", file.path(depot, "bernard", "R", "boucle.R"))
  # 5. not a package.
  writeLines("mon rapport", file.path(depot, "petit.txt"))
  line
}

test_that("the grader gives the expected table on five made-up submissions, in French", {
  skip_unless_teaching_checks()
  depot <- tempfile("depot-")
  line <- make_submissions(depot)
  before <- sort(dir(depot, recursive = TRUE, all.files = TRUE))
  out <- tempfile("notes-")
  old <- Sys.setLanguage("fr")
  on.exit(Sys.setLanguage(old), add = TRUE)
  elapsed <- system.time(
    grades <- grade_projects(depot, output_dir = out, timeout = 150, quiet = TRUE))[["elapsed"]]
  grades <- grades[order(grades$submission), ]
  expect_identical(grades$submission,
                   c("bernard", "dupont", "durand", "martin.tar.gz", "petit.txt"))
  row <- function(name) as.list(grades[grades$submission == name, ])
  # The project as created passes R CMD check, its tests and the TD answers.
  dupont <- row("dupont")
  expect_identical(dupont$status, "OK", info = dupont$reasons)
  expect_identical(c(dupont$errors, dupont$warnings, dupont$notes, dupont$tests_failed), c(0L, 0L, 0L, 0L))
  expect_gt(dupont$tests_passed, 0L)
  expect_identical(dupont$exercises_right, "11/11")
  expect_equal(dupont$points, 20)
  expect_identical(dupont$reasons, "")
  # A wrong stated figure: the check fails, says where, and the points lost.
  martin <- row("martin.tar.gz")
  expect_identical(martin$status, "ERROR")
  expect_identical(martin$tests_failed, 1L)
  expect_identical(martin$exercises_right, "10/11")
  expect_match(martin$reasons, sprintf("rapport.Rmd, ligne %d", line), fixed = TRUE)
  expect_match(martin$reasons, "0,812", fixed = TRUE)
  expect_match(martin$reasons, "cm_test : la matrice est transposée", fixed = TRUE)
  expect_lt(martin$points, 20)
  expect_gt(martin$points, 15)
  # Does not build, loops forever, not a package: graded as such, 0 points.
  expect_identical(row("durand")$status, "ne se construit pas")
  expect_identical(row("bernard")$status, "temps dépassé")
  expect_identical(row("petit.txt")$status, "pas un package")
  expect_equal(grades$points[grades$submission %in% c("durand", "bernard", "petit.txt")], c(0, 0, 0))
  expect_lt(elapsed, 150 * 5)
  # The files, and nothing changed in the submissions' folder.
  csv <- utils::read.csv(file.path(out, "notes.csv"), encoding = "UTF-8", stringsAsFactors = FALSE)
  expect_identical(sort(csv$submission), grades$submission)
  html <- readLines(file.path(out, "notes.html"), encoding = "UTF-8")
  expect_true(any(grepl("<th>Raisons</th>", html, fixed = TRUE)))
  expect_true(any(grepl("temps dépassé", html, fixed = TRUE)))
  expect_identical(sort(dir(depot, recursive = TRUE, all.files = TRUE)), before)
})
