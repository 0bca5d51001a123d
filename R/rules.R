# Rule lists ("decision lists"): written by hand with rule_list() or learned by
# learn_rules(), compiled into a small postfix program (R/rules_compile.R), and
# evaluated in C (src/rules*.c, called from R/rules_evaluate.R), first match
# wins.  Printing and R code are in R/rules_format.R, summary() in
# R/rules_summary.R, plot() in R/rules_plot.R, data frames in
# R/rules_data_frame.R, SQL in R/sql.R.
#
# Internal API used by R/learn_rules.R:
#   new_rule_list(conditions, classes, default, response, class_levels, call)
#   add_counts(model, data, arg, call) -> the model with $counts, the
#                                (rules + 1) x classes matrix of counts of data
#                                (in R/rules_evaluate.R)

# The opcodes of the rule programs, by R name ("<", "%in%", ...), read from C
# (SDS_RULE_OPCODES in src/sdsante.h, the one definition), so that R emits the
# codes src/rules.c runs and reads those src/learn_rules.c returns.  A 13-value
# vector: not worth a cache.
rule_opcodes <- function() .Call(C_sds_rule_opcodes)
RULE_COMPARISONS <- c("<", "<=", ">", ">=", "==", "!=")

#' Write a decision list by hand
#'
#' A decision list classifies each row by the first rule whose condition it
#' meets; a row that meets none gets the default class. Rules are written as
#' in `dplyr::case_when()`: `condition ~ "Class"`, in order, then `.default`.
#' The lecture's model is
#' `rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
#' .default = "Paysage")`.
#'
#' @section Conditions:
#' A condition is made of
#' * a column compared with a constant: `<`, `<=`, `>`, `>=`, `==`, `!=`, the
#'   constant on either side (`yeux >= 1` or `1 <= yeux`). Numeric columns are
#'   compared with numbers (`Inf` and `-Inf` allowed), logical columns with
#'   `TRUE` or `FALSE` (`==`, `!=`), factor and character columns with strings
#'   (`==`, `!=`), by label: a level that the data lack simply never matches;
#' * a column `%in%` a set of constants, such as `c("A", "B")` or `1:3`
#'   (`NA` in the set matches the missing values, as in R);
#' * `is.na(column)`;
#' * a logical column on its own (`fumeur`);
#' * `TRUE` or `FALSE`;
#' * combined with `&`, `|`, `!` and parentheses.
#'
#' A name is always a column. To use a value stored in a variable, write it
#' inside `.()`, as in [bquote()]: `yeux >= .(seuil)` is compiled with the
#' value of `seuil` at the time `rule_list()` is called (the error for
#' `yeux >= seuil` says so when `seuil` is a variable of the session). The
#' class is a quoted string (`~ "Portrait"`), or a variable holding one.
#'
#' A condition may chain any number of terms with `&` or `|` and any number
#' of `!`; what may not go deeper than 40 levels is real nesting, such as
#' `a & (b | (c & ...))`: deeper, it is an error that says so (every walk
#' over the condition stays far from R's own recursion limits).
#'
#' Anything else (a function call such as `log(yeux) > 1`, two columns
#' compared, `&&`, a string compared with `<`) is an error that says what is
#' supported. Whether a constant suits its column (a number for a numeric
#' column, ...) is checked when the rules meet data.
#'
#' @section Missing values:
#' Conditions follow R's logic: a comparison with a missing value is `NA`;
#' `NA & FALSE` is `FALSE`, `NA | TRUE` is `TRUE`, `!NA` is `NA`; `is.na()`
#' and `%in%` are never `NA` (`NA %in% c(1, 2)` is `FALSE`). A rule whose
#' condition is `NA` for a row does not fire: the row goes on to the next
#' rules, then to the default class, exactly as with `dplyr::case_when()`,
#' `data.table::fcase()` or [subset()]. `predict(na = "na")` answers `NA`
#' instead (see [predict.sdsante_rules()]). With the default, the missing
#' values are made visible: `predict()` warns how many rows a missing value
#' sent past a rule, and `summary()` (and `print()` of a list built with
#' `.data`) says how many rows missing values decided.
#'
#' @details
#' **How it runs.** Each condition is compiled once into a postfix program, stored as a data
#' frame in `$program` (one instruction a row: compare a column with
#' constants, test `NA`, then `!`, `&`, `|`). The C code runs it over the
#' columns block by block, with no R call per row. A row keeps the verdict of
#' the first rule that fires; once most rows of a block are decided, the
#' following rules only look at the others.
#'
#' @param ... The rules, in order: formulas `condition ~ class`. The class is
#'   a string (or anything that evaluates to one value).
#' @param .default The class of the rows that no rule matches (required).
#' @param .response The name of the column holding the true class, used by
#'   [print()][print.sdsante_rules], [summary()][summary.sdsante_rules],
#'   `.data` and `predict(type = "prob")`.
#' @param .levels All the classes, in the order of the levels of the
#'   predicted factor. By default the classes in order of appearance in the
#'   rules, then `.default`.
#' @param .data Optional data frame holding the columns and the true class:
#'   the model then counts, for each rule, the rows it covers by true class
#'   (shown by `print()`, needed by `predict(type = "prob")`).
#' @return An object of class `sdsante_rules`: a list with `conditions` (the
#'   conditions as R calls), `classes`, `default`, `response`, `class_levels`,
#'   `program` (the compiled instructions), `trees` (the compiled
#'   conditions, read by `print()`, [as_sql()] and `summary()`) and `counts`
#'   (`NULL`, or a matrix with one row per rule and a last row `"default"`,
#'   one column per class).
#' @seealso [predict.sdsante_rules()], [summary.sdsante_rules()],
#'   [plot()][plot.sdsante_rules] to draw the list,
#'   [as_sql()], [as_rule_list()] to build a list from a data frame,
#'   `learn_rules()` to learn one from data.
#' @export
#' @examples
#' train <- tableaux[tableaux$ensemble == "apprentissage", ]
#' test <- tableaux[tableaux$ensemble == "test", ]
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages",
#'                    .default = "Paysage", .data = train)
#' model
#' predict(model, test)
#' summary(model, test)
#' as_sql(model)
#' plot(model)
#'
#' # A threshold stored in a variable
#' seuil <- 2
#' rule_list(visages >= .(seuil) ~ "Personnages", .default = "Paysage")
rule_list <- function(..., .default, .response = "classe", .levels = NULL, .data = NULL) {
  call <- sys.call()
  exprs <- as.list(substitute(list(...)))[-1L]
  arg_names <- names(exprs)
  if (!is.null(arg_names) && any(arg_names != "")) {
    bad <- arg_names[arg_names != ""][1L]
    sds_abort(gettextf("unknown argument '%s': rules are unnamed formulas 'condition ~ class', and the other arguments start with a dot (.default, .response, .levels, .data)",
                       bad, domain = "R-sdsante"), call)
  }
  if (missing(.default))
    sds_abort(gettext("'.default' is missing: give the class of the rows that no rule matches, e.g. .default = \"Paysage\"",
                      domain = "R-sdsante"), call)
  default <- check_rule_class(rule_class_value(substitute(.default), function() .default,
                                               "'.default'", call),
                              "'.default'", call)
  conditions <- vector("list", length(exprs))
  envs <- vector("list", length(exprs))
  classes <- character(length(exprs))
  for (i in seq_along(exprs)) {
    # A condition written without "~ class" is not evaluated (its columns do
    # not exist here); anything else is, in the caller's environment.
    expr <- exprs[[i]]
    if (is.call(expr) && is.symbol(expr[[1L]]) &&
        as.character(expr[[1L]]) %in% c(RULE_COMPARISONS, "%in%", "&", "|", "!", "is.na"))
      sds_abort(gettextf("argument %d must be a formula 'condition ~ class' such as yeux >= 1 ~ \"Portrait\", not %s",
                         i, short_code(expr), domain = "R-sdsante"), call)
    rule <- rule_formula(...elt(i), i, call)
    conditions[i] <- list(rule$condition)
    what <- gettextf("the class of rule %d", i, domain = "R-sdsante")
    classes[i] <- check_rule_class(rule_class_value(rule$class,
                                                     function() eval(rule$class, rule$env),
                                                     what, call),
                                   what, call)
    envs[i] <- list(rule$env)
  }
  response <- check_response_name(.response, ".response", call)
  if (!is.null(.levels) && (!is.character(.levels) || anyNA(.levels) ||
                            anyDuplicated(.levels) ||
                            !all(c(classes, default) %in% .levels)))
    sds_abort(gettextf("'.levels' must be a character vector of distinct classes holding every class of the rules and .default (%s)",
                       paste(unique(c(classes, default)), collapse = ", "),
                       domain = "R-sdsante"), call)
  model <- new_rule_list(conditions, classes, default, response, .levels, call, envs)
  if (!is.null(.data)) model <- add_counts(model, .data, ".data", call)
  model
}

