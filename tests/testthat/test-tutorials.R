# The learnr tutorials: every one renders, and every exercise's check passes
# its own solution and fails typical wrong answers with the right French
# feedback.

# Typical wrong answers of each question, with what the French feedback must
# say.  R code, or SQL for the sql_* questions, run where the exercise runs.
wrong_answers <- list(
  modele = list(
    c('rule_list(visages >= 2 ~ "Personnages", yeux >= 1 & yeux <= 2 ~ "Portrait", .default = "Paysage")',
      "dans l'autre ordre"),
    c('rule_list(yeux >= 1 ~ "Portrait", visages >= 2 ~ "Personnages", .default = "Paysage")',
      "autrement"),
    c('confusion_matrix(apprentissage$classe, apprentissage$classe)', "liste de règles")),
  cm_apprentissage = list(
    c('confusion_matrix(predict(modele, apprentissage), apprentissage$classe, levels = c("Portrait", "Personnages", "Paysage"))', "transposée"),
    c("confusion_matrix(test$classe, predict(modele, test))", "ensemble de test"),
    c('confusion_matrix(factor(apprentissage$classe, levels = c("Paysage", "Personnages", "Portrait")), factor(predict(modele, apprentissage), levels = c("Paysage", "Personnages", "Portrait")))',
      "dans un autre ordre")),
  cm_test = list(
    c('confusion_matrix(predict(modele, test), test$classe, levels = c("Portrait", "Personnages", "Paysage"))', "transposée"),
    c("confusion_matrix(apprentissage$classe, predict(modele, apprentissage))",
      "ensemble d'apprentissage"),
    c('table(factor(test$classe, levels = c("Paysage", "Personnages", "Portrait")), factor(predict(modele, test), levels = c("Paysage", "Personnages", "Portrait")))',
      "dans un autre ordre")),
  mal_classes = list(
    c("c(2, 6)", "identifiants"),
    c('c("002", "006", "018", "020")', "tableaux de test"),
    c('"002"', "2 tableaux")),
  inverse = list(
    c('rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages", .default = "Paysage")',
      "dans l'ordre des diapositives"),
    c('rule_list(visages >= 3 ~ "Personnages", yeux >= 1 & yeux <= 2 ~ "Portrait", .default = "Paysage")',
      "autrement")),
  sensibilite = list(
    c("1", "spécificité ou la valeur prédictive positive"),
    c("50", "pourcentage"),
    c("0.8", "apprentissage")),
  specificite = list(
    c("0.5", "c'est la sensibilité"),
    c("100", "pourcentage")),
  meilleure_somme = list(
    c("{set.seed(2024); k_means(points, k = 4, nstart = 10)$tot.withinss}", "k = 4"),
    c("{set.seed(2024); k_means(rbind(points, points_test), k = 3, nstart = 10)$tot.withinss}",
      "le test a servi"),
    c("{set.seed(1); k_means(points, k = 3, nstart = 1)$tot.withinss}", "minimum local")),
  groupes = list(
    c("{set.seed(2024); k_means(rbind(points, points_test), k = 3, nstart = 10)}",
      "le test a servi à l'apprentissage"),
    c("{set.seed(1); k_means(points, k = 3, nstart = 10)}", "autre graine"),
    c("{set.seed(2024); k_means(points, k = 3, nstart = 1)}", "minimum local"),
    c("{set.seed(2024); k_means(points, k = 2, nstart = 10)}", "2 groupes au lieu de 3"),
    c("{set.seed(2024); stats::kmeans(points, 3, nstart = 10)}", "par une autre fonction")),
  groupe_test = list(
    c("{set.seed(2024); k_means(points_test, k = 3, nstart = 10)$cluster}",
      "le test a servi à l'apprentissage"),
    c("{set.seed(2024); k_means(points, k = 3, nstart = 10)$cluster}", "tableaux d'apprentissage"),
    c("{set.seed(1); predict(k_means(points, k = 3, nstart = 10), points_test)}", "autre graine")),
  cm_glu = list(
    c('confusion_matrix(Pima.tr$type, predict(rule_list(glu >= 130 ~ "Yes", .default = "No"), Pima.tr), positive = "Yes")',
      "Pima.tr"),
    c('confusion_matrix(predict(rule_list(glu >= 130 ~ "Yes", .default = "No"), Pima.te), Pima.te$type, positive = "Yes", levels = c("No", "Yes"))',
      "transposée"),
    c('confusion_matrix(Pima.te$type, predict(rule_list(glu >= 130 ~ "Yes", .default = "No"), Pima.te), positive = "No")',
      "classe positive")),
  auc_glu = list(
    c('roc_curve(Pima.te$type, Pima.te$glu, positive = "No")$auc', "inférieure à 0,5"),
    c('roc_curve(Pima.tr$type, Pima.tr$glu, positive = "Yes")$auc', "Pima.tr"),
    c('100 * roc_curve(Pima.te$type, Pima.te$glu, positive = "Yes")$auc', "pourcentage")),
  profils = list(
    c('{set.seed(3); k_means(Pima.tr[c("npreg", "glu", "bp", "skin", "bmi", "ped", "age")], k = 3, nstart = 20)}',
      "oublié de standardiser"),
    c('{set.seed(4); k_means(Pima.tr[c("npreg", "glu", "bp", "skin", "bmi", "ped", "age")], k = 3, nstart = 20, standardize = TRUE)}',
      "autre graine"),
    c('{set.seed(3); k_means(data.frame(Pima.tr[c("npreg", "glu", "bp", "skin", "bmi", "ped", "age")], type = as.numeric(Pima.tr$type)), k = 3, nstart = 20, standardize = TRUE)}',
      "diagnostic")),
  lu_fr = list(
    c('read.csv(system.file("extdata", "descripteurs-fr.csv", package = "sdsante"), sep = ";")',
      "virgule décimale"),
    c('read.csv2(system.file("extdata", "descripteurs-fr.csv", package = "sdsante"))', "colClasses"),
    c('read.csv2(system.file("extdata", "descripteurs-fr.csv", package = "sdsante"), colClasses = c(id = "character"))',
      "facteur")),
  sql_portraits = list(
    c("SELECT id FROM tableaux WHERE yeux >= 1", "borne supérieure"),
    c("SELECT id FROM tableaux WHERE yeux > 1 AND yeux <= 2", "bornes sont comprises"),
    c("SELECT yeux FROM tableaux", "colonne id")),
  sql_modele = list(
    c("SELECT id, CASE WHEN visages >= 2 THEN 'Personnages' WHEN yeux >= 1 AND yeux <= 2 THEN 'Portrait' ELSE 'Paysage' END AS modele FROM tableaux",
      "dans l'autre ordre"),
    c("SELECT id, CASE WHEN yeux >= 1 AND yeux <= 2 THEN 'Portrait' WHEN visages >= 2 THEN 'Personnages' END AS modele FROM tableaux",
      "ELSE"),
    c("SELECT id, CASE WHEN yeux >= 1 AND yeux <= 2 THEN 'Portrait' ELSE 'Paysage' END AS modele FROM tableaux WHERE ensemble = 'test'",
      "manquent"))
)

