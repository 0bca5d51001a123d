# Learning decision lists from data: Holte's 1R and sequential covering with
# RIPPER-style pruning.  The searches are in C: sorting, counting and Holte's
# 1R in src/learn_rules.c, the threshold and level-set scans that grow a
# covering rule in src/learn_covering.c.  This file checks the inputs, draws the grow/prune
# splits, prunes the grown rules, and builds the model with new_rule_list()
# (R/rules.R), so that predict(), print(), summary() and confusion_matrix()
# work on it as on a hand-written list.

#' Learn a decision list from data
#'
#' Learns an ordered list of rules "if (condition) then class", like the
#' lecture's "Si (1 <= #yeux <= 2) alors Portrait, Sinon si (#visages >= 2)
#' alors Personnages, Sinon Paysage". The result is a rule list, the same kind
#' of object as [rule_list()] makes: [predict()][predict.sdsante_rules],
#' [print()][print.sdsante_rules], [summary()][summary.sdsante_rules] and
#' [confusion_matrix()] work on it. Conditions compare a numeric column with
#' a cut point (`noir < 25`, `visages >= 2.5`, two bounds on one column read
#' as one interval), or test the levels of a factor, character or logical
#' column (`sexe == "F"`, `stade %in% c("I", "II")`, `fumeur`, `!fumeur`).
#'
#' @section Method "oner": Holte's 1R:
#' One rule set on a single predictor, the one that makes the fewest errors on
#' the training rows (the first in the formula in case of a tie). Holte
#' (1993) showed that such one-predictor rules are often nearly as accurate as
#' far bigger models: a baseline to beat.
#'
#' A numeric predictor is cut into intervals, reading its values in
#' increasing order and never separating equal values: an interval closes
#' once its most frequent class has at least `min_bucket` rows and the next
#' value does not belong to that class only. When several classes are the
#' most frequent in an interval (a tie), its class is that of the interval
#' before it if it is one of them (so that the two merge), else the first of
#' them in the order of the levels of the classes. An interval left over at
#' the end with fewer than `min_bucket` rows of its class joins the one
#' before (its class is counted again, ties broken the same way); then
#' neighbouring intervals with the same class are merged. Each cut point
#' lies halfway between the two values it separates. The rules are the
#' intervals in increasing order: the first open below (`x < c1`), the
#' middle ones with both bounds (`c1 <= x < c2`) and the last, open above,
#' is the default ("Else"), so that every training value, the smallest and
#' the largest included, is covered. A factor (character, logical)
#' predictor gets one rule per class, listing the levels whose most frequent
#' class it is (on a tie, the first of the tied classes in level order); the
#' class covering the most rows is the default (on a tie, the first in level
#' order). When the predictor has missing values, see "Missing values".
#'
#' `min_bucket` defaults to Holte's 6, but at most \eqn{n / (2k)} (rounded
#' down, at least 1) for \eqn{n} training rows and \eqn{k} classes, so that on
#' a small table each class can still fill two intervals: 2 on the lecture's
#' 15 paintings. On a large, noisy table 1R makes many short intervals (as
#' Holte's algorithm does): raise `min_bucket` for a shorter list.
#'
#' @section Method "covering": sequential covering with pruning:
#' Rules are learned one at a time; the rows a rule covers are removed before
#' the next is learned, and the rows that no rule covers get the default
#' class, the most frequent among them. As in RIPPER (Cohen 1995), the classes
#' are taken from the rarest to the most frequent, and the rules for one class
#' separate it from the classes that remain. Each rule is
#' * **grown** on two thirds of the rows still uncovered, drawn at random
#'   within each class (the split uses R's random numbers, so
#'   [set.seed()] makes the result reproducible): starting from an empty
#'   condition, the condition with the largest FOIL information gain
#'   (Quinlan 1990) is added, among all cut points of all numeric predictors
#'   (`x < c` or `x >= c`) and all groups of levels of the factors, until the
#'   rule covers rows of its class only;
#' * **pruned** on the other third, held out (the guard against
#'   over-fitting): the rule keeps the number of leading conditions that
#'   maximises its precision on the held-out rows, \eqn{(p + 1) / (p + n + 2)}
#'   for \eqn{p} rows of its class and \eqn{n} others (RIPPER's pruning
#'   metric \eqn{(p - n) / (p + n)} with Laplace's correction, which does not
#'   favour a rule that covers few rows by chance); in case of a tie, the
#'   longer rule (conditions that the held-out rows cannot judge are kept);
#' * **kept** unless, on the held-out rows, it is wrong more often than right
#'   (IREP's stopping rule, Fürnkranz and Widmer 1994); otherwise the class
#'   is finished and the next one starts.
#'
#' This is the IREP* core of RIPPER, without RIPPER's final optimisation
#' passes. Conditions on the same column within a rule are merged into one
#' interval or one set of levels.
#'
#' @section Missing values:
#' Rows whose class is missing are left out (their number is kept in
#' `$training$n_dropped`). A missing predictor value never satisfies a
#' condition, exactly as when the list is applied ([predict()] lets such a
#' row fall through to the next rules): in the searches, a row with a
#' missing value is on neither side of a cut point. In 1R (as in Holte's
#' paper), the missing values of a predictor form a group of their own: when
#' the chosen predictor has missing values in the training rows, every
#' interval (or group of levels) is written as a rule and the default class,
#' which the missing values fall through to, is their most frequent class; a
#' single interval (or a single class for all the levels) becomes the rule
#' `!is.na(x)`, unless the missing values have that class too (ties: the
#' first class in level order). The model thus makes on the training rows
#' exactly the errors counted in `oner_errors`.
#'
#' `print()` and `summary()` of the model report what was done: the rows
#' left out for a missing class, and how many training rows a missing value
#' decided (a condition that was `NA` let them through to a later rule or
#' the default); [predict()][predict.sdsante_rules] warns when that happens
#' to new rows.
#'
#' @section Special values and columns:
#' * A column with a single value (or only missing values) offers no cut point
#'   and is never used in a condition.
#' * Infinite values are ordinary extreme values: a cut point next to one is
#'   the finite value beside it (or `Inf`), so that `-Inf` stays below and
#'   `Inf` above.
#' * The classes may be a factor (its level order is kept), a character vector
#'   (sorted) or a logical vector (`TRUE`, `FALSE`); a numeric response is an
#'   error: turn it into classes with [factor()] first.
#'
#' @param formula The class column, `~`, then the predictors joined by `+`:
#'   `classe ~ yeux + visages`, or `classe ~ .` for all the other columns
#'   (`classe ~ . - nez` to leave one out). Predictors are numeric, factor,
#'   character or logical columns, used as they are (no transformation).
#'   `~ .` leaves out, with a message naming them, the columns that identify
#'   the rows rather than describe them: a column named `id`, `ID`, `Id`,
#'   `identifiant`, `identifier`, or whose name ends in `_id`, `.id` or `Id`
#'   (`patient_id`, `patientId`) or starts with `id_` or `id.`; the row
#'   numbers of a CSV file written with `write.csv()` (a column `X` of
#'   distinct whole numbers, as `read.csv()` reads them back; `...1` from
#'   readr); and a character or factor column of at least 3 values, all
#'   different (such as the paintings' `id`). A column named in the formula is always used
#'   (`classe ~ . + id`).
#' @param data A data frame holding these columns, one row per case.
#' @param method `"covering"` (the default) or `"oner"`, see the sections.
#' @param min_bucket For `"oner"`: the fewest rows of its class an interval
#'   must hold (see "Method oner"); by default 6, less on small tables.
#' @param prune_share For `"covering"`: the share of the rows held out to
#'   prune each rule (Cohen's third by default).
#' @param max_rules For `"covering"`: the most rules to learn (by default no
#'   limit other than the pruning).
#' @return A rule list (class `sdsante_rules`, see [rule_list()]) whose
#'   `counts` are those of the training rows, with in addition `method`,
#'   `formula`, `predictors` (the predictors offered), `settings` (the
#'   parameters used) and `training` (`n`: the rows learned from, `n_dropped`:
#'   rows left out for a missing class, `errors`: training errors,
#'   `identifiers`: the columns that `~ .` left out). For 1R,
#'   `oner_errors` gives the training errors of each predictor's rule.
#' @references
#' Holte, R. C. (1993). Very simple classification rules perform well on most
#' commonly used datasets. *Machine Learning*, 11, 63--90.
#'
#' Cohen, W. W. (1995). Fast effective rule induction. *Proceedings of the
#' 12th International Conference on Machine Learning*, 115--123.
#'
#' Fürnkranz, J. and Widmer, G. (1994). Incremental reduced error pruning.
#' *Proceedings of the 11th International Conference on Machine Learning*,
#' 70--77.
#'
#' Quinlan, J. R. (1990). Learning logical definitions from relations.
#' *Machine Learning*, 5, 239--266.
#' @seealso [rule_list()] to write a list by hand, [predict.sdsante_rules()],
#'   [confusion_matrix()].
#' @export
#' @examples
#' train <- tableaux[tableaux$ensemble == "apprentissage", ]
#' test <- tableaux[tableaux$ensemble == "test", ]
#' formula <- classe ~ yeux + nez + bouches + visages + cyan + magenta + jaune + noir
#'
#' # Holte's 1R: the best rule on one predictor
#' one <- learn_rules(formula, train, method = "oner")
#' one
#' one$oner_errors
#' summary(one, test)
#'
#' # Sequential covering (random grow/prune splits: fix the seed)
#' set.seed(1)
#' model <- learn_rules(formula, train)
#' model
#' confusion_matrix(test$classe, predict(model, test))
learn_rules <- function(formula, data, method = c("covering", "oner"),
                        min_bucket = NULL, prune_share = 1 / 3, max_rules = Inf) {
  call <- sys.call()
  method <- check_choice(method, c("covering", "oner"), "method", call)
  prune_share <- check_number(prune_share, "prune_share", call, lower = 0, upper = 1)
  max_rules <- check_whole(max_rules, "max_rules", call, lower = 0, allow_inf = TRUE)
  if (!is.null(min_bucket))
    min_bucket <- check_whole(min_bucket, "min_bucket", call, lower = 1)
  training <- learn_data(formula, data, call)
  y <- training$y
  if (method == "oner") {
    if (is.null(min_bucket))
      min_bucket <- oner_min_bucket(length(y), length(training$classes_present))
    learned <- learn_oner(training, min_bucket)
    settings <- list(min_bucket = min_bucket)
  } else {
    learned <- learn_covering(training, prune_share, max_rules)
    settings <- list(prune_share = prune_share, max_rules = max_rules)
  }
  model <- new_rule_list(learned$conditions, learned$classes, learned$default,
                         response = training$response, class_levels = levels(y),
                         call = call)
  model <- add_counts(model, training$frame, "data", call)
  learn_finish(model, method, formula, training, settings, learned, length(y))
}