# One argument of rule_list(), evaluated: a formula.  Returns its condition
# (with `.()` replaced by values), its class expression and its environment.
rule_formula <- function(formula, i, call) {
  if (!inherits(formula, "formula"))
    sds_abort(gettextf("argument %d must be a formula 'condition ~ class' such as yeux >= 1 ~ \"Portrait\", not %s",
                       i, describe_value(formula), domain = "R-sdsante"), call)
  if (length(formula) != 3L)
    sds_abort(gettextf("rule %d has no condition: write it 'condition ~ class'",
                       i, domain = "R-sdsante"), call)
  env <- environment(formula)
  if (is.null(env)) env <- baseenv()
  condition <- check_condition_depth(formula[[2L]], i, call)
  list(condition = inline_values(condition, env), class = formula[[3L]], env = env)
}

# Replace each `.(x)` by the value of x in env, as bquote() does.  Chains
# (a & b & ...) and runs of ! are walked without recursion (see
# R/rules_compile.R), so a condition of thousands of terms is fine.
inline_values <- function(e, env) {
  if (!is.call(e)) return(e)
  if (identical(e[[1L]], as.name("."))) {
    value <- eval(e[[2L]], env)
    return(if (is.factor(value)) as.character(value) else value)
  }
  run <- unary_run(e)
  if (length(run$wrappers)) return(rewrap(run$wrappers, inline_values(run$inner, env)))
  for (op in c("&", "|"))
    if (is_call_to(e, op) && length(e) == 3L) {
      terms <- chain_terms(e, op)
      if (length(terms) > 2L) return(join_terms(lapply(terms, inline_values, env = env), op))
    }
  for (i in seq_along(e)[-1L])
    if (!is.null(e[[i]]) && !identical(e[[i]], quote(expr = ))) {
      value <- inline_values(e[[i]], env)
      e[i] <- list(value)
    }
  e
}

