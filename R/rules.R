# Rule lists ("decision lists"): written by hand with rule_list() or learned by
# learn_rules(), compiled here into a small postfix program (a data frame of
# instructions), and evaluated in C (src/rules.c), first match wins.
#
# Internal API used by R/learn_rules.R:
#   new_rule_list(conditions, classes, default, response, class_levels, call)
#   rule_counts(model, data)   -> (rules + 1) x classes matrix of counts

# Opcodes, in the order of the enum of src/rules.c.
RULE_OPCODES <- c("<", "<=", ">", ">=", "==", "!=", "%in%", "is.na", "column",
                  "const", "!", "&", "|")
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
#' value of `seuil` at the time `rule_list()` is called.
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
#' instead (see [predict.sdsante_rules()]).
#'
#' @section How it runs:
#' Each condition is compiled once into a postfix program, stored as a data
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
  default <- check_rule_class(.default, "'.default'", call)
  conditions <- vector("list", length(exprs))
  classes <- character(length(exprs))
  for (i in seq_along(exprs)) {
    # A condition written without "~ class" is not evaluated (its columns do
    # not exist here); anything else is, in the caller's environment.
    expr <- exprs[[i]]
    if (is.call(expr) && is.symbol(expr[[1L]]) &&
        as.character(expr[[1L]]) %in% c(RULE_COMPARISONS, "%in%", "&", "|", "!", "is.na"))
      sds_abort(gettextf("argument %d must be a formula 'condition ~ class' such as yeux >= 1 ~ \"Portrait\", not %s",
                         i, deparse1(expr), domain = "R-sdsante"), call)
    rule <- rule_formula(...elt(i), i, call)
    conditions[i] <- list(rule$condition)
    classes[i] <- check_rule_class(eval(rule$class, rule$env),
                                   gettextf("the class of rule %d", i, domain = "R-sdsante"),
                                   call)
  }
  response <- check_response_name(.response, ".response", call)
  if (!is.null(.levels) && (!is.character(.levels) || anyNA(.levels) ||
                            anyDuplicated(.levels) ||
                            !all(c(classes, default) %in% .levels)))
    sds_abort(gettextf("'.levels' must be a character vector of distinct classes holding every class of the rules and .default (%s)",
                       paste(unique(c(classes, default)), collapse = ", "),
                       domain = "R-sdsante"), call)
  model <- new_rule_list(conditions, classes, default, response, .levels, call)
  if (!is.null(.data)) model$counts <- rule_counts(model, .data, ".data", call)
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
  list(condition = inline_values(formula[[2L]], env), class = formula[[3L]], env = env)
}

# Replace each `.(x)` by the value of x in env, as bquote() does.
inline_values <- function(e, env) {
  if (!is.call(e)) return(e)
  if (identical(e[[1L]], as.name("."))) {
    value <- eval(e[[2L]], env)
    return(if (is.factor(value)) as.character(value) else value)
  }
  for (i in seq_along(e)[-1L])
    if (!is.null(e[[i]]) && !identical(e[[i]], quote(expr = ))) {
      value <- inline_values(e[[i]], env)
      e[i] <- list(value)
    }
  e
}