# The learned model's record of how it was learned (shared with
# db_learn_rules()): `n` training rows, with `model$counts` made from them.
learn_finish <- function(model, method, formula, training, settings, learned, n) {
  model$method <- method
  model$formula <- formula
  model$predictors <- training$predictors
  model$settings <- settings
  correct <- sum(rule_correct(model$counts, model))
  model$training <- list(n = n, n_dropped = training$n_dropped, errors = n - correct,
                         identifiers = training$identifiers)
  if (method == "oner") model$oner_errors <- learned$errors
  model
}

# 1R's default `min_bucket`: Holte's 6, but at most n / (2k) (rounded down,
# at least 1) for n rows and k classes present.
oner_min_bucket <- function(n, n_classes) max(1, min(6, floor(n / (2 * n_classes))))

# ---- arguments ---------------------------------------------------------------

# The training rows and columns named by the formula: the classes (a factor,
# rows with a missing class dropped), the predictors coded for C (doubles, or
# level codes with their number of levels) and what is needed to write the
# conditions (names, kinds, level labels).
learn_data <- function(formula, data, call) {
  response <- learn_response(formula, data, call)
  chosen <- learn_predictors(formula, data, response, call)
  classes <- learn_classes(data[[response]], response, call)
  coded <- learn_columns(data, chosen$predictors, classes$known, call)
  # the rows with a known class, column by column (`[.data.frame` would also
  # make and check row names, without polling for an interrupt)
  used <- c(chosen$predictors, response)
  frame <- lapply(stats::setNames(used, used), function(name)
    if (classes$n_dropped > 0L) data[[name]][classes$known] else data[[name]])
  frame[[response]] <- classes$y
  frame <- structure(frame, class = "data.frame", row.names = .set_row_names(length(classes$y)))
  c(list(response = response, predictors = chosen$predictors, y = classes$y), coded,
    list(classes_present = classes$present, frame = frame, n_dropped = classes$n_dropped,
         identifiers = chosen$identifiers))
}