# The class of a rule (or .default): `value()` evaluates it where it was
# written.  When that fails on a bare name, the class was written without
# quotes.
rule_class_value <- function(expr, value, what, call) {
  x <- tryCatch(value(), error = function(e) {
    if (is.symbol(expr))
      sds_abort(gettextf("%s must be a quoted string, such as \"%s\", not the name %s (%s)",
                         what, as.character(expr), as.character(expr), conditionMessage(e),
                         domain = "R-sdsante"), call)
    sds_abort(gettextf("%s could not be evaluated (%s); write the class as a quoted string, such as \"Portrait\"",
                       what, conditionMessage(e), domain = "R-sdsante"), call)
  })
  # A bare name that exists in the session but holds no class (a function
  # such as t or c, a data frame): the class was written without quotes.
  if (is.symbol(expr) && !is_class_label(x))
    sds_abort(gettextf("%s must be a quoted string, such as \"%s\", not the name %s, which is %s in your session",
                       what, as.character(expr), as.character(expr), describe_value(x),
                       domain = "R-sdsante"), call)
  x
}

is_class_label <- function(x) {
  (is.character(x) || is.factor(x) || is.logical(x) || is.numeric(x)) &&
    length(x) == 1L && !is.na(x)
}

# A class label: one non-missing string, factor, logical or number.
check_rule_class <- function(x, what, call) {
  if (!is_class_label(x))
    sds_abort(gettextf("%s must be one class, such as \"Portrait\", not %s",
                       what, format_value(x), domain = "R-sdsante"), call)
  x <- as.character(x)
  # A label typed in a Latin-1 script or read from a Latin-1 file without
  # fileEncoding: refused as learn_rules() and confusion_matrix() refuse it.
  if (Encoding(x) != "latin1" && !validUTF8(x))
    sds_abort(gettextf("%s holds characters that are not valid UTF-8 (%s): save the script as UTF-8, or read the file with fileEncoding = \"latin1\"",
                       what, format_value(x), domain = "R-sdsante"), call)
  enc2utf8(x)
}

