# Answer checks: the same checks in the learnr tutorials (tutorial_checker()),
# on one answer (check_answer()) and on a student's script (check_script()).
# The questions and what each check diagnoses are in grading_questions.R and
# grading_diagnose.R.

#' The questions that the answer checks know
#'
#' Each question of the tutorials and of the TD is named after the object the
#' student creates: `cm_test` is the confusion matrix of the slides' model on
#' the test set, `groupes` the groups of the training paintings, and so on.
#' The same names are used in the tutorials' exercises, by [check_answer()],
#' by [check_script()] on a student's script and by [grade_projects()] on the
#' answer file of a student's project.
#'
#' @param tutorial `NULL` for every question, or the name of a tutorial
#'   (`"td"`, `"apprentissage-supervise"`, `"apprentissage-non-supervise"`,
#'   `"sante"`, `"sql"`) for its questions only.
#' @return A data frame with one row per question: `question` (the object's
#'   name), `tutorials`, `exercise` (the TD's exercise number), `points` and
#'   `object` (what the object holds, in the session's language).
#' @seealso [check_answer()], [check_script()].
#' @examples
#' td_questions("td")
#' @export
td_questions <- function(tutorial = NULL) {
  questions <- question_list()
  if (!is.null(tutorial)) {
    known <- unique(unlist(lapply(questions, `[[`, "tutorials")))
    check_choice(tutorial, known, "tutorial", sys.call())
    questions <- Filter(function(q) tutorial %in% q$tutorials, questions)
    questions <- questions[order(vapply(questions, `[[`, 0, "exercise"))]
  }
  data.frame(question = names(questions),
             tutorials = vapply(questions, function(q) paste(q$tutorials, collapse = ", "), ""),
             exercise = vapply(questions, `[[`, 0, "exercise"),
             points = vapply(questions, `[[`, 0, "points"),
             object = vapply(questions, `[[`, "", "object"),
             row.names = NULL, stringsAsFactors = FALSE)
}

#' Check one answer and say what is wrong
#'
#' Compares a student's answer with the one the package computes, and when it
#' is wrong says why in the session's language: a transposed confusion
#' matrix, classes in another order, the training set instead of the test
#' set, variables not standardised, another seed, the test set used for
#' learning, a percentage instead of a proportion...
#'
#' @param answer the student's object (a confusion matrix, a rule list,
#'   groups made by [k_means()], a number, a data frame, the result of an SQL
#'   query).
#' @param question the question's name, one of `td_questions()$question`.
#' @return An object of class `sdsante_check`: a list with `question`,
#'   `correct` (`TRUE` or `FALSE`), `points`, `max_points` and `feedback` (one
#'   sentence). It prints as one line.
#' @seealso [td_questions()], [check_script()], [tutorial_checker()].
#' @examples
#' test <- tableaux[tableaux$ensemble == "test", ]
#' modele <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                     visages >= 2 ~ "Personnages", .default = "Paysage")
#' check_answer(confusion_matrix(test$classe, predict(modele, test)), "cm_test")
#' # The truth and the model swapped (confusion_matrix() refuses a prediction as
#' # 'truth' unless the classes are given): the check says the matrix is transposed.
#' swapped <- confusion_matrix(predict(modele, test), test$classe,
#'                             levels = c("Portrait", "Personnages", "Paysage"))
#' check_answer(swapped, "cm_test")
#' @export
check_answer <- function(answer, question) {
  questions <- question_list()
  check_choice(question, names(questions), "question", sys.call())
  q <- questions[[question]]
  problem <- tryCatch(q$check(answer), error = function(e)
    gettextf("the answer could not be checked: %s", conditionMessage(e), domain = "R-sdsante"))
  new_check(question, is.null(problem), q$points, problem)
}

new_check <- function(question, correct, max_points, feedback) {
  if (is.null(feedback)) feedback <- gettext("right", domain = "R-sdsante")
  structure(list(question = question, correct = correct,
                 points = if (correct) max_points else 0, max_points = max_points,
                 feedback = feedback), class = "sdsante_check")
}

#' @export
print.sdsante_check <- function(x, ...) {
  cat(if (x$correct) "[OK] " else "[X]  ",
      gettextf("%s (%s/%s): %s", x$question, format(x$points), format(x$max_points), x$feedback,
               domain = "R-sdsante"), "\n", sep = "")
  invisible(x)
}