# A class label: one non-missing string, factor, logical or number.
check_rule_class <- function(x, what, call) {
  ok <- (is.character(x) || is.factor(x) || is.logical(x) || is.numeric(x)) &&
    length(x) == 1L && !is.na(x)
  if (!ok)
    sds_abort(gettextf("%s must be one class, such as \"Portrait\", not %s",
                       what, format_value(x), domain = "R-sdsante"), call)
  as.character(x)
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
#   call         the user's call, for errors.
# Each condition is compiled (errors name the rule and say what is
# supported) once: the trees are kept in $trees for print, SQL and summary,
# the program in $program for C.  The result has no counts (set
# model$counts <- rule_counts()).
new_rule_list <- function(conditions, classes, default, response = "classe",
                          class_levels = NULL, call = sys.call(-1)) {
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
  unknown <- setdiff(c(classes, default), class_levels)
  if (length(unknown))
    sds_abort(gettextf("class \"%s\" is not among the classes (%s)", unknown[1L],
                       paste(class_levels, collapse = ", "), domain = "R-sdsante"), call)
  trees <- lapply(seq_along(conditions),
                  function(i) compile_condition(conditions[[i]], i, call))
  structure(list(conditions = conditions, classes = classes, default = default,
                 response = response, class_levels = class_levels,
                 program = emit_program(trees), trees = trees, counts = NULL, call = call),
            class = "sdsante_rules")
}

# ---- compiling a condition --------------------------------------------------

# A condition, checked against the supported grammar, as a tree of nodes:
#   cmp (column op value), in (column %in% value, na: NA in the set),
#   isna (column), column (a logical column), const (TRUE/FALSE),
#   not (arg), and / or (args: two nodes).
# Parentheses disappear; the column of a comparison is always on the left.
compile_condition <- function(expr, rule, call) {
  fail <- function(reason)
    sds_abort(paste(gettextf("rule %d (%s): %s.", rule, deparse1(expr), reason,
                             domain = "R-sdsante"),
                    gettext("A condition compares a column with a constant (<, <=, >, >=, ==, !=), tests column %in% c(...) or is.na(column), or is a logical column; conditions are combined with &, | and !.",
                            domain = "R-sdsante")),
              call)
  compile_node(expr, fail)
}

compile_node <- function(e, fail) {
  if (is.symbol(e)) {
    if (!is.null(constant_value(e, fail)))
      fail(gettextf("%s is a constant, not a condition", deparse1(e), domain = "R-sdsante"))
    return(list(kind = "column", column = as.character(e)))
  }
  if (is.atomic(e) && is.logical(e) && length(e) == 1L && !is.na(e))
    return(list(kind = "const", value = e))
  if (!is.call(e))
    fail(gettextf("%s is not a condition", code_text(e), domain = "R-sdsante"))
  fn <- if (is.symbol(e[[1L]])) as.character(e[[1L]]) else deparse1(e[[1L]])
  n_args <- length(e) - 1L
  if (fn == "(" && n_args == 1L) return(compile_node(e[[2L]], fail))
  if (fn == "!" && n_args == 1L)
    return(list(kind = "not", arg = compile_node(e[[2L]], fail)))
  if (fn %in% c("&", "|") && n_args == 2L)
    return(list(kind = if (fn == "&") "and" else "or",
                args = list(compile_node(e[[2L]], fail), compile_node(e[[3L]], fail))))
  if (fn %in% c("&&", "||"))
    fail(gettextf("%s combines single TRUE/FALSE values; use %s to combine conditions row by row",
                  fn, substr(fn, 1L, 1L), domain = "R-sdsante"))
  if (fn %in% RULE_COMPARISONS && n_args == 2L) return(compile_comparison(e, fn, fail))
  if (fn == "%in%" && n_args == 2L) return(compile_membership(e, fail))
  if (fn == "is.na" && n_args == 1L) {
    if (!is_column(e[[2L]], fail))
      fail(gettext("is.na() takes a column name", domain = "R-sdsante"))
    return(list(kind = "isna", column = as.character(e[[2L]])))
  }
  if (!is.null(constant_value(e, fail)))
    fail(gettextf("%s is a constant, not a condition", deparse1(e), domain = "R-sdsante"))
  fail(gettextf("%s() is not supported", fn, domain = "R-sdsante"))
}

is_column <- function(e, fail) is.symbol(e) && is.null(constant_value(e, fail))

# The value of a constant expression (a literal, -literal, Inf, c(...), a:b,
# or a value inlined by .()), or NULL when `e` is not a constant.
constant_value <- function(e, fail) {
  if (is.symbol(e)) {
    name <- as.character(e)
    if (name == "Inf") return(Inf)
    if (name == "NaN") return(NaN)
    return(NULL)
  }
  if (is.atomic(e)) {
    if (is.null(e) || is.object(e) ||
        !(is.numeric(e) || is.character(e) || is.logical(e))) return(NULL)
    return(as.vector(e))
  }
  if (!is.call(e) || !is.symbol(e[[1L]])) return(NULL)
  fn <- as.character(e[[1L]])
  args <- as.list(e)[-1L]
  if (fn %in% c("-", "+", "(") && length(args) == 1L) {
    value <- constant_value(args[[1L]], fail)
    if (fn == "(") return(value)
    if (!is.numeric(value)) return(NULL)
    return(if (fn == "-") -value else value)
  }
  if (fn == ":" && length(args) == 2L) {
    from <- constant_value(args[[1L]], fail)
    to <- constant_value(args[[2L]], fail)
    if (is.numeric(from) && is.numeric(to) && length(from) == 1L && length(to) == 1L &&
        is.finite(from) && is.finite(to) && abs(to - from) < 1e6)
      return(from:to)
    return(NULL)
  }
  if (fn == "c") {
    if (length(args) == 0L)
      fail(gettext("the set of values is empty", domain = "R-sdsante"))
    parts <- lapply(args, constant_value, fail = fail)
    if (any(vapply(parts, is.null, TRUE))) return(NULL)
    kinds <- unique(vapply(parts, function(p) {
      if (all(is.na(p)) && is.logical(p)) "na" else if (is.character(p)) "string"
      else if (is.logical(p)) "logical" else "number"
    }, ""))
    kinds <- setdiff(kinds, "na")
    if (length(kinds) > 1L)
      fail(gettextf("the set %s mixes types; use only numbers, only strings or only TRUE/FALSE",
                    deparse1(e), domain = "R-sdsante"))
    return(unlist(parts, use.names = FALSE))
  }
  NULL
}

compile_comparison <- function(e, op, fail) {
  lhs <- e[[2L]]
  rhs <- e[[3L]]
  lhs_value <- constant_value(lhs, fail)
  rhs_value <- constant_value(rhs, fail)
  flipped <- c("<" = ">", "<=" = ">=", ">" = "<", ">=" = "<=", "==" = "==", "!=" = "!=")
  if (is_column(lhs, fail) && !is.null(rhs_value)) {
    column <- lhs
    value <- rhs_value
  } else if (is_column(rhs, fail) && !is.null(lhs_value)) {
    column <- rhs
    value <- lhs_value
    op <- flipped[[op]]
  } else if (is_column(lhs, fail) && is_column(rhs, fail)) {
    fail(gettextf("it compares two columns (%s and %s); a column can only be compared with a constant",
                  as.character(lhs), as.character(rhs), domain = "R-sdsante"))
  } else if (!is.null(lhs_value) && !is.null(rhs_value)) {
    fail(gettext("it compares two constants", domain = "R-sdsante"))
  } else {
    side <- if (is.null(lhs_value) && !is_column(lhs, fail)) lhs else rhs
    fail(gettextf("%s is neither a column name nor a constant; a comparison needs one of each",
                  deparse1(side), domain = "R-sdsante"))
  }
  name <- as.character(column)
  if (length(value) != 1L)
    fail(gettextf("%s is compared with %d values; use %%in%% to test several values",
                  name, length(value), domain = "R-sdsante"))
  if (is.nan(value) || is.na(value))
    fail(gettextf("comparing %s with %s gives NA for every row; use is.na(%s)",
                  name, format(value), name, domain = "R-sdsante"))
  if ((is.character(value) || is.logical(value)) && !(op %in% c("==", "!=")))
    fail(gettextf("%s can only be compared with == or !=, not %s",
                  code_text(value), op, domain = "R-sdsante"))
  list(kind = "cmp", column = name, op = op, value = value)
}

compile_membership <- function(e, fail) {
  if (!is_column(e[[2L]], fail))
    fail(gettext("%in% needs a column name on its left", domain = "R-sdsante"))
  values <- constant_value(e[[3L]], fail)
  if (is.null(values))
    fail(gettext("%in% needs a set of constants on its right, such as c(\"A\", \"B\") or 1:3",
                 domain = "R-sdsante"))
  if (length(values) == 0L)
    fail(gettext("the set of values is empty", domain = "R-sdsante"))
  if (any(is.nan(values)))
    fail(gettext("the set holds NaN; use is.na() for missing values", domain = "R-sdsante"))
  list(kind = "in", column = as.character(e[[2L]]),
       value = unique(values[!is.na(values)]), na = anyNA(values))
}

# The trees in postfix order, as a data frame: one instruction a row, with
# the rule it belongs to, its operation, its column and its constants.
emit_program <- function(trees) {
  rows <- list()
  emit <- function(node, rule) {
    switch(node$kind,
           cmp = add(rule, node$op, node$column, node$value),
           "in" = add(rule, "%in%", node$column, node$value, node$na),
           isna = add(rule, "is.na", node$column),
           column = add(rule, "column", node$column),
           const = add(rule, "const", NA_character_, node$value),
           not = { emit(node$arg, rule); add(rule, "!") },
           and = , or = {
             emit(node$args[[1L]], rule)
             emit(node$args[[2L]], rule)
             add(rule, if (node$kind == "and") "&" else "|")
           })
  }
  add <- function(rule, op, column = NA_character_, value = NULL, na = FALSE)
    rows[[length(rows) + 1L]] <<- list(rule = rule, op = op, column = column,
                                       value = value, na = na)
  for (r in seq_along(trees)) emit(trees[[r]], r)
  program <- data.frame(rule = vapply(rows, `[[`, 1L, "rule"),
                        op = vapply(rows, `[[`, "", "op"),
                        column = vapply(rows, `[[`, "", "column"),
                        stringsAsFactors = FALSE)
  program$value <- lapply(rows, `[[`, "value")
  program$na <- vapply(rows, `[[`, TRUE, "na")
  program
}

# ---- running the program on data -------------------------------------------

# Bind the program to the columns of `data`: check every column and constant,
# turn factor labels into level codes, and lay the program out for C.
bind_program <- function(model, data, arg, call) {
  program <- model$program
  used <- unique(program$column[!is.na(program$column)])
  absent <- used[!(used %in% names(data))]
  if (length(absent))
    sds_abort(sprintf(ngettext(length(absent),
                               "column %s, used by the rules, is missing from '%s'",
                               "columns %s, used by the rules, are missing from '%s'",
                               domain = "R-sdsante"),
                      paste0("'", absent, "'", collapse = ", "), arg), call)
  columns <- lapply(used, function(name) data[[name]])
  kinds <- vapply(columns, column_kind, "")
  if (anyNA(kinds)) {
    j <- which(is.na(kinds))[1L]
    sds_abort(gettextf("column '%s' of '%s' is %s; rules read numeric, logical, factor and character columns",
                       used[j], arg, describe_object(columns[[j]]), domain = "R-sdsante"), call)
  }
  n <- nrow(program)
  code <- matrix(0L, 5L, n)
  numbers <- list()
  strings <- list()
  n_numbers <- 0L
  n_strings <- 0L
  for (i in seq_len(n)) {
    op <- program$op[i]
    j <- match(program$column[i], used)
    value <- program$value[[i]]
    first <- 0L
    flag <- 0L
    if (op == "const") {
      flag <- as.integer(value)
    } else if (!is.na(j) && !(op %in% c("is.na", "column"))) {
      constants <- bind_constants(value, kinds[j], columns[[j]], op, program$rule[i],
                                  used[j], call)
      if (kinds[j] == "character") {
        first <- n_strings
        strings[[length(strings) + 1L]] <- constants
        n_strings <- n_strings + length(constants)
      } else {
        first <- n_numbers
        numbers[[length(numbers) + 1L]] <- constants
        n_numbers <- n_numbers + length(constants)
      }
      flag <- as.integer(program$na[i])
      value <- constants
    } else if (op == "column" && kinds[j] != "logical") {
      sds_abort(gettextf("rule %d uses column '%s' alone as a condition, so it must be logical (TRUE/FALSE), but it is %s; compare it with a value instead",
                         program$rule[i], used[j], kind_label(kinds[j]),
                         domain = "R-sdsante"), call)
    }
    code[, i] <- c(match(op, RULE_OPCODES), if (is.na(j)) -1L else j - 1L, first,
                   if (op %in% c("%in%", RULE_COMPARISONS)) length(value) else 0L, flag)
  }
  n_rules <- length(model$classes)
  list(columns = columns, code = as.vector(code),
       rule_start = c(0L, cumsum(tabulate(program$rule, n_rules))),
       numbers = as.double(unlist(numbers)), strings = enc2utf8(as.character(unlist(strings))))
}

# The constants of one leaf, for a column of the given kind: doubles (numbers,
# 0/1 for logical, level codes for factors; sets sorted) or UTF-8 strings.
bind_constants <- function(value, kind, x, op, rule, name, call) {
  if (length(value) > 0L) {
    ok <- switch(kind,
                 numeric = is.numeric(value),
                 logical = is.logical(value),
                 factor = , character = is.character(value))
    if (!ok)
      sds_abort(paste(gettextf("rule %d compares column '%s' (%s) with %s:",
                               rule, name, kind_label(kind), code_text(value),
                               domain = "R-sdsante"),
                      switch(kind,
                             numeric = gettext("a numeric column is compared with numbers.",
                                               domain = "R-sdsante"),
                             logical = gettext("a logical column is compared with TRUE or FALSE (== or !=), or used alone.",
                                               domain = "R-sdsante"),
                             gettext("a factor or character column is compared with strings, using ==, != or %in%.",
                                     domain = "R-sdsante"))),
                call)
  }
  if (kind == "character") return(as.character(value))
  if (kind == "factor") {
    codes <- match(value, levels(x), nomatch = 0L)
    if (op == "%in%") codes <- codes[codes > 0L]
    value <- codes
  }
  value <- as.double(value)
  if (op == "%in%") sort(unique(value)) else value
}

# Evaluate the rules on `data`; `map` gives the integer written for the default
# (first) and for each rule.  With na_stops, an NA condition gives NA.
run_rules <- function(model, data, map, na_stops, arg, call) {
  bound <- bind_program(model, data, arg, call)
  .Call(C_sds_rules_eval, bound$columns, bound$code, bound$rule_start,
        bound$numbers, bound$strings, as.integer(map), na_stops,
        as.double(nrow(data)))
}

# Evaluate on data holding the true class: the row of the counts matrix each
# case falls in (rules 1..R, then R + 1 for the default), the true classes,
# and the counts.
evaluate_rules <- function(model, data, arg, call) {
  check_data_frame(data, arg, call)
  response <- model$response
  if (!(response %in% names(data)))
    sds_abort(gettextf("column '%s' (the true class) is missing from '%s'",
                       response, arg, domain = "R-sdsante"), call)
  truth <- as_classes(data[[response]], paste0(arg, "$", response), call)
  n_rules <- length(model$classes)
  row <- run_rules(model, data, c(n_rules + 1L, seq_len(n_rules)), FALSE, arg, call)
  classes <- union(model$class_levels, levels(truth))
  truth_code <- match(levels(truth), classes)[truth]
  known <- !is.na(truth_code)
  cells <- row[known] + (truth_code[known] - 1L) * (n_rules + 1L)
  counts <- matrix(as.double(tabulate(cells, (n_rules + 1L) * length(classes))),
                   n_rules + 1L, length(classes))
  dimnames(counts) <- stats::setNames(list(c(seq_len(n_rules), "default"), classes),
                                      c("rule", response))
  list(row = row, truth = truth, counts = counts)
}

# How many rows of `data` each rule fired on, by true class: a numeric matrix
# with one row per rule and a last row "default", one column per class (the
# model's classes, then any other class of data[[model$response]]).  Rows
# whose true class is missing are not counted.
rule_counts <- function(model, data, arg = "data", call = sys.call(-1)) {
  evaluate_rules(model, data, arg, call)$counts
}

#' Apply a decision list
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
#' @param ... Not used.
#' @return A factor, an integer vector or a matrix, with one value (row) per
#'   row of `newdata` (`NA` where `na = "na"` could not decide); zero-length
#'   when `newdata` has no row.
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
                                  na = c("next", "na"), ...) {
  call <- sys.call()
  type <- check_choice(type, c("class", "rule", "prob"), "type", call)
  na <- check_choice(na, c("next", "na"), "na", call)
  if (missing(newdata))
    sds_abort(gettext("'newdata' is missing: give a data frame holding the columns the rules use",
                      domain = "R-sdsante"), call)
  check_data_frame(newdata, "newdata", call)
  n_rules <- length(object$classes)
  na_stops <- na == "na"
  if (type == "class") {
    codes <- run_rules(object, newdata,
                       match(c(object$default, object$classes), object$class_levels),
                       na_stops, "newdata", call)
    return(codes_factor(codes, object$class_levels))
  }
  if (type == "rule")
    return(run_rules(object, newdata, c(0L, seq_len(n_rules)), na_stops, "newdata", call))
  counts <- object$counts
  if (is.null(counts))
    sds_abort(gettext("type = \"prob\" needs the rows each rule covered, and this model has none: build it with rule_list(..., .data = train), or add them with model <- as_rule_list(model, data = train)",
                      domain = "R-sdsante"), call)
  row <- run_rules(object, newdata, c(n_rules + 1L, seq_len(n_rules)), na_stops,
                   "newdata", call)
  covered <- rowSums(counts)
  frequencies <- counts / ifelse(covered > 0, covered, NA_real_)
  prob <- frequencies[row, , drop = FALSE]
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

#' Print a decision list
#'
#' `print()` reads the list aloud, in the session's language: "If (1 <= yeux
#' <= 2) then classe = Portrait / Else if (visages >= 2) then classe =
#' Personnages / Else classe = Paysage". Two bounds on the same column are
#' written as one interval, `!(x >= 2)` as `x < 2` (the same, missing values
#' included), and numbers with at most 10 significant digits (the R code and
#' the SQL keep every digit). When the model has counts, each rule shows how
#' many rows it covered and how many of them it got right.
#'
#' @param x A rule list from [rule_list()] or `learn_rules()`.
#' @param style `"text"`: plain language; `"r"`: R code that rebuilds the
#'   model with [rule_list()]; `"sql"`: a SQL `CASE` expression (see
#'   [as_sql()]).
#' @param ... Not used.
#' @return `format()`: a character vector, one line each; `print()`: `x`,
#'   invisibly.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' model
#' print(model, style = "r")
#' format(model, style = "sql")
format.sdsante_rules <- function(x, style = c("text", "r", "sql"), ...) {
  style <- check_choice(style, c("text", "r", "sql"), "style", sys.call())
  switch(style, text = rules_text(x), r = rules_code(x), sql = rules_sql(x))
}

#' @rdname format.sdsante_rules
#' @export
print.sdsante_rules <- function(x, style = c("text", "r", "sql"), ...) {
  cat(format(x, style = style), sep = "\n")
  invisible(x)
}

rules_text <- function(model) {
  response <- model$response
  n_rules <- length(model$classes)
  if (n_rules == 0L) {
    lines <- gettextf("Always %s = %s", response, model$default, domain = "R-sdsante")
  } else {
    conditions <- vapply(rule_trees(model), describe_node, "")
    lines <- c(gettextf("If (%s) then %s = %s", conditions[1L], response,
                        model$classes[1L], domain = "R-sdsante"),
               gettextf("Else if (%s) then %s = %s", conditions[-1L], response,
                        model$classes[-1L], domain = "R-sdsante"),
               gettextf("Else %s = %s", response, model$default, domain = "R-sdsante"))
  }
  counts <- model$counts
  if (is.null(counts)) return(lines)
  covered <- rowSums(counts)
  correct <- rule_correct(counts, model)
  width <- max(nchar(lines, type = "width"))
  c(paste0(lines, strrep(" ", width - nchar(lines, type = "width")), "  ",
           gettextf("(%s covered, %s correct)", format(covered), format(correct),
                    domain = "R-sdsante")),
    gettextf("Counted on %s cases.", format(sum(counts)), domain = "R-sdsante"))
}

# Plain-language text of a condition tree.
describe_node <- function(node) {
  switch(node$kind,
         cmp = paste(node$column, display_op(node$op), display_value(node$value)),
         interval = paste(display_value(node$low), node$low_op, node$column,
                          node$high_op, display_value(node$high)),
         "in" = gettextf("%s in {%s}", node$column, display_set(node), domain = "R-sdsante"),
         isna = gettextf("%s is missing", node$column, domain = "R-sdsante"),
         column = node$column,
         const = if (node$value) "TRUE" else "FALSE",
         not = describe_negation(node$arg),
         and = , or = describe_junction(node))
}

display_op <- function(op) if (op == "==") "=" else op

# A constant as the reader sees it: numbers to 10 significant digits at most
# (a threshold of 0.15000000000000002 reads 0.15; the R code and SQL keep
# every digit).
display_value <- function(x) {
  if (is.character(x)) return(encodeString(x, quote = "\""))
  if (is.logical(x)) return(if (x) "TRUE" else "FALSE")
  exact <- format_number(x)
  if (nchar(exact) <= 12L) exact else sprintf("%.10g", x)
}

display_set <- function(node) {
  values <- vapply(node$value, display_value, "")
  paste(c(values, if (node$na) "NA"), collapse = ", ")
}

# !(x >= 2) is x < 2 even with missing values (both NA), and so on.
describe_negation <- function(arg) {
  negated <- c("<" = ">=", "<=" = ">", ">" = "<=", ">=" = "<", "==" = "!=", "!=" = "==")
  switch(arg$kind,
         cmp = { arg$op <- negated[[arg$op]]; describe_node(arg) },
         "in" = gettextf("%s not in {%s}", arg$column, display_set(arg), domain = "R-sdsante"),
         isna = gettextf("%s is not missing", arg$column, domain = "R-sdsante"),
         not = describe_node(arg$arg),
         const = if (arg$value) "FALSE" else "TRUE",
         column = gettextf("not %s", arg$column, domain = "R-sdsante"),
         gettextf("not (%s)", describe_node(arg), domain = "R-sdsante"))
}

# Flatten a & b & c (or |) into its terms.
junction_terms <- function(node) {
  terms <- list()
  for (arg in node$args)
    terms <- c(terms, if (arg$kind == node$kind) junction_terms(arg) else list(arg))
  terms
}

describe_junction <- function(node) {
  terms <- junction_terms(node)
  if (node$kind == "and") terms <- merge_intervals(terms)
  texts <- vapply(terms, function(t) {
    text <- describe_node(t)
    if (t$kind %in% c("and", "or")) paste0("(", text, ")") else text
  }, "")
  word <- if (node$kind == "and") gettext("and", domain = "R-sdsante")
          else gettext("or", domain = "R-sdsante")
  paste(texts, collapse = paste0(" ", word, " "))
}

# One lower and one upper bound on the same numeric column become an interval
# node, in place of the first of the two.
merge_intervals <- function(terms) {
  is_bound <- function(t, ops) t$kind == "cmp" && t$op %in% ops && is.numeric(t$value)
  columns <- unique(vapply(terms, function(t) if (t$kind == "cmp") t$column else "", ""))
  for (column in setdiff(columns, "")) {
    on_column <- vapply(terms, function(t) t$kind == "cmp" && t$column == column, TRUE)
    low <- which(on_column & vapply(terms, is_bound, TRUE, ops = c(">", ">=")))
    high <- which(on_column & vapply(terms, is_bound, TRUE, ops = c("<", "<=")))
    if (length(low) != 1L || length(high) != 1L) next
    lo <- terms[[low]]
    hi <- terms[[high]]
    terms[[min(low, high)]] <- list(kind = "interval", column = column,
                                    low = lo$value, low_op = if (lo$op == ">=") "<=" else "<",
                                    high = hi$value, high_op = hi$op)
    terms[[max(low, high)]] <- NULL
  }
  terms
}

# A number as short as possible but read back exactly.
format_number <- function(x) {
  if (is.na(x)) return("NA")
  if (is.infinite(x)) return(if (x > 0) "Inf" else "-Inf")
  for (digits in 15:17) {
    text <- sprintf("%.*g", digits, x)
    if (as.double(text) == x) break
  }
  text
}

# R source of a condition (only the supported grammar), such that parsing it
# gives back the same rule and the same text.
code_text <- function(e) {
  if (is.symbol(e)) return(code_name(as.character(e)))
  if (is.atomic(e)) return(code_constant(e))
  fn <- as.character(e[[1L]])
  args <- as.list(e)[-1L]
  if (fn == "(") return(paste0("(", code_text(args[[1L]]), ")"))
  if (fn == "!") {
    inner <- args[[1L]]
    compound <- is.call(inner) && !(as.character(inner[[1L]]) %in% c("(", "is.na"))
    return(paste0("!", if (compound) paste0("(", code_text(inner), ")") else code_text(inner)))
  }
  if (fn == "is.na") return(paste0("is.na(", code_text(args[[1L]]), ")"))
  if (fn == "c") return(paste0("c(", paste(vapply(args, code_text, ""), collapse = ", "), ")"))
  if (fn == "-" && length(args) == 1L) return(paste0("-", code_text(args[[1L]])))
  if (fn == ":") return(paste0(code_text(args[[1L]]), ":", code_text(args[[2L]])))
  level <- code_precedence(e)
  wrap <- function(child, right) {
    inner <- code_precedence(child)
    text <- code_text(child)
    if (inner < level || (right && inner == level)) paste0("(", text, ")") else text
  }
  paste(wrap(args[[1L]], FALSE), fn, wrap(args[[2L]], TRUE))
}

code_precedence <- function(e) {
  if (!is.call(e)) return(10L)
  fn <- as.character(e[[1L]])
  if (fn == "|") 1L else if (fn == "&") 2L else if (fn == "!") 3L
  else if (fn %in% RULE_COMPARISONS) 4L else if (fn == "%in%") 5L else 10L
}

code_name <- function(name) {
  if (identical(make.names(name), name)) name
  else paste0("`", gsub("`", "\\`", name, fixed = TRUE), "`")
}

code_constant <- function(x) {
  one <- function(v) {
    if (is.na(v)) return("NA")
    if (is.character(v)) return(encodeString(v, quote = "\""))
    if (is.logical(v)) return(if (v) "TRUE" else "FALSE")
    if (is.integer(v)) return(paste0(v, "L"))
    format_number(v)
  }
  texts <- vapply(seq_along(x), function(i) one(x[[i]]), "")
  if (length(x) == 1L) texts else paste0("c(", paste(texts, collapse = ", "), ")")
}

rules_code <- function(model) {
  extra <- character()
  if (model$response != "classe")
    extra <- c(extra, paste0(".response = ", encodeString(model$response, quote = "\"")))
  if (!identical(model$class_levels, unique(c(model$classes, model$default))))
    extra <- c(extra, paste0(".levels = ", code_constant(model$class_levels)))
  args <- c(paste(vapply(model$conditions, code_text, ""), "~",
                  encodeString(model$classes, quote = "\"")),
            paste0(".default = ", encodeString(model$default, quote = "\"")), extra)
  c("rule_list(", paste0("  ", args, c(rep(",", length(args) - 1L), "")), ")")
}

# ---- SQL ----------------------------------------------------------------------

#' A decision list as a SQL expression
#'
#' Writes the rules as a SQL `CASE WHEN ... THEN ... ELSE ... END`
#' expression, to classify the rows of a database table, e.g.
#' `SELECT id, <expression> AS classe_predite FROM tableaux`.
#'
#' SQL's `CASE` skips a `WHEN` whose condition is `NULL` (unknown), which is
#' exactly what [predict()][predict.sdsante_rules] does by default. The
#' translation keeps R's results on missing values: `is.na(x)` becomes
#' `x IS NULL`, and `x %in% c(...)`, never `NA` in R, becomes
#' `COALESCE(x IN (...), FALSE)`. Comparisons with `Inf` or `-Inf` assume
#' the column holds no infinite value (SQL numbers usually cannot): `x < Inf`
#' becomes `(x IS NOT NULL OR NULL)`, true unless `x` is missing. Strings are
#' quoted with `'`, column names with `"` when they are not plain names.
#'
#' @param model A rule list from [rule_list()] or `learn_rules()`.
#' @return A character string of class `sdsante_sql`, printed as is.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' as_sql(model)
#' cat("SELECT id,", as_sql(model), "AS classe_predite FROM tableaux;\n")
as_sql <- function(model) {
  if (!inherits(model, "sdsante_rules"))
    sds_abort(gettextf("'model' must be a rule list (see rule_list()), not %s",
                       describe_value(model), domain = "R-sdsante"), sys.call())
  structure(paste(rules_sql(model), collapse = "\n"), class = "sdsante_sql")
}

#' @export
print.sdsante_sql <- function(x, ...) {
  cat(x, "\n", sep = "")
  invisible(x)
}

rules_sql <- function(model) {
  if (length(model$classes) == 0L) return(sql_string(model$default))
  c("CASE",
    paste0("  WHEN ", vapply(rule_trees(model), sql_node, ""), " THEN ",
           sql_string(model$classes)),
    paste0("  ELSE ", sql_string(model$default)),
    "END")
}

sql_string <- function(x) paste0("'", gsub("'", "''", x, fixed = TRUE), "'")

SQL_RESERVED <- c("all", "and", "as", "asc", "between", "by", "case", "check", "column",
                  "create", "default", "desc", "distinct", "else", "end", "false", "from",
                  "group", "having", "in", "is", "join", "like", "limit", "not", "null",
                  "on", "or", "order", "select", "table", "then", "to", "true", "union",
                  "user", "when", "where")

sql_name <- function(name) {
  if (grepl("^[A-Za-z_][A-Za-z0-9_]*$", name) && !(tolower(name) %in% SQL_RESERVED))
    name
  else paste0("\"", gsub("\"", "\"\"", name, fixed = TRUE), "\"")
}

sql_value <- function(x) {
  if (is.character(x)) return(sql_string(x))
  if (is.logical(x)) return(if (x) "TRUE" else "FALSE")
  format_number(x)
}

sql_node <- function(node) {
  column <- if (!is.null(node$column)) sql_name(node$column)
  switch(node$kind,
         cmp = sql_comparison(node, column),
         "in" = sql_membership(node, column),
         isna = paste(column, "IS NULL"),
         column = column,
         const = if (node$value) "TRUE" else "FALSE",
         not = {
           arg <- node$arg
           if (arg$kind == "isna") paste(sql_name(arg$column), "IS NOT NULL")
           else if (arg$kind %in% c("column", "const")) paste("NOT", sql_node(arg))
           else paste0("NOT (", sql_node(arg), ")")
         },
         and = , or = {
           texts <- vapply(junction_terms(node), function(t) {
             text <- sql_node(t)
             if (t$kind %in% c("and", "or")) paste0("(", text, ")") else text
           }, "")
           paste(texts, collapse = if (node$kind == "and") " AND " else " OR ")
         })
}

sql_comparison <- function(node, column) {
  value <- node$value
  op <- node$op
  if (is.numeric(value) && is.infinite(value)) {
    always <- if (value > 0) c("<", "<=", "!=") else c(">", ">=", "!=")
    # SQL has no portable infinity: for finite values the comparison is
    # TRUE (or FALSE) whenever the column is not NULL, and NULL otherwise.
    return(if (op %in% always) paste0("(", column, " IS NOT NULL OR NULL)")
           else paste0("(", column, " IS NULL AND NULL)"))
  }
  sql_op <- switch(op, "==" = "=", "!=" = "<>", op)
  paste(column, sql_op, sql_value(value))
}

sql_membership <- function(node, column) {
  values <- node$value
  if (is.numeric(values)) values <- values[is.finite(values)]
  if (length(values) == 0L) return(if (node$na) paste(column, "IS NULL") else "FALSE")
  test <- paste0("COALESCE(", column, " IN (",
                 paste(vapply(values, sql_value, ""), collapse = ", "), "), FALSE)")
  if (node$na) paste0("(", test, " OR ", column, " IS NULL)") else test
}

# ---- as data frame, and back ------------------------------------------------

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
  if (!is.null(data)) x$counts <- rule_counts(x, data, "data", sys.call())
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
  if (!is.null(data)) model$counts <- rule_counts(model, data, "data", call)
  model
}