check_response_name <- function(x, arg, call) {
  if (!is.character(x) || length(x) != 1L || is.na(x) || x == "")
    sds_abort(gettextf("'%s' must be the name of the column holding the true class, not %s",
                       arg, format_value(x), domain = "R-sdsante"), call)
  x
}

# The constructor behind rule_list(), as_rule_list() and learn_rules():
#   conditions   a list of R calls (or TRUE/FALSE), one per rule, in order;
#   classes      one class (string) per condition; default: the default class;
#   response     the name of the true class's column;
#   class_levels all the classes, in the order of the predicted factor's
#                levels (by default the classes in order of appearance);
#   call         the user's call, for errors;
#   envs         optional: where each rule was written (hints in errors).
# Each condition is compiled (errors name the rule and say what is
# supported) once: the trees are kept in $trees for print, SQL and summary,
# the program in $program for C.  The result has no counts (add_counts()
# sets them).
new_rule_list <- function(conditions, classes, default, response = "classe",
                          class_levels = NULL, call = sys.call(-1), envs = NULL) {
  conditions <- as.list(conditions)
  classes <- as.character(classes)
  if (length(classes) != length(conditions) || anyNA(classes))
    sds_abort(gettextf("there must be one class for each condition: %d conditions, %d classes",
                       length(conditions), length(classes), domain = "R-sdsante"), call)
  default <- check_rule_class(default, "'default'", call)
  response <- check_response_name(response, "response", call)
  if (is.null(class_levels)) class_levels <- unique(c(classes, default))
  class_levels <- as.character(class_levels)
  if (anyNA(class_levels) || anyDuplicated(class_levels))
    sds_abort(gettext("the classes must be distinct strings", domain = "R-sdsante"), call)
  # Classes from a data frame (as_rule_list()) or '.levels' are checked as
  # the classes typed in rules are (check_rule_class()).
  for (label in unique(c(classes, class_levels))) check_rule_class(label, "'classes'", call)
  classes <- enc2utf8(classes)
  class_levels <- enc2utf8(class_levels)
  unknown <- setdiff(c(classes, default), class_levels)
  if (length(unknown))
    sds_abort(gettextf("class \"%s\" is not among the classes (%s)", unknown[1L],
                       paste(class_levels, collapse = ", "), domain = "R-sdsante"), call)
  trees <- lapply(seq_along(conditions),
                  function(i) compile_condition(conditions[[i]], i, call, envs[[i]]))
  structure(list(conditions = conditions, classes = classes, default = default,
                 response = response, class_levels = class_levels,
                 program = emit_program(trees), trees = trees, counts = NULL, call = call),
            class = "sdsante_rules")
}


# predict()'s warning: rows that an NA condition let through to a later rule
# or the default.
warn_rows_passed <- function(na_passed, call) {
  total <- sum(na_passed)
  if (total == 0) return(invisible())
  warning(simpleWarning(
    sprintf(ngettext(min(total, 1e9),
                     "%s row had a missing value where a rule tested it: the rule did not fire and the row went on to a later rule or the default class (%s to the default); use na = \"na\" to get NA for such rows, or warn_na = FALSE to silence this warning",
                     "%s rows had a missing value where a rule tested it: the rule did not fire and the rows went on to a later rule or the default class (%s to the default); use na = \"na\" to get NA for such rows, or warn_na = FALSE to silence this warning",
                     domain = "R-sdsante"),
            format(total), format(na_passed[1L])),
    call))
}