# The formula and the data checked; the name of the column of the classes.
learn_response <- function(formula, data, call, n_rows = nrow(data)) {
  if (!inherits(formula, "formula") || length(formula) != 3L)
    sds_abort(gettextf("'formula' must be a formula such as classe ~ yeux + visages (or classe ~ .), not %s",
                       if (inherits(formula, "formula")) deparse1(formula)
                       else describe_value(formula), domain = "R-sdsante"), call)
  check_data_frame(data, "data", call)
  if (n_rows == 0L)
    sds_abort(gettext("'data' has no rows: there is nothing to learn from",
                      domain = "R-sdsante"), call)
  lhs <- formula[[2L]]
  if (!is.symbol(lhs))
    sds_abort(gettextf("the left side of 'formula' must be the name of the column holding the classes, not %s",
                       deparse1(lhs), domain = "R-sdsante"), call)
  response <- as.character(lhs)
  if (!(response %in% names(data)))
    sds_abort(paste0(gettextf("'formula' names column '%s' (the classes), which 'data' lacks",
                              response, domain = "R-sdsante"), separator_hint(data)), call)
  response
}

# The predictors the formula names (`~ .`: every column but the classes and
# those that identify rows, which are listed in `identifiers` and announced).
learn_predictors <- function(formula, data, response, call,
                             is_identifier = function(name) looks_like_identifier(name, data[[name]])) {
  terms_labels <- tryCatch(attr(stats::terms(formula, data = data), "term.labels"),
                     error = function(e)
                       sds_abort(gettextf("'formula' could not be read: %s", conditionMessage(e),
                                          domain = "R-sdsante"), call))
  parsed <- lapply(terms_labels, str2lang)
  plain <- vapply(parsed, is.symbol, TRUE)
  if (!all(plain))
    sds_abort(gettextf("'formula' must list columns of 'data' joined by +, without transformations or interactions, not %s",
                       paste(terms_labels[!plain], collapse = ", "), domain = "R-sdsante"), call)
  predictors <- unique(vapply(parsed, as.character, ""))
  # `~ .` offers every column but those that identify rows; a column named
  # in the formula is always used.
  identifiers <- character()
  if ("." %in% all.names(formula[[3L]])) {
    named <- setdiff(all.vars(formula[[3L]]), ".")
    offered <- setdiff(predictors, named)
    identifiers <- offered[vapply(offered, is_identifier, TRUE)]
    if (length(identifiers)) {
      predictors <- setdiff(predictors, identifiers)
      note <- sprintf(ngettext(length(identifiers),
                               "learn_rules(): column %s identifies the rows (its values are all different, or its name says so), so '~ .' leaves it out; name it in the formula to use it anyway",
                               "learn_rules(): columns %s identify the rows (their values are all different, or their names say so), so '~ .' leaves them out; name them in the formula to use them anyway",
                               domain = "R-sdsante"),
                      paste0("'", identifiers, "'", collapse = ", "))
      message(note)
    }
  }
  unknown <- setdiff(predictors, names(data))
  if (length(unknown))
    sds_abort(sprintf(ngettext(length(unknown),
                               "'formula' names column %s, which 'data' lacks",
                               "'formula' names columns %s, which 'data' lacks",
                               domain = "R-sdsante"),
                      paste0("'", unknown, "'", collapse = ", ")), call)
  if (response %in% predictors)
    sds_abort(gettextf("'formula' uses the classes ('%s') as a predictor too",
                       response, domain = "R-sdsante"), call)
  if (length(predictors) == 0L)
    sds_abort(gettextf("'formula' must name at least one predictor after ~, as in %s ~ yeux + visages",
                       response, domain = "R-sdsante"), call)
  list(predictors = predictors, identifiers = identifiers)
}

