# Rule lists as data frames, and back.

#' A decision list as a data frame, and back
#'
#' `as.data.frame()` gives one row per rule, in order: `rule` (its number),
#' `condition` (R code, as text) and `class`; the last row is the default,
#' with `rule` 0 (as `predict(type = "rule")`) and condition `"TRUE"`. When
#' the model has counts, `covered` and `correct` give, for each rule, the
#' rows it covered and how many of them it classified right. The response's
#' name and the classes are kept in the attributes `response` and
#' `class_levels`.
#'
#' `as_rule_list()` turns such a data frame (it needs the columns
#' `condition` and `class`; the last row is the default, with condition
#' `"TRUE"` or `NA`) back into a rule list, which predicts exactly as the
#' original. It also adds counts to an existing rule list (`data`).
#'
#' @param x A rule list (for `as.data.frame()`), or a data frame of rules or
#'   a rule list (for `as_rule_list()`).
#' @param row.names,optional Not used.
#' @param response,levels For a data frame: the name of the true class's
#'   column and all the classes in order (by default taken from the
#'   attributes written by `as.data.frame()`, else `"classe"` and the
#'   classes in order of appearance).
#' @param data Optional data frame with the columns and the true class: the
#'   rule list then counts the rows each rule covers (for `print()` and
#'   `predict(type = "prob")`).
#' @param ... Not used.
#' @return `as.data.frame()`: a data frame; `as_rule_list()`: an object of
#'   class `sdsante_rules` (see [rule_list()]).
#' @export
#' @examples
#' train <- tableaux[tableaux$ensemble == "apprentissage", ]
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' rules <- as.data.frame(model)
#' rules
#' rules$condition[2] <- "visages >= 4"
#' as_rule_list(rules, data = train)
as.data.frame.sdsante_rules <- function(x, row.names = NULL, optional = FALSE, ...) {
  n_rules <- length(x$classes)
  rules <- data.frame(rule = c(seq_len(n_rules), 0L),
                      condition = c(vapply(x$conditions, code_text, ""), "TRUE"),
                      class = c(x$classes, x$default), stringsAsFactors = FALSE)
  if (!is.null(x$counts)) {
    rules$covered <- unname(rowSums(x$counts))
    rules$correct <- rule_correct(x$counts, x)
  }
  attr(rules, "response") <- x$response
  attr(rules, "class_levels") <- x$class_levels
  rules
}

#' @rdname as.data.frame.sdsante_rules
#' @export
as_rule_list <- function(x, ...) UseMethod("as_rule_list")

#' @rdname as.data.frame.sdsante_rules
#' @export
as_rule_list.sdsante_rules <- function(x, data = NULL, ...) {
  if (!is.null(data)) x <- add_counts(x, data, "data", sys.call())
  x
}

#' @rdname as.data.frame.sdsante_rules
#' @export
as_rule_list.data.frame <- function(x, response = NULL, levels = NULL, data = NULL, ...) {
  call <- sys.call()
  if (!all(c("condition", "class") %in% names(x)) || nrow(x) == 0L)
    sds_abort(gettext("'x' must be a data frame with the columns 'condition' and 'class' and at least one row (the default)",
                      domain = "R-sdsante"), call)
  last <- nrow(x)
  condition <- as.character(x$condition)
  if (!(is.na(condition[last]) || trimws(condition[last]) == "TRUE"))
    sds_abort(gettextf("the last row of 'x' gives the default class, so its condition must be \"TRUE\" or NA, not \"%s\"",
                       condition[last], domain = "R-sdsante"), call)
  conditions <- lapply(seq_len(last - 1L), function(i) {
    parsed <- tryCatch(str2lang(condition[i]), error = function(e) NULL)
    if (is.null(parsed) || is.na(condition[i]))
      sds_abort(gettextf("row %d of 'x': the condition \"%s\" is not R code",
                         i, condition[i], domain = "R-sdsante"), call)
    parsed
  })
  classes <- as.character(x$class)
  if (is.null(response)) response <- attr(x, "response")
  if (is.null(response)) response <- "classe"
  # Classes edited in the data frame join the classes it was written with.
  if (is.null(levels)) levels <- union(attr(x, "class_levels"), classes)
  model <- new_rule_list(conditions, classes[-last], classes[last], response, levels, call)
  if (!is.null(data)) model <- add_counts(model, data, "data", call)
  model
}

#' @rdname as.data.frame.sdsante_rules
#' @export
as_rule_list.default <- function(x, ...) {
  sds_abort(gettextf("'x' must be a data frame of rules or a rule list, not %s",
                     describe_value(x), domain = "R-sdsante"), sys.call())
}