#' Check the answers of a student's script
#'
#' Runs a student's R script in a fresh session, then checks every object it
#' created whose name is a question of the tutorial (`cm_test`, `groupes`...,
#' see [td_questions()]). A script that stops with an error is graded on the
#' objects it created before the error; a script that runs longer than
#' `timeout` seconds is stopped.
#'
#' The script runs in a separate R process when the package callr is
#' installed (nothing it does can change the caller's session), otherwise in
#' a new environment of this session with an elapsed-time limit.
#'
#' @param file the student's script (`.R`).
#' @param tutorial the tutorial whose questions are checked (`"td"` by
#'   default).
#' @param timeout the time limit in seconds.
#' @return An object of class `sdsante_grade`: a data frame with one row per
#'   question (`question`, `exercise`, `points`, `max_points`, `correct`,
#'   `feedback`), with the script's error, if any, in `attr(, "error")`. It
#'   prints the feedback and the total.
#' @seealso [check_answer()], [grade_projects()].
#' @examples
#' script <- tempfile(fileext = ".R")
#' writeLines(c("library(sdsante)",
#'              "test <- tableaux[tableaux$ensemble == 'test', ]",
#'              "modele <- rule_list(yeux >= 1 & yeux <= 2 ~ 'Portrait',",
#'              "                    visages >= 2 ~ 'Personnages', .default = 'Paysage')",
#'              "cm_test <- confusion_matrix(test$classe, predict(modele, test))",
#'              "sensibilite <- 1"), script)
#' check_script(script, timeout = 30)
#' @export
check_script <- function(file, tutorial = "td", timeout = 60) {
  call <- sys.call()
  if (!is.character(file) || length(file) != 1L || !file.exists(file) || dir.exists(file))
    sds_abort(gettextf("'file' must be the path of an existing R script, not %s",
                       format_value(file), domain = "R-sdsante"), call)
  check_number(timeout, "timeout", call, lower = 0)
  ids <- td_questions(tutorial)$question
  run <- run_script(normalizePath(file), ids, timeout, env = NULL)
  checks <- lapply(ids, function(id) {
    if (!id %in% names(run$objects))
      return(new_check(id, FALSE, question_list()[[id]]$points,
                       gettextf("the script does not create the object %s", id,
                                domain = "R-sdsante")))
    check_answer(run$objects[[id]], id)
  })
  new_grade(checks, td_questions(tutorial), run$error, file)
}