# predict() on data that hold the true class: a class the rules answer
# (`answered`) that the column never holds is a mistyped class ("Portrai")
# or a class in another language ("malin" on benign/malignant), which
# confusion_matrix() would then refuse.  Said here, at the source, as a warning: the answers
# may still be wanted.  A factor column declares every class; a text column
# only its labels, so that a small sample missing a class is not blamed:
# only answers close to one of its labels are named then.
check_predicted_classes <- function(answered, newdata, response, call) {
  truth <- newdata[[response]]
  if (is.null(truth) || !(is.factor(truth) || is.character(truth) || is.logical(truth)) ||
      !length(answered))
    return(invisible())
  known <- if (is.factor(truth)) levels(truth) else unique(as.character(truth[!is.na(truth)]))
  if (!length(known)) return(invisible())
  unknown <- setdiff(answered, known)
  hints <- vapply(unknown, class_hint, "", known = enc2utf8(known))
  if (!is.factor(truth)) unknown <- unknown[!is.na(hints)]
  if (!length(unknown)) return(invisible())
  hints <- hints[unknown]
  shown <- ifelse(is.na(hints), paste0("\"", unknown, "\""),
                  gettextf("\"%s\" (did you mean \"%s\"?)", unknown, hints, domain = "R-sdsante"))
  message <- sprintf(ngettext(length(unknown),
                     "the rules answer %s, a class that column '%s' of 'newdata' never holds (its classes: %s): a confusion matrix against it would refuse it. Correct the class in the rule",
                     "the rules answer %s, classes that column '%s' of 'newdata' never holds (its classes: %s): a confusion matrix against it would refuse them. Correct the classes in the rules",
                     domain = "R-sdsante"),
            paste(shown, collapse = ", "), response, quote_labels(known, 5L))
  warning(simpleWarning(message, call))
}

