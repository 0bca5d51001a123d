# Rule lists, compiled: a condition (an R expression) becomes a tree, the trees
# a postfix program (a data frame of instructions) that src/rules.c runs, and
# bind_program() lays that program out over the columns of a data frame.

# ---- walking a condition without deep recursion -----------------------------

# Conditions are walked recursively (compiling, reading aloud, R code, SQL),
# but a chain a & b & c & ... (any number of terms) and a run of ! or ( count
# as one level, so a condition can have thousands of terms.  Only real
# nesting, such as a & (b | (c & ...)), adds levels, and it is limited to
# RULE_MAX_DEPTH so that no walk can exhaust R's C stack (each level costs a
# few R calls in every walk; R's parser itself stops near 50 nested
# parentheses, so no condition typed as text comes close).  R/sql.R walks the
# compiled trees, which are as deep as this depth at most (chains are flat
# n-ary nodes, runs of ! are collapsed).
RULE_MAX_DEPTH <- 40L

is_call_to <- function(e, fn) {
  is.call(e) && is.symbol(e[[1L]]) && identical(as.character(e[[1L]]), fn)
}

# The terms of a chain of one operator (`&` or `|`), left to right, through
# any nesting and parentheses, without recursion.  R nests a & b & c to the
# left, so each chain's left spine is walked in a loop; its right operands
# go on a stack (top: the next term), and one that is itself a chain
# (a & (b & c)) is walked when it comes off the stack.
chain_terms <- function(e, op) {
  terms <- list()
  stack <- vector("list", 64L)
  stack[[1L]] <- e
  top <- 1L
  while (top > 0L) {
    node <- strip_parens(stack[[top]], op)
    top <- top - 1L
    if (!(is_call_to(node, op) && length(node) == 3L)) {
      terms[[length(terms) + 1L]] <- node
      next
    }
    spine <- spine_terms(node, op)
    if (top + length(spine) > length(stack))
      length(stack) <- 2L * (top + length(spine))
    stack[top + seq_along(spine)] <- rev(spine)
    top <- top + length(spine)
  }
  terms
}

spine_terms <- function(e, op) {
  rights <- list()
  node <- strip_parens(e, op)
  while (is_call_to(node, op) && length(node) == 3L) {
    rights[[length(rights) + 1L]] <- node[[3L]]
    node <- strip_parens(node[[2L]], op)
  }
  c(list(node), rev(rights))
}

# (a & b) is a & b inside a chain of &.
strip_parens <- function(e, op) {
  while (is_call_to(e, "(") && length(e) == 2L && is_call_to(e[[2L]], op)) e <- e[[2L]]
  e
}

# A chain rebuilt from its terms, nested to the left as R parses a & b & c.
join_terms <- function(terms, op) {
  chain <- terms[[1L]]
  for (term in terms[-1L]) chain <- call(op, chain, term)
  chain
}

# The wrappers (calls to ! and () at the top of e, outermost first, and what
# they wrap.
unary_run <- function(e) {
  wrappers <- list()
  while ((is_call_to(e, "!") || is_call_to(e, "(")) && length(e) == 2L) {
    wrappers[[length(wrappers) + 1L]] <- e
    e <- e[[2L]]
  }
  list(wrappers = wrappers, inner = e)
}

# Put the wrappers of unary_run() back around a new inner expression.
rewrap <- function(wrappers, inner) {
  for (w in rev(wrappers)) {
    w[[2L]] <- inner
    inner <- w
  }
  inner
}

# How deeply a condition nests, chains and runs counting as one level;
# stops counting past `limit`.  Iterative.
condition_depth <- function(expr, limit = RULE_MAX_DEPTH) {
  exprs <- list(expr)
  depths <- 1L
  top <- 1L
  deepest <- 0L
  while (top > 0L) {
    e <- unary_run(exprs[[top]])$inner
    d <- depths[top]
    top <- top - 1L
    if (d > deepest) deepest <- d
    if (deepest > limit) break
    if (!is.call(e)) next
    children <- if (is_call_to(e, "&") || is_call_to(e, "|"))
      chain_terms(e, as.character(e[[1L]])) else as.list(e)[-1L]
    # By index: an empty argument (pts[0, ]) cannot be bound to a loop variable.
    for (j in seq_along(children)) {
      if (!is.call(children[[j]])) next
      top <- top + 1L
      exprs[[top]] <- children[[j]]
      depths[top] <- d + 1L
    }
  }
  deepest
}

# The clear limit that protects every walk over a condition (call it before
# any recursive walk of user input, e.g. in R/sql.R on a hand-built tree).
check_condition_depth <- function(expr, rule, call) {
  if (condition_depth(expr) > RULE_MAX_DEPTH)
    sds_abort(gettextf("rule %d: its condition nests more than %d levels deep (chains of & or | and runs of ! count as one level); write it with fewer nested parentheses, or split it into several rules",
                       rule, RULE_MAX_DEPTH, domain = "R-sdsante"), call)
  invisible(expr)
}

# A condition as a short text for messages (a long one is cut).
short_code <- function(e) {
  text <- paste(deparse(e, width.cutoff = 500L, nlines = 2L), collapse = " ")
  if (nchar(text) > 80L) paste0(substr(text, 1L, 77L), "...") else text
}