# The classes as a factor, for the rows where they are known (`known`),
# with the number of rows dropped and the classes present.
learn_classes <- function(y, response, call) {
  if (!(is.factor(y) || (is.character(y) || is.logical(y)) && is.null(dim(y))))
    sds_abort(gettextf("the response '%s' in 'formula' must hold classes (a factor, character or logical column), not %s; for numbers that code classes, use factor()",
                       response, describe_value(y), domain = "R-sdsante"), call)
  y <- as_classes(y, response, call)
  # Blank cells ("" from read.csv()) are no class, as in confusion_matrix().
  check_empty_labels(y, paste0("data$", response), call)
  known <- !is.na(y)
  n_dropped <- sum(!known)
  if (sum(known) < 2L)
    sds_abort(gettextf("'data' must hold at least 2 rows with a known class ('%s') to learn from, not %d",
                       response, sum(known), domain = "R-sdsante"), call)
  # The C searches index the training rows with int (src/learn_*.c: the
  # presorted rows, Holte's intervals), as R's own sort.list() of an integer
  # vector would: a table of 2^31 - 1 rows or more is refused here.
  if (sum(known) >= .Machine$integer.max)
    sds_abort(gettext("'data' has too many rows for learn_rules()", domain = "R-sdsante"), call)
  if (n_dropped > 0L) y <- y[known]
  present <- levels(y)[tabulate(y, nlevels(y)) > 0L]
  if (length(present) < 2L)
    sds_abort(gettextf("the response '%s' has a single class (\"%s\") in 'data': there is nothing to tell apart",
                       response, present, domain = "R-sdsante"), call)
  list(y = y, known = known, n_dropped = n_dropped, present = present)
}