# Source the script and keep the objects named after the questions.  `env`:
# environment variables of the separate R process (the grader's sandbox).
run_script <- function(file, ids, timeout, env = NULL) {
  worker <- function(file, ids) {
    env <- new.env(parent = globalenv())
    error <- NULL
    grDevices::pdf(NULL)
    tryCatch(sys.source(file, envir = env, keep.source = FALSE, toplevel.env = env),
             error = function(e) error <<- conditionMessage(e))
    grDevices::graphics.off()
    found <- intersect(ids, ls(env, all.names = TRUE))
    list(objects = mget(found, envir = env), error = error)
  }
  timeout_message <- gettextf("the script did not finish within %s seconds", format(timeout),
                              domain = "R-sdsante")
  if (requireNamespace("callr", quietly = TRUE)) {
    libpath <- .libPaths()
    if (is.null(env)) env <- callr::rcmd_safe_env()
    else libpath <- strsplit(env[["R_LIBS"]], .Platform$path.sep, fixed = TRUE)[[1]]
    out <- tryCatch(callr::r(worker, list(file, ids), timeout = timeout,
                             wd = dirname(file), env = env, libpath = libpath),
                    error = function(e) {
                      if (inherits(e, "callr_timeout_error")) list(objects = list(), error = timeout_message)
                      else list(objects = list(), error = conditionMessage(e))
                    })
    return(out)
  }
  old <- setwd(dirname(file))
  on.exit(setwd(old))
  setTimeLimit(elapsed = timeout, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
  out <- worker(file, ids)
  if (!is.null(out$error) && grepl("elapsed time limit", out$error, fixed = TRUE))
    out$error <- timeout_message
  out
}

new_grade <- function(checks, questions, error, file) {
  grade <- data.frame(
    question = vapply(checks, `[[`, "", "question"),
    exercise = questions$exercise[match(vapply(checks, `[[`, "", "question"), questions$question)],
    points = vapply(checks, `[[`, 0, "points"),
    max_points = vapply(checks, `[[`, 0, "max_points"),
    correct = vapply(checks, `[[`, NA, "correct"),
    feedback = vapply(checks, `[[`, "", "feedback"),
    stringsAsFactors = FALSE)
  structure(grade, class = c("sdsante_grade", "data.frame"), error = error, file = file)
}

#' @export
print.sdsante_grade <- function(x, ...) {
  file <- attr(x, "file")
  if (!is.null(file)) cat(gettextf("Answers of %s", basename(file), domain = "R-sdsante"), "\n", sep = "")
  error <- attr(x, "error")
  if (!is.null(error))
    cat(gettextf("The script stopped: %s", error, domain = "R-sdsante"), "\n", sep = "")
  for (i in seq_len(nrow(x))) {
    cat(if (x$correct[i]) "[OK] " else "[X]  ",
        gettextf("exercise %d, %s (%s/%s): %s", as.integer(x$exercise[i]), x$question[i],
                 format(x$points[i]), format(x$max_points[i]), x$feedback[i],
                 domain = "R-sdsante"), "\n", sep = "")
  }
  cat(gettextf("Total: %s/%s", format(sum(x$points)), format(sum(x$max_points)),
               domain = "R-sdsante"), "\n", sep = "")
  invisible(x)
}

#' The exercise checker of sdsante's learnr tutorials
#'
#' learnr calls it on each submitted exercise (`tutorial_options(exercise.checker
#' = sdsante::tutorial_checker)` in the tutorials' set-up chunk). The exercise's
#' `-check` chunk holds the name of a question (`"cm_test"`): the checker
#' checks the value of the exercise's last line with [check_answer()] and
#' answers in French, with praise when it is right and what is wrong when it
#' is not.
#'
#' @param label,user_code,solution_code,check_code,envir_result,evaluate_result,envir_prep,last_value,stage,...
#'   what learnr passes to an exercise checker.
#' @return A list that learnr shows as feedback (`message`, `correct`,
#'   `type`, `location`), or `NULL` at the stages where nothing is checked.
#' @seealso [check_answer()].
#' @examples
#' test <- tableaux[tableaux$ensemble == "test", ]
#' modele <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                     visages >= 2 ~ "Personnages", .default = "Paysage")
#' tutorial_checker(check_code = '"cm_test"',
#'                  last_value = confusion_matrix(test$classe, predict(modele, test)),
#'                  stage = "check")$message
#' @export
tutorial_checker <- function(label = NULL, user_code = NULL, solution_code = NULL,
                             check_code = NULL, envir_result = NULL, evaluate_result = NULL,
                             envir_prep = NULL, last_value = NULL, stage = NULL, ...) {
  # learnr keeps the checker as deparsed code and evaluates it outside the
  # package: this body may call only base R and sdsante's exported functions.
  if (!identical(stage, "check") || is.null(check_code) ||
        !nzchar(trimws(paste(check_code, collapse = ""))))
    return(NULL)
  env <- new.env(parent = if (is.environment(envir_result)) envir_result else globalenv())
  env$.result <- last_value
  env$.user_code <- user_code
  outcome <- eval(parse(text = check_code), env)
  if (is.character(outcome) && length(outcome) == 1L) outcome <- sdsante::check_answer(last_value, outcome)
  if (!inherits(outcome, "sdsante_check"))
    stop("the -check chunk must give a question name or the result of check_answer()")
  # A phrase chosen from the code typed, not from R's random stream, which the
  # student's exercises use.
  pick <- function(phrases) {
    seed <- sum(utf8ToInt(paste(user_code, collapse = "\n")))
    phrases[[(seed %% length(phrases)) + 1L]]
  }
  if (outcome$correct) {
    praise <- c(gettext("Well done!", domain = "R-sdsante"), gettext("Excellent!", domain = "R-sdsante"),
                gettext("That's right!", domain = "R-sdsante"), gettext("Perfect!", domain = "R-sdsante"),
                gettext("Very good!", domain = "R-sdsante"))
    list(message = pick(praise), correct = TRUE, type = "success", location = "append")
  } else {
    encouragement <- c(gettext("Not yet.", domain = "R-sdsante"),
                       gettext("Almost: look again.", domain = "R-sdsante"),
                       gettext("Try again.", domain = "R-sdsante"), gettext("Not quite.", domain = "R-sdsante"))
    list(message = paste(pick(encouragement), outcome$feedback), correct = FALSE,
         type = "error", location = "append")
  }
}
