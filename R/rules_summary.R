# Rule lists evaluated rule by rule: summary() counts, for each rule, the
# rows it covered and got right (and those that missing values sent to it),
# with the confusion matrix of the whole list; print() lays that out within
# the width, in the session's language.

#' Evaluate a decision list rule by rule
#'
#' For each rule: how many rows it covered (rows that reached it and met its
#' condition), how many of those it classified right, and its accuracy among
#' them; then the confusion matrix of the whole list ([confusion_matrix()]).
#' Rows whose true class is missing are left out, and the print-out says how
#' many (`$n_missing`). The matrix's rows and columns follow the classes of
#' the true class's column, as [confusion_matrix()]: a class that a rule
#' answers and that the column never holds is an error when the column is a
#' factor, or when the class is close to one of its labels (a typo, another
#' language). When the column `object$response` is missing from `data`, the
#' error names the columns that hold the rules' classes and `.response`. When a missing value made
#' a rule's condition unknown for some rows, so that a later rule or the
#' default classified them, the print-out says how many (column "after
#' NA", by the rule that classified them, and a sentence below the table).
#'
#' Printing translates the labels in a French session; the names of the
#' returned object do not change. Long conditions are cut at their "and" /
#' "or" (long sets of values after their commas) to fit
#' `getOption("width")`; when the other columns leave them too little room,
#' they go on the lines under their rule.
#'
#' @param object A rule list from [rule_list()] or `learn_rules()`.
#' @param data A data frame with the columns the rules use and the true class
#'   (column `object$response`). If `NULL`, the counts stored in the model
#'   (from `.data` or `learn_rules()`) are used.
#' @param ... Not used.
#' @return An object of class `sdsante_rules_summary`: a list with `rules`
#'   (data frame with `rule` (0 for the default), `condition` (plain
#'   language), `class`, `covered`, `correct`, `accuracy`, `after_na` (the
#'   rows it classified after a missing value had made an earlier rule's
#'   condition unknown; `NA` for a model whose counts were made before
#'   sdsante 0.2.0)), `confusion` (a
#'   [confusion_matrix()], `NULL` with a single class), `counts`,
#'   `response` and `n_missing` (rows left out for a missing true class).
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' summary(model, tableaux[tableaux$ensemble == "apprentissage", ])
#' summary(model, tableaux[tableaux$ensemble == "test", ])
summary.sdsante_rules <- function(object, data = NULL, ...) {
  call <- sys.call()
  n_rules <- length(object$classes)
  predicted_class <- c(object$classes, object$default)
  if (is.null(data)) {
    counts <- object$counts
    if (is.null(counts))
      sds_abort(gettext("'data' is missing: give a data frame with the columns of the rules and the true class (this model has no counts of its own)",
                        domain = "R-sdsante"), call)
    confusion <- confusion_from_counts(counts, predicted_class)
    after_na <- object$na_passed
    n_missing <- 0
    if (length(after_na) != n_rules + 1L) after_na <- rep(NA_real_, n_rules + 1L)
  } else {
    evaluated <- evaluate_rules(object, data, "data", call)
    counts <- evaluated$counts
    after_na <- evaluated$na_passed
    if (sum(counts) == 0)
      sds_abort(gettextf("'data' has no row with a known true class ('%s')",
                         object$response, domain = "R-sdsante"), call)
    confusion <- rules_confusion(object, evaluated, predicted_class, call)
    n_missing <- evaluated$n_missing
  }
  covered <- unname(rowSums(counts))
  correct <- rule_correct(counts, object)
  trees <- rule_trees(object)
  rules <- data.frame(rule = c(seq_len(n_rules), 0L),
                      condition = c(vapply(trees, describe_node, ""), ""),
                      class = predicted_class, covered = covered, correct = correct,
                      accuracy = ifelse(covered > 0, correct / covered, NA_real_),
                      after_na = after_na, stringsAsFactors = FALSE)
  structure(list(rules = rules, confusion = confusion, counts = counts,
                 response = object$response, n_missing = n_missing,
                 condition_pieces = c(lapply(trees, describe_pieces), list(""))),
            class = "sdsante_rules_summary")
}

# The confusion matrix of the rules on data: rows and columns follow the
# classes of the true class's column (as confusion_matrix()), never the
# model's.  A class that a rule actually answers and that the column never
# holds is refused when the column declares its classes (a factor), or when
# it is close to one of them (a typo, another language); otherwise (a text
# column whose sample lacks a class) it comes after the column's classes.
rules_confusion <- function(model, evaluated, predicted_class, call) {
  truth <- evaluated$truth
  classes <- levels(truth)
  answered <- unique(predicted_class[sort(unique(evaluated$row))])
  unknown <- setdiff(answered, classes)
  hints <- vapply(unknown, class_hint, "", known = classes)
  refused <- unknown[!is.na(hints) | evaluated$truth_declared]
  if (length(refused)) {
    hints <- hints[refused]
    shown <- ifelse(is.na(hints), paste0("\"", refused, "\""),
                    gettextf("\"%s\" (did you mean \"%s\"?)", refused, hints, domain = "R-sdsante"))
    sds_abort(sprintf(ngettext(length(refused),
                               "the rules answer %s, a class that column '%s' of 'data' never holds (its classes: %s): correct the class in the rule",
                               "the rules answer %s, classes that column '%s' of 'data' never holds (its classes: %s): correct the classes in the rules",
                               domain = "R-sdsante"),
                      paste(shown, collapse = ", "), model$response, quote_labels(classes, 5L)),
              call)
  }
  classes <- c(classes, unknown)
  if (length(classes) < 2L) return(NULL)
  truth <- codes_factor(as.integer(truth), classes)
  predicted <- codes_factor(match(predicted_class, classes)[evaluated$row], classes)
  confusion_matrix(truth, predicted)
}