# ---- compiling a condition --------------------------------------------------

# A condition, checked against the supported grammar, as a tree of nodes:
#   cmp (column op value), in (column %in% value, na: NA in the set),
#   isna (column), column (a logical column), const (TRUE/FALSE),
#   not (arg), and / or (args: two or more nodes, none of its own kind).
# Parentheses disappear, a run of ! keeps its parity; the column of a
# comparison is always on the left.  `env`, when known, is where the rule
# was written: a name found there that is not a column gets a hint to use
# .().
compile_condition <- function(expr, rule, call, env = NULL) {
  check_condition_depth(expr, rule, call)
  fail <- function(reason)
    sds_abort(paste(gettextf("rule %d (%s): %s.", rule, short_code(expr), reason,
                             domain = "R-sdsante"),
                    gettext("A condition compares a column with a constant (<, <=, >, >=, ==, !=), tests column %in% c(...) or is.na(column), or is a logical column; conditions are combined with &, | and !.",
                            domain = "R-sdsante")),
              call)
  attr(fail, "env") <- env
  compile_node(expr, fail)
}

compile_node <- function(e, fail) {
  run <- unary_run(e)
  if (length(run$wrappers)) {
    negations <- sum(vapply(run$wrappers, is_call_to, TRUE, fn = "!"))
    inner <- compile_node(run$inner, fail)
    return(if (negations %% 2L == 1L) list(kind = "not", arg = inner) else inner)
  }
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
  if (fn %in% c("&", "|") && n_args == 2L) {
    kind <- if (fn == "&") "and" else "or"
    # A term compiled to a node of this kind (!!(a & b)) is spliced in, so
    # that the node stays flat.
    args <- lapply(chain_terms(e, fn), function(term) {
      node <- compile_node(term, fail)
      if (node$kind == kind) node$args else list(node)
    })
    return(list(kind = kind, args = do.call(c, args)))
  }
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

# When the expression `side` of comparison `e` names variables of the
# session where the rule was written (not functions), the hint to write it
# inside .(); otherwise "".
session_value_hint <- function(e, side, fail) {
  env <- attr(fail, "env")
  if (is.null(env)) return("")
  names <- all.vars(side)
  found <- vapply(names, function(name)
    exists(name, envir = env) && !is.function(get(name, envir = env)), TRUE)
  if (!length(names) || !any(found)) return("")
  fixed <- e
  for (i in 2:3) if (identical(e[[i]], side)) fixed[[i]] <- call(".", side)
  gettextf("; to use the value of %s from your session, write it inside .(), as in %s",
           deparse1(side), deparse1(fixed), domain = "R-sdsante")
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
    hint <- session_value_hint(e, rhs, fail)
    if (hint == "") hint <- session_value_hint(e, lhs, fail)
    fail(paste0(gettextf("it compares two columns (%s and %s); a column can only be compared with a constant",
                         as.character(lhs), as.character(rhs), domain = "R-sdsante"), hint))
  } else if (!is.null(lhs_value) && !is.null(rhs_value)) {
    fail(gettext("it compares two constants", domain = "R-sdsante"))
  } else {
    side <- if (is.null(lhs_value) && !is_column(lhs, fail)) lhs else rhs
    fail(paste0(gettextf("%s is neither a column name nor a constant; a comparison needs one of each",
                         deparse1(side), domain = "R-sdsante"),
                session_value_hint(e, side, fail)))
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
    fail(paste0(gettext("%in% needs a set of constants on its right, such as c(\"A\", \"B\") or 1:3",
                        domain = "R-sdsante"),
                session_value_hint(e, e[[3L]], fail)))
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
             # a & b & c: a b & c &, two truth values on the stack at most
             emit(node$args[[1L]], rule)
             for (arg in node$args[-1L]) {
               emit(arg, rule)
               add(rule, if (node$kind == "and") "&" else "|")
             }
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
  columns <- lapply(used, function(name) check_rule_column(data[[name]], arg, call, name))
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
    code[, i] <- c(rule_opcodes()[[op]], if (is.na(j)) -1L else j - 1L, first,
                   if (op %in% c("%in%", RULE_COMPARISONS)) length(value) else 0L, flag)
  }
  n_rules <- length(model$classes)
  list(columns = columns, names = used, code = as.vector(code),
       rule_start = c(0L, cumsum(tabulate(program$rule, n_rules))),
       numbers = as.double(unlist(numbers)), strings = enc2utf8(as.character(unlist(strings))))
}

# A column the rules read, checked (check_column_input()), but for the
# encodings of a character column's strings: C checks each distinct string
# as it reads the column (a pass of its own over millions of strings would
# cost more than the rules), and run_rules() hands the column to
# check_text_input() only if C meets a string R must translate or refuse.
# The check of decimal commas reads the first value only, unless it is a
# number.
check_rule_column <- function(x, arg, call, name) {
  if (!is.character(x) || !is.null(dim(x)) || is.object(x))
    return(check_column_input(x, arg, call, name))
  where <- gettextf("column '%s' of '%s'", printable_text(name), arg, domain = "R-sdsante")
  check_decimal_comma(x, where, call)
  x
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