# The predictors of the rows with a known class, coded for C: doubles, or
# level codes with their number of levels; with their kinds and level labels
# (to write the conditions).
learn_columns <- function(data, predictors, known, call) {
  all_known <- all(known)
  columns <- vector("list", length(predictors))
  n_levels <- integer(length(predictors))
  kinds <- character(length(predictors))
  labels <- vector("list", length(predictors))
  for (j in seq_along(predictors)) {
    x <- check_column_input(data[[predictors[j]]], "data", call, predictors[j])
    kind <- column_kind(x)
    if (is.na(kind))
      sds_abort(gettextf("column '%s' of 'data' is %s; learn_rules() reads numeric, factor, character and logical predictors",
                         predictors[j], describe_object(x), domain = "R-sdsante"), call)
    if (kind == "numeric") {
      columns[[j]] <- as.double(if (all_known) x else x[known])
    } else {
      # the strings of the rows kept, coded in C (R's unique() and match()
      # over millions of strings cannot be interrupted)
      levels_j <- switch(kind, factor = levels(x), logical = c("FALSE", "TRUE"),
                         character = sort(.Call(C_sds_text_levels, x, if (!all_known) known),
                                          method = "radix"))
      codes <- switch(kind, factor = as.integer(x), logical = as.integer(x) + 1L,
                      character = .Call(C_sds_text_match, x, levels_j))
      if (!all_known) codes <- codes[known]
      columns[[j]] <- codes
      n_levels[j] <- length(levels_j)
      labels[[j]] <- levels_j
      # A factor without levels is treated as a column of missing values.
      if (length(levels_j) == 0L) {
        columns[[j]] <- rep(NA_real_, length(codes))
        n_levels[j] <- 0L
        kind <- "numeric"
      }
    }
    kinds[j] <- kind
  }
  list(columns = columns, n_levels = n_levels, kinds = kinds, labels = labels)
}