# Every exercise with a check: its label, engine, question and solution.
tutorial_exercises <- function(chunks) {
  labels <- vapply(chunks, `[[`, "", "label")
  exercises <- Filter(function(ch) grepl("exercise\\s*=\\s*TRUE", ch$options), chunks)
  out <- lapply(exercises, function(ch) {
    check <- chunks[[match(paste0(ch$label, "-check"), labels)]]
    if (is.null(check) || is.na(match(paste0(ch$label, "-check"), labels))) return(NULL)
    solution <- chunks[[match(paste0(ch$label, "-solution"), labels)]]
    setup <- sub('.*exercise\\.setup\\s*=\\s*"([^"]+)".*', "\\1", ch$options)
    list(label = ch$label, engine = ch$engine, question = eval(parse(text = check$code)),
         solution = solution$code, setup = if (setup == ch$options) NULL else setup,
         hint = any(startsWith(labels, paste0(ch$label, "-hint"))))
  })
  Filter(Negate(is.null), out)
}

test_that("every exercise's check passes its solution and fails typical wrong answers in French", {
  need_package("learnr")
  need_package("MASS")
  need_package("DBI")
  need_package("RSQLite")
  old <- Sys.setLanguage("fr")
  on.exit(Sys.setLanguage(old), add = TRUE)
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off(), add = TRUE)
  seen <- character()
  for (dir in tutorial_dirs()) {
    chunks <- rmd_chunks(file.path(dir, paste0(basename(dir), ".Rmd")))
    exercises <- tutorial_exercises(chunks)
    expect_gt(length(exercises), 1L)
    for (ex in exercises) {
      where <- paste(basename(dir), ex$label)
      expect_true(ex$hint, info = where)
      expect_true(ex$question %in% td_questions()$question, info = where)
      env <- tutorial_env(chunks, ex$setup)
      right <- tutorial_checker(check_code = deparse(ex$question),
                                last_value = answer_value(ex$solution, ex$engine, env),
                                user_code = ex$solution, stage = "check")
      expect_true(right$correct, info = paste(where, right$message))
      expect_match(right$message, "!$", info = where)
      wrong <- wrong_answers[[ex$question]]
      expect_gte(length(wrong), 2L)
      for (w in wrong) {
        # a wrong answer may already draw the package's own warning (a column
        # that makes the groups alone, when the student forgot to standardize)
        value <- withCallingHandlers(answer_value(w[1], ex$engine, env), warning = function(cnd)
          if (grepl("standardize = TRUE", conditionMessage(cnd), fixed = TRUE))
            invokeRestart("muffleWarning"))
        feedback <- tutorial_checker(check_code = deparse(ex$question), last_value = value,
                                     user_code = w[1], stage = "check")
        expect_false(feedback$correct, info = paste(where, w[1]))
        expect_match(feedback$message, w[2], fixed = TRUE, info = paste(where, w[1]))
      }
      if (ex$engine == "sql") DBI::dbDisconnect(env$con)
      seen <- c(seen, ex$question)
    }
  }
  # Every tutorial question is asked by some exercise.
  expect_setequal(unique(seen), td_questions()$question)
})