# Confusion matrix (rows = truth) from the counts by rule.
confusion_from_counts <- function(counts, predicted_class) {
  classes <- colnames(counts)
  if (length(classes) < 2L || sum(counts) == 0) return(NULL)
  # Each rule's row of counts goes to the column of the class it predicts.
  predicts <- matrix(0, nrow(counts), length(classes))
  predicts[cbind(seq_len(nrow(counts)), match(predicted_class, classes))] <- 1
  table <- crossprod(counts, predicts)
  dimnames(table) <- list(classes, classes)
  as_confusion_matrix(table)
}

#' @export
print.sdsante_rules_summary <- function(x, digits = 4, ...) {
  digits <- check_digits(digits, sys.call())
  rules <- x$rules
  width <- getOption("width")
  total <- sum(rules$covered)
  cat(sprintf(ngettext(min(total, 1e9), "Decision list for %s, evaluated on %s case",
                       "Decision list for %s, evaluated on %s cases", domain = "R-sdsante"),
              x$response, format(total)), "\n\n", sep = "")
  labels <- gettext(c("rule", "default", "covered", "correct", "accuracy", "class",
                      "condition", "after NA"), domain = "R-sdsante")
  columns <- list(
    c(labels[1L], ifelse(rules$rule == 0L, labels[2L], rules$rule)),
    c(labels[3L], format(rules$covered)),
    c(labels[4L], format(rules$correct)),
    c(labels[5L],
      ifelse(is.na(rules$accuracy), "", format(round(rules$accuracy, digits), nsmall = 2))))
  left <- c(TRUE, FALSE, FALSE, FALSE)
  after_na <- rules$after_na
  if (!is.null(after_na) && any(after_na > 0, na.rm = TRUE)) {
    columns <- c(columns, list(c(labels[8L], format(after_na))))
    left <- c(left, FALSE)
  }
  columns <- c(columns, list(c(labels[6L], rules$class)))
  left <- c(left, TRUE)
  pad <- function(text, left) {
    width <- max(nchar(text, type = "width"))
    space <- strrep(" ", width - nchar(text, type = "width"))
    if (left) paste0(text, space) else paste0(space, text)
  }
  table <- mapply(pad, columns, left)
  if (is.null(dim(table))) table <- matrix(table, nrow = 1L)
  start <- apply(table, 1L, paste, collapse = "  ")
  # The condition comes last, cut at its "and" / "or" to fit the width,
  # continued under its column; when the other columns leave it too little
  # room (a narrow console, longer French labels), it goes on the lines
  # under its rule, indented.
  indent <- strrep(" ", nchar(start[1L], type = "width") + 2L)
  room <- width - nchar(indent)
  pieces <- x$condition_pieces
  if (is.null(pieces)) pieces <- as.list(rules$condition)
  wrap <- function(room) lapply(pieces, function(p) wrap_pieces(p, "", "", max(room, 1L), ""))
  conditions <- wrap(room)
  widths <- nchar(unlist(conditions), type = "width")
  below <- any(widths > room) || (room < 20L && any(lengths(conditions) > 1L))
  if (below) {
    indent <- strrep(" ", 4L)
    conditions <- wrap(width - 4L)
  }
  conditions <- c(list(labels[7L]), conditions)
  lines <- unlist(lapply(seq_along(start), function(i) {
    condition <- conditions[[i]]
    if (below) return(c(start[i], if (i > 1L && any(condition != "")) paste0(indent, condition)))
    c(paste0(start[i], "  ", condition[1L]),
      if (length(condition) > 1L) paste0(indent, condition[-1L]))
  }))
  cat(trimws(lines, "right"), sep = "\n")
  na_line <- na_passed_text(after_na)
  if (length(na_line)) cat("\n", paste(strwrap(na_line, width = width), collapse = "\n"),
                           "\n", sep = "")
  if (!is.null(x$n_missing) && x$n_missing > 0)
    cat("\n", paste(strwrap(sprintf(ngettext(min(x$n_missing, 1e9),
      "%s row whose true class ('%s') is missing was left out.",
      "%s rows whose true class ('%s') is missing were left out.", domain = "R-sdsante"),
      format_count(x$n_missing), x$response), width = width), collapse = "\n"), "\n", sep = "")
  if (!is.null(x$confusion)) {
    cat("\n")
    print(x$confusion)
  }
  invisible(x)
}