# ---- writing conditions ---------------------------------------------------------

# One test on predictor j: a numeric bound, or a set of level codes.
learn_bound <- function(name, op, cut) call(op, as.name(name), cut)

learn_level_test <- function(training, j, codes) {
  name <- as.name(training$predictors[j])
  values <- training$labels[[j]][codes]
  if (training$kinds[j] == "logical") {
    return(if (values == "TRUE") name else call("!", name))
  }
  if (length(values) == 1L) return(call("==", name, values))
  call("%in%", name, as.call(c(as.name("c"), as.list(values))))
}

learn_and <- function(terms) Reduce(function(a, b) call("&", a, b), terms)

# The conjunction of the first `length` conditions of a grown rule, with the
# conditions on one column merged: the highest lower bound and the lowest
# upper bound of a numeric column, the common levels of a factor.
learn_grown_condition <- function(grown, length, training) {
  keep <- seq_len(length)
  columns <- grown$column[keep]
  terms <- list()
  for (j in unique(columns)) {
    here <- keep[columns == j]
    if (training$n_levels[j] > 0L) {
      codes <- Reduce(intersect, grown$levels[here])
      terms <- c(terms, list(learn_level_test(training, j, codes)))
    } else {
      lower <- grown$cut[here][grown$op[here] == rule_opcodes()[[">="]]]
      upper <- grown$cut[here][grown$op[here] == rule_opcodes()[["<"]]]
      name <- training$predictors[j]
      if (length(lower)) terms <- c(terms, list(learn_bound(name, ">=", max(lower))))
      if (length(upper)) terms <- c(terms, list(learn_bound(name, "<", min(upper))))
    }
  }
  learn_and(terms)
}

# ---- 1R ----------------------------------------------------------------------------

learn_oner <- function(training, min_bucket) {
  y <- training$y
  fitted <- .Call(C_sds_learn_oner, training$columns, training$n_levels,
                  as.integer(y), nlevels(y), as.double(min_bucket), NULL)
  learn_oner_rules(fitted, training, tabulate(y, nlevels(y)))
}

# The rules of 1R from the intervals or level classes that C found for each
# predictor (`fitted`), on the predictor with the fewest errors.  The rows
# behind training$columns[[j]] stand for weights[[j]] cases each (the class
# counts a database sends, db_learn_rules()), or one each (NULL);
# `class_totals` counts the cases of each class.
learn_oner_rules <- function(fitted, training, class_totals, weights = NULL) {
  y <- training$y
  errors <- stats::setNames(fitted$errors, training$predictors)
  j <- which.min(errors)
  name <- training$predictors[j]
  classes <- fitted$classes[[j]]
  na_class <- fitted$na_class[j]
  conditions <- list()
  rule_classes <- integer()
  if (training$n_levels[j] == 0L) {
    # Intervals in increasing order; without missing values the last one is
    # the default ("Else"), otherwise it is written out and the default
    # answers the missing values.
    cuts <- fitted$cuts[[j]]
    m <- length(classes)
    if (m >= 2L) {
      conditions <- c(list(learn_bound(name, "<", cuts[1L])),
                      lapply(seq_len(m - 2L), function(t)
                        learn_and(list(learn_bound(name, ">=", cuts[t]),
                                       learn_bound(name, "<", cuts[t + 1L])))),
                      list(learn_bound(name, ">=", cuts[m - 1L])))
      rule_classes <- classes
    }
  } else {
    # One rule per class, with the levels it answers; without missing values
    # the class covering the most rows is the default.
    answered <- sort(unique(classes[!is.na(classes)]))
    if (length(answered) >= 2L) {
      conditions <- lapply(answered, function(cl)
        learn_level_test(training, j, which(classes == cl)))
      rule_classes <- answered
      counts <- if (is.null(weights)) rep(1, length(training$columns[[j]])) else weights[[j]]
      size <- vapply(answered, function(cl)
        sum(counts[training$columns[[j]] %in% which(classes == cl)]), 0)
      last <- which.max(size)
      conditions <- c(conditions[-last], conditions[last])
      rule_classes <- c(rule_classes[-last], rule_classes[last])
    }
  }
  n_rules <- length(conditions)
  if (n_rules == 0L) {
    # A single interval (or a single class answered by the levels): that
    # class for the known values, and the missing values' own class for the
    # others, as 1R counted its errors.
    single <- if (training$n_levels[j] == 0L) classes else unique(classes[!is.na(classes)])
    if (length(single) == 0L) {
      default <- if (is.na(na_class)) which.max(class_totals) else na_class
    } else if (is.na(na_class) || na_class == single) {
      default <- single
    } else {
      conditions <- list(call("!", call("is.na", as.name(name))))
      rule_classes <- single
      default <- na_class
    }
  } else if (is.na(na_class)) {
    default <- rule_classes[n_rules]
    conditions <- conditions[-n_rules]
    rule_classes <- rule_classes[-n_rules]
  } else {
    default <- na_class
  }
  list(conditions = conditions, classes = levels(y)[rule_classes],
       default = levels(y)[default], errors = errors)
}