#' @rdname as.data.frame.sdsante_rules
#' @export
as_rule_list.default <- function(x, ...) {
  sds_abort(gettextf("'x' must be a data frame of rules or a rule list, not %s",
                     describe_value(x), domain = "R-sdsante"), sys.call())
}

# ---- summary ------------------------------------------------------------------

#' Evaluate a decision list rule by rule
#'
#' For each rule: how many rows it covered (rows that reached it and met its
#' condition), how many of those it classified right, and its accuracy among
#' them; then the confusion matrix of the whole list ([confusion_matrix()]).
#' Rows whose true class is missing are left out.
#'
#' @param object A rule list from [rule_list()] or `learn_rules()`.
#' @param data A data frame with the columns the rules use and the true class
#'   (column `object$response`). If `NULL`, the counts stored in the model
#'   (from `.data` or `learn_rules()`) are used.
#' @param ... Not used.
#' @return An object of class `sdsante_rules_summary`: a list with `rules`
#'   (data frame with `rule` (0 for the default), `condition` (plain
#'   language), `class`, `covered`, `correct`, `accuracy`), `confusion` (a
#'   [confusion_matrix()], `NULL` with a single class), `counts` and
#'   `response`.
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
  } else {
    evaluated <- evaluate_rules(object, data, "data", call)
    counts <- evaluated$counts
    if (sum(counts) == 0)
      sds_abort(gettextf("'data' has no row with a known true class ('%s')",
                         object$response, domain = "R-sdsante"), call)
    # The classes in the order of the counts, as without data: the model's
    # classes first, then any other class of the truth.
    classes <- colnames(counts)
    truth <- codes_factor(match(levels(evaluated$truth), classes)[evaluated$truth], classes)
    predicted <- codes_factor(match(predicted_class, classes)[evaluated$row], classes)
    confusion <- if (length(classes) > 1L) confusion_matrix(truth, predicted)
  }
  covered <- unname(rowSums(counts))
  correct <- rule_correct(counts, object)
  rules <- data.frame(rule = c(seq_len(n_rules), 0L),
                      condition = c(vapply(rule_trees(object), describe_node, ""), ""),
                      class = predicted_class, covered = covered, correct = correct,
                      accuracy = ifelse(covered > 0, correct / covered, NA_real_),
                      stringsAsFactors = FALSE)
  structure(list(rules = rules, confusion = confusion, counts = counts,
                 response = object$response),
            class = "sdsante_rules_summary")
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
  rules <- x$rules
  cat(gettextf("Decision list for %s, evaluated on %s cases", x$response,
               format(sum(rules$covered)), domain = "R-sdsante"), "\n\n", sep = "")
  columns <- list(
    c(gettext("rule", domain = "R-sdsante"),
      ifelse(rules$rule == 0L, gettext("default", domain = "R-sdsante"), rules$rule)),
    c(gettext("covered", domain = "R-sdsante"), format(rules$covered)),
    c(gettext("correct", domain = "R-sdsante"), format(rules$correct)),
    c(gettext("accuracy", domain = "R-sdsante"),
      ifelse(is.na(rules$accuracy), "", format(round(rules$accuracy, digits), nsmall = 2))),
    c(gettext("class", domain = "R-sdsante"), rules$class),
    c(gettext("condition", domain = "R-sdsante"), rules$condition))
  pad <- function(text, left) {
    width <- max(nchar(text, type = "width"))
    space <- strrep(" ", width - nchar(text, type = "width"))
    if (left) paste0(text, space) else paste0(space, text)
  }
  table <- mapply(pad, columns, c(TRUE, FALSE, FALSE, FALSE, TRUE, TRUE))
  cat(trimws(apply(table, 1L, paste, collapse = "  "), "right"), sep = "\n")
  if (!is.null(x$confusion)) {
    cat("\n")
    print(x$confusion)
  }
  invisible(x)
}
