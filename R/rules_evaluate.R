# Rule lists evaluated on data by C (src/rules.c): the row each rule decides,
# and the counts by true class that summary(), print() and predict(type =
# "prob") read.

# Evaluate the rules on `data`; `map` gives the integer written for the default
# (first) and for each rule.  With na_stops, an NA condition gives NA.  A list:
# `answer` (with the attributes `answer_attributes`, a named list, e.g. a
# factor's levels and class), `na_passed` (see src/rules.c: for the default,
# then each rule, the rows it decided after an NA condition had let them
# through) and `fired` (the rows the default, then each rule, decided).
run_rules <- function(model, data, map, na_stops, arg, call, answer_attributes = list()) {
  bound <- bind_program(model, data, arg, call)
  run <- function(unchecked_text)
    .Call(C_sds_rules_eval, bound$columns, bound$code, bound$rule_start,
          bound$numbers, bound$strings, as.integer(map), na_stops,
          as.double(nrow(data)), unchecked_text, l10n_info()[["UTF-8"]],
          answer_attributes)
  result <- run(unchecked_text = TRUE)
  if (!is.null(result)) return(result)
  # C met a string that R must translate (Latin-1, "bytes") or refuse (not
  # valid UTF-8): R's checks of the character columns, then the rules again.
  text <- vapply(bound$columns, is.character, NA)
  bound$columns[text] <- Map(function(x, name) check_text_input(x, arg, call, name),
                             bound$columns[text], bound$names[text])
  run(unchecked_text = FALSE)
}

# Evaluate on data holding the true class: the row of the counts matrix each
# case falls in (rules 1..R, then R + 1 for the default), the true classes,
# the counts, and `na_passed` (for each rule, then the default: the rows it
# decided after an NA condition had let them through).  Rows whose true
# class is missing are left out.
evaluate_rules <- function(model, data, arg, call) {
  check_data_frame(data, arg, call)
  response <- model$response
  if (!(response %in% names(data))) missing_response_error(model, data, arg, call)
  truth_declared <- is.factor(data[[response]]) || is.logical(data[[response]])
  truth <- as_classes(data[[response]], paste0(arg, "$", response), call, order = "appearance")
  check_empty_labels(truth, paste0(arg, "$", response), call)
  n_missing <- sum(is.na(truth))
  if (n_missing > 0) {
    # only the columns the rules read, on the rows with a known class
    keep <- !is.na(truth)
    used <- intersect(unique(model$program$column), names(data))
    data <- structure(lapply(stats::setNames(used, used), function(name) data[[name]][keep]),
                      class = "data.frame", row.names = .set_row_names(sum(keep)))
    truth <- truth[keep]
  }
  n_rules <- length(model$classes)
  evaluated <- run_rules(model, data, c(n_rules + 1L, seq_len(n_rules)), FALSE, arg, call)
  row <- evaluated$answer
  na_passed <- evaluated$na_passed
  # The truth's classes first (its levels, or labels in order of
  # appearance), then those of the model it lacks: the layout of summary().
  classes <- union(levels(truth), model$class_levels)
  truth_code <- match(levels(truth), classes)[truth]
  cells <- row + (truth_code - 1L) * (n_rules + 1L)
  counts <- matrix(as.double(tabulate(cells, (n_rules + 1L) * length(classes))),
                   n_rules + 1L, length(classes))
  dimnames(counts) <- stats::setNames(list(c(seq_len(n_rules), "default"), classes),
                                      c("rule", response))
  list(row = row, truth = truth, counts = counts,
       na_passed = c(na_passed[-1L], na_passed[1L]), n_missing = n_missing,
       truth_declared = truth_declared)
}

# The true class's column is not in the data: name the columns that hold the
# rules' classes, and the argument that names it (.response, "classe" by
# default, as in the lecture's data).
missing_response_error <- function(model, data, arg, call) {
  separator <- separator_hint(data)
  if (nzchar(separator))
    sds_abort(paste0(gettextf("column '%s' (the true class, named by the rule list's '.response') is missing from '%s'",
                              model$response, arg, domain = "R-sdsante"), separator), call)
  # Text: a column that holds one of the classes; numbers (codes 0/1): a
  # column whose every value is a class.
  holds <- vapply(data, function(column) {
    if (!is.atomic(column) || !is.null(dim(column))) return(FALSE)
    values <- as.character(unique(column[!is.na(column)]))
    if (is.numeric(column)) length(values) > 0L && all(values %in% model$class_levels) else
      any(values %in% model$class_levels)
  }, NA)
  candidates <- names(data)[holds]
  hint <- if (length(candidates))
    gettextf("; the column that holds the rules' classes looks like %s: give it with rule_list(..., .response = \"%s\")",
             quote_labels(candidates, 3L), candidates[1L], domain = "R-sdsante") else
    gettext("; give the name of the true class's column with rule_list(..., .response = ) (learn_rules() takes it from the formula)",
            domain = "R-sdsante")
  sds_abort(paste0(gettextf("column '%s' (the true class, named by the rule list's '.response') is missing from '%s'",
                            model$response, arg, domain = "R-sdsante"), hint), call)
}

# The model with the counts of `data`: how many rows each rule fired on, by
# true class, a numeric matrix with one row per rule and a last row
# "default", one column per class (the model's classes, then any other class
# of data[[model$response]]; rows whose true class is missing are not
# counted); and the rows that missing values decided, for summary().
add_counts <- function(model, data, arg, call) {
  evaluated <- evaluate_rules(model, data, arg, call)
  model$counts <- evaluated$counts
  model$na_passed <- evaluated$na_passed
  model
}