# ---- sequential covering -------------------------------------------------------------

# A random share of `rows`, drawn with R's random numbers.
learn_draw_share <- function(rows, share) {
  rows[sample.int(length(rows), round(share * length(rows)))]
}

learn_covering <- function(training, prune_share, max_rules) {
  y <- training$y
  k <- nlevels(y)
  codes <- as.integer(y)
  n <- length(codes)
  presorted <- .Call(C_sds_learn_presort, training$columns, training$n_levels)
  frequency <- tabulate(codes, k)
  class_order <- order(frequency)
  class_order <- class_order[frequency[class_order] > 0L]
  remaining <- rep(TRUE, n)
  conditions <- list()
  classes <- character()
  for (cl in class_order[-length(class_order)]) {
    while (length(conditions) < max_rules) {
      positive <- which(remaining & codes == cl)
      negative <- which(remaining & codes != cl)
      if (length(positive) == 0L || length(negative) == 0L) break
      role <- integer(n)
      role[remaining] <- 1L
      role[c(learn_draw_share(positive, prune_share), learn_draw_share(negative, prune_share))] <- 2L
      if (!any(role == 1L & codes == cl)) break
      grown <- .Call(C_sds_learn_grow, training$columns, training$n_levels, presorted,
                     codes, role, cl)
      size <- length(grown$column)
      if (size == 0L) break
      # Prune: among the leading parts of the rule (its first 1, 2, ...
      # conditions), keep the one with the best precision on the held-out
      # rows, the longest in case of a tie; stop if it is wrong more often
      # than right there.
      held <- role == 2L
      depth <- grown$depth[held]
      is_class <- codes[held] == cl
      at_least <- function(d) rev(cumsum(rev(tabulate(d + 1L, size + 1L))))[-1L]
      p <- at_least(depth[is_class])
      m <- at_least(depth[!is_class])
      value <- (p + 1) / (p + m + 2)
      length_kept <- max(which(value == max(value)))
      if (p[length_kept] < m[length_kept]) break
      conditions <- c(conditions, list(learn_grown_condition(grown, length_kept, training)))
      classes <- c(classes, levels(y)[cl])
      remaining <- remaining & grown$depth < length_kept
    }
  }
  left <- tabulate(codes[remaining], k)
  if (sum(left) == 0) left <- frequency
  # Ties go to the most frequent class (the last in the class order).
  tied <- which(left == max(left))
  default <- levels(y)[tied[which.max(match(tied, class_order))]]
  list(conditions = conditions, classes = classes, default = default)
}