#' Apply a decision list
#'
#' Gives each row of `newdata` the class of the first rule whose condition it
#' meets, or the default class when it meets none. A missing value in a
#' column that a rule tests makes that rule's condition unknown (`NA`): the
#' rule does not fire and the row goes on to the next rules, then to the
#' default (see "Missing values" in [rule_list()]). `predict()` then warns,
#' once, how many rows this happened to, and how many of them got the
#' default class; `warn_na = FALSE` (or `options(sdsante.warn_na = FALSE)`)
#' silences the warning, `na = "na"` answers `NA` for such rows instead.
#'
#' @param object A rule list from [rule_list()] or `learn_rules()`.
#' @param newdata A data frame holding the columns the rules use.
#' @param type `"class"`: the predicted class, a factor whose levels are the
#'   model's classes; `"rule"`: the number of the rule that fired, `0` for the
#'   default; `"prob"`: for each row, the class frequencies among the rows
#'   that the same rule covered when the model was built or evaluated on data
#'   (`.data` of [rule_list()], `learn_rules()`, or [as_rule_list()] with
#'   `data`): a matrix with one column per class. A rule that covered no row
#'   gives `NA`.
#' @param na What a rule does with a row whose condition is `NA` (see the
#'   section "Missing values" of [rule_list()]): `"next"` (the default, as
#'   `case_when()`): the rule does not fire and the row goes on to the next
#'   rules, then to the default; `"na"`: the answer is `NA`, since the row
#'   might have matched that rule (rows matched by an earlier rule are not
#'   affected).
#' @param warn_na Whether to warn when missing values sent rows past a rule
#'   (`TRUE` by default, or the option `sdsante.warn_na`).
#' @param ... Not used.
#' @return A factor, an integer vector or a matrix, with one value (row) per
#'   row of `newdata` (`NA` where `na = "na"` could not decide); zero-length
#'   when `newdata` has no row. The factor of classes has the class
#'   `sdsante_prediction` too, the mark that lets [confusion_matrix()] notice
#'   answers passed as the truth.
#'
#'   When `newdata` holds the true class's column (`object$response`),
#'   `predict()` warns about a class the rules answer that the column never
#'   holds: any such class when the column is a factor (its levels declare
#'   every class), a class close to one of its labels (a typo, or another
#'   language: "malin" for "malignant") when it is text.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage",
#'                    .data = tableaux[tableaux$ensemble == "apprentissage", ])
#' test <- tableaux[tableaux$ensemble == "test", ]
#' data.frame(id = test$id, classe = test$classe,
#'            predicted = predict(model, test),
#'            rule = predict(model, test, type = "rule"))
#' predict(model, test, type = "prob")
predict.sdsante_rules <- function(object, newdata, type = c("class", "rule", "prob"),
                                  na = c("next", "na"),
                                  warn_na = getOption("sdsante.warn_na", TRUE), ...) {
  call <- sys.call()
  type <- check_choice(type, c("class", "rule", "prob"), "type", call)
  na <- check_choice(na, c("next", "na"), "na", call)
  warn_na <- check_flag(warn_na, "warn_na", call)
  if (missing(newdata))
    sds_abort(gettext("'newdata' is missing: give a data frame holding the columns the rules use",
                      domain = "R-sdsante"), call)
  check_data_frame(newdata, "newdata", call)
  n_rules <- length(object$classes)
  counts <- object$counts
  if (type == "prob" && is.null(counts))
    sds_abort(gettext("type = \"prob\" needs the rows each rule covered, and this model has none: build it with rule_list(..., .data = train), or add them with model <- as_rule_list(model, data = train)",
                      domain = "R-sdsante"), call)
  map <- switch(type,
                class = match(c(object$default, object$classes), object$class_levels),
                rule = c(0L, seq_len(n_rules)),
                prob = c(n_rules + 1L, seq_len(n_rules)))
  # The factor and its mark (see mark_prediction()) are set by C: R would
  # copy millions of answers to set them.
  class_levels <- object$class_levels
  answer_attributes <- if (type == "class")
    list(levels = class_levels, class = c(if (nrow(newdata)) "sdsante_prediction", "factor"))
  else list()
  evaluated <- run_rules(object, newdata, map, na == "na", "newdata", call, answer_attributes)
  if (warn_na) warn_rows_passed(evaluated$na_passed, call)
  codes <- evaluated$answer
  if (type == "class") {
    # the answers of each class, from the rows each rule decided (no pass
    # over the answers)
    answered <- vapply(seq_along(class_levels), function(l) sum(evaluated$fired[map == l]), 0)
    check_predicted_classes(class_levels[answered > 0], newdata, object$response, call)
    if (length(codes)) remember_prediction(codes, as.integer(answered))
    return(codes)
  }
  if (type == "rule") return(codes)
  covered <- rowSums(counts)
  frequencies <- counts / ifelse(covered > 0, covered, NA_real_)
  prob <- frequencies[codes, , drop = FALSE]
  dimnames(prob) <- list(NULL, colnames(counts))
  prob
}

# ---- reading the rules --------------------------------------------------------

# The conditions as trees (for printing and SQL), as new_rule_list() stored
# them; a model saved before the trees were stored compiles them again.
rule_trees <- function(model) {
  trees <- model[["trees"]]
  if (!is.null(trees) && length(trees) == length(model$conditions)) return(trees)
  lapply(seq_along(model$conditions),
         function(i) compile_condition(model$conditions[[i]], i, NULL))
}

# The rows each rule (then the default) classified right, from a counts
# matrix (one row per rule and the default, one column per true class).
rule_correct <- function(counts, model) {
  unname(counts[cbind(seq_len(nrow(counts)),
                      match(c(model$classes, model$default), colnames(counts)))])
}

# A factor from level codes (integers, NA allowed) without a new pass.
codes_factor <- function(codes, levels) {
  levels(codes) <- levels
  class(codes) <- "factor"
  codes
}