# The page that the browser gets: the prerendered server code (which holds
# the exercises' code for the R process) is not sent to it.
browser_text <- function(html) {
  text <- paste(readLines(html, encoding = "UTF-8", warn = FALSE), collapse = "\n")
  gsub('(?s)<script type="application/shiny-prerendered".*?</script>', "", text, perl = TRUE)
}

html_escape <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  x <- gsub(">", "&gt;", x, fixed = TRUE)
  gsub("\"", "&quot;", x, fixed = TRUE)
}

render_tutorial <- function(dir, solutions) {
  work <- tempfile("tutorial-")
  dir.create(work)
  file.copy(dir, work, recursive = TRUE)
  rmd <- file.path(work, basename(dir), paste0(basename(dir), ".Rmd"))
  callr::r(function(rmd) rmarkdown::render(rmd, quiet = TRUE), list(rmd),
           env = c(callr::rcmd_safe_env(), SDSANTE_SOLUTIONS = tolower(solutions)))
}

test_that("every tutorial renders, in French, with its description and its solutions hidden", {
  need_package("learnr")
  need_package("MASS")
  need_package("DBI")
  need_package("RSQLite")
  need_package("callr")
  dirs <- tutorial_dirs()
  expect_setequal(names(dirs), c("apprentissage-supervise", "apprentissage-non-supervise",
                                 "sante", "sql", "td"))
  for (dir in dirs) {
    name <- basename(dir)
    html <- render_tutorial(dir, solutions = FALSE)
    raw <- paste(readLines(html, encoding = "UTF-8", warn = FALSE), collapse = "\n")
    text <- browser_text(html)
    expect_true(grepl("\\\"language\\\":\\\"fr\\\"", raw, fixed = TRUE), info = name)
    expect_true(grepl("tutorial-exercise", text, fixed = TRUE), info = name)
    # A solution's last line appears in the page only with solutions = TRUE
    # (checked on the TD, rendered both ways).
    chunks <- rmd_chunks(file.path(dir, paste0(name, ".Rmd")))
    others <- unlist(lapply(Filter(function(ch) !endsWith(ch$label, "-solution"), chunks), `[[`, "code"))
    solutions <- Filter(function(ch) endsWith(ch$label, "-solution"), chunks)
    lines <- vapply(solutions, function(ch) {
      code <- ch$code[nzchar(trimws(ch$code)) & !ch$code %in% others]
      if (length(code)) html_escape(code[1]) else NA_character_
    }, "")
    lines <- lines[!is.na(lines)]
    expect_gt(length(lines), 0L)
    for (line in lines) expect_false(grepl(line, text, fixed = TRUE), info = paste(name, line))
    if (name == "td") {
      shown <- browser_text(render_tutorial(dir, solutions = TRUE))
      for (line in lines) expect_true(grepl(line, shown, fixed = TRUE), info = paste(name, line))
    }
  }
  info <- learnr::available_tutorials("sdsante")
  expect_setequal(info$name, names(dirs))
  expect_true(all(nzchar(info$description)))
})

test_that("the checker works once deparsed and evaluated elsewhere, as learnr keeps it", {
  # tutorial_options(exercise.checker = ) stores the function as code.
  checker <- eval(parse(text = deparse(tutorial_checker)), envir = new.env(parent = baseenv()))
  test <- tableaux[tableaux$ensemble == "test", ]
  modele <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                      .default = "Paysage")
  right <- checker(check_code = '"cm_test"', user_code = "cm",
                   last_value = confusion_matrix(test$classe, predict(modele, test)), stage = "check")
  expect_true(right$correct)
  wrong <- checker(check_code = '"cm_test"', user_code = "cm",
                   last_value = confusion_matrix(predict(modele, test), test$classe,
                                                 levels = c("Portrait", "Personnages", "Paysage")),
                   stage = "check")
  expect_false(wrong$correct)
  expect_match(wrong$message, "transpos", fixed = TRUE)
  expect_null(checker(check_code = '"cm_test"', last_value = 1, stage = "code_check"))
})
