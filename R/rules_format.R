# Rule lists as text: print() in the session's language, and R code that
# rebuilds the model with rule_list().

#' Print a decision list
#'
#' `print()` reads the list aloud, in the session's language: "If (1 <= yeux
#' <= 2) then classe = Portrait / Else if (visages >= 2) then classe =
#' Personnages / Else classe = Paysage". Two bounds on the same column are
#' written as one interval, `!(x >= 2)` as `x < 2` (the same, missing values
#' included), and numbers with at most 10 significant digits (the R code and
#' the SQL keep every digit). When the model has counts, each rule shows how
#' many cases it covered and how many of them it got right: in one column
#' when every rule fits on a line beside them, else on a line under each
#' rule. Lines stay within `getOption("width")`: a long condition is cut at
#' its "and" / "or" (a long set of values after its commas), continued
#' under its first term. Printing translates
#' the words in a French session ("Si", "alors", "et", "cas couverts", with
#' French plurals); the names of the object do not change.
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

rules_text <- function(model, width = getOption("width")) {
  response <- model$response
  n_rules <- length(model$classes)
  if (n_rules == 0L) {
    rules <- list(gettextf("Always %s = %s", response, model$default, domain = "R-sdsante"))
  } else {
    pieces <- lapply(rule_trees(model), describe_pieces)
    templates <- c(gettextf("If (%s) then %s = %s", "\001", response, model$classes[1L],
                            domain = "R-sdsante"),
                   gettextf("Else if (%s) then %s = %s", "\001", response,
                            model$classes[-1L], domain = "R-sdsante"))
    rules <- c(lapply(seq_len(n_rules), function(r) list(template = templates[r],
                                                          pieces = pieces[[r]])),
               list(gettextf("Else %s = %s", response, model$default, domain = "R-sdsante")))
  }
  counts <- model$counts
  if (is.null(counts))
    return(unlist(lapply(rules, wrap_rule, width = width)))
  # Each rule's counts after it, in one column, when every rule fits on one
  # line beside them; else on a line of their own under each rule (the
  # rules cut at "and" / "or" to fit the width).
  covered <- rowSums(counts)
  notes <- covered_text(covered, rule_correct(counts, model))
  room <- width - 2L - max(nchar(notes, type = "width"))
  lines <- lapply(rules, wrap_rule, width = room)
  last <- vapply(lines, function(l) nchar(l[length(l)], type = "width"), 0L)
  if (room >= 30L && all(lengths(lines) == 1L) && max(last) <= room) {
    column <- max(last)
    lines <- lapply(seq_along(lines), function(r) {
      l <- lines[[r]]
      l[length(l)] <- paste0(l[length(l)], strrep(" ", column - last[r]), "  ", notes[r])
      l
    })
  } else {
    lines <- lapply(seq_along(rules), function(r)
      c(wrap_rule(rules[[r]], width), paste0("  ", notes[r])))
  }
  total <- sum(counts)
  c(unlist(lines),
    sprintf(ngettext(min(total, 1e9), "Counted on %s case.", "Counted on %s cases.",
                     domain = "R-sdsante"), format(total)),
    strwrap(c(na_passed_text(model$na_passed), dropped_text(model$training$n_dropped)),
            width = width))
}

# A learned model: the training rows left out for a missing class.
dropped_text <- function(n_dropped) {
  if (is.null(n_dropped) || n_dropped == 0) return(character())
  sprintf(ngettext(min(n_dropped, 1e9),
                   "%s row whose class is missing was left out of the training.",
                   "%s rows whose class is missing were left out of the training.",
                   domain = "R-sdsante"), format(n_dropped))
}

# "(7 cases covered, 5 correct)", with the plurals of the session's language.
covered_text <- function(covered, correct) {
  vapply(seq_along(covered), function(i)
    paste0("(", sprintf(ngettext(min(covered[i], 1e9), "%s case covered", "%s cases covered",
                                 domain = "R-sdsante"), format(covered[i])),
           ", ", sprintf(ngettext(min(correct[i], 1e9), "%s correct", "%s correct",
                                  domain = "R-sdsante"), format(correct[i])), ")"),
    "")
}

# The line saying how many cases missing values decided (none: no line).
# `na_passed`: for each rule, then the default, the cases it decided after a
# condition that was NA had let them through.
na_passed_text <- function(na_passed) {
  total <- sum(na_passed)
  if (is.null(na_passed) || is.na(total) || total == 0) return(character())
  to_default <- na_passed[length(na_passed)]
  sprintf(ngettext(min(total, 1e9),
                   "Missing values decided %s case: a rule's condition was NA there, so the rule did not fire and a later rule or the default (%s) classified it.",
                   "Missing values decided %s cases: a rule's condition was NA there, so the rule did not fire and a later rule or the default (%s) classified them.",
                   domain = "R-sdsante"),
          format(total), format(to_default))
}

# One rule as lines of at most `width` characters: `rule` is a finished line,
# or a template (with \001 where the condition goes) and the pieces of the
# condition, cut at its "and" / "or"; continuation lines are indented under
# the start of the condition.
wrap_rule <- function(rule, width) {
  if (is.character(rule)) return(rule)
  parts <- strsplit(rule$template, "\001", fixed = TRUE)[[1L]]
  prefix <- parts[1L]
  suffix <- if (length(parts) > 1L) parts[2L] else ""
  wrap_pieces(rule$pieces, prefix, suffix, width)
}

wrap_pieces <- function(pieces, prefix, suffix, width,
                        indent = strrep(" ", nchar(prefix, type = "width"))) {
  pieces[1L] <- paste0(prefix, pieces[1L])
  pieces[length(pieces)] <- paste0(pieces[length(pieces)], suffix)
  lines <- character()
  current <- pieces[1L]
  for (piece in pieces[-1L]) {
    candidate <- paste(current, piece)
    if (nchar(candidate, type = "width") <= width) {
      current <- candidate
    } else {
      lines <- c(lines, current)
      current <- paste0(indent, piece)
    }
  }
  c(lines, current)
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

# The terms of an "and" (or "or") node.  Compiled trees are flat (no term of
# the node's own kind, see compile_node()); a tree built otherwise is
# flattened, one level at a time without recursion.
junction_terms <- function(node) {
  terms <- node$args
  while (any(same <- vapply(terms, function(t) t$kind == node$kind, TRUE)))
    terms <- do.call(c, lapply(seq_along(terms), function(i)
      if (same[i]) terms[[i]]$args else terms[i]))
  terms
}

describe_junction <- function(node) paste(describe_pieces(node), collapse = " ")

# The text of a condition in pieces that a long line may be cut between: one
# piece per term of an "and" / "or" (ending with the word), those of a term
# in parentheses included, and one per value of a set (ending with its
# comma).  Pasted with spaces, they give describe_node().
describe_pieces <- function(node) {
  if (node$kind == "in") return(set_pieces(node, "%s in {%s}"))
  if (node$kind == "not" && node$arg$kind == "in") return(set_pieces(node$arg, "%s not in {%s}"))
  if (node$kind == "not" && node$arg$kind %in% c("and", "or")) {
    parts <- strsplit(gettextf("not (%s)", "\001", domain = "R-sdsante"), "\001",
                      fixed = TRUE)[[1L]]
    pieces <- describe_pieces(node$arg)
    pieces[1L] <- paste0(parts[1L], pieces[1L])
    pieces[length(pieces)] <- paste0(pieces[length(pieces)], if (length(parts) > 1L) parts[2L])
    return(pieces)
  }
  if (!(node$kind %in% c("and", "or"))) return(describe_node(node))
  terms <- junction_terms(node)
  if (node$kind == "and") terms <- merge_intervals(terms)
  word <- if (node$kind == "and") gettext("and", domain = "R-sdsante")
          else gettext("or", domain = "R-sdsante")
  pieces <- lapply(seq_along(terms), function(i) {
    t <- terms[[i]]
    p <- describe_pieces(t)
    if (t$kind %in% c("and", "or")) {
      p[1L] <- paste0("(", p[1L])
      p[length(p)] <- paste0(p[length(p)], ")")
    }
    if (i < length(terms)) p[length(p)] <- paste(p[length(p)], word)
    p
  })
  unlist(pieces)
}

# "x in {a, b, c}" (the words of `template`, translated) in pieces "x in {a,",
# "b,", "c}".
set_pieces <- function(node, template) {
  parts <- strsplit(gettextf(template, node$column, "\001", domain = "R-sdsante"), "\001",
                    fixed = TRUE)[[1L]]
  values <- c(vapply(node$value, display_value, ""), if (node$na) "NA")
  pieces <- paste0(values, c(rep(",", length(values) - 1L), ""))
  pieces[1L] <- paste0(parts[1L], pieces[1L])
  pieces[length(pieces)] <- paste0(pieces[length(pieces)], if (length(parts) > 1L) parts[2L])
  pieces
}

# One lower and one upper bound on the same numeric column become an interval
# node, in place of the first of the two (in one pass over the terms, so that
# a rule with thousands of terms reads aloud quickly).
merge_intervals <- function(terms) {
  bound <- vapply(terms, function(t) {
    if (t$kind != "cmp" || !is.numeric(t$value)) ""
    else if (t$op %in% c(">", ">=")) "low" else if (t$op %in% c("<", "<=")) "high" else ""
  }, "")
  if (!any(bound == "low") || !any(bound == "high")) return(terms)
  column <- vapply(terms, function(t) if (t$kind == "cmp") t$column else "", "")
  n_low <- table(column[bound == "low"])
  n_high <- table(column[bound == "high"])
  pairs <- intersect(names(n_low)[n_low == 1L], names(n_high)[n_high == 1L])
  dropped <- integer()
  for (name in pairs) {
    low <- which(bound == "low" & column == name)
    high <- which(bound == "high" & column == name)
    lo <- terms[[low]]
    hi <- terms[[high]]
    terms[[min(low, high)]] <- list(kind = "interval", column = name,
                                    low = lo$value, low_op = if (lo$op == ">=") "<=" else "<",
                                    high = hi$value, high_op = hi$op)
    dropped <- c(dropped, max(low, high))
  }
  if (length(dropped)) terms[-dropped] else terms
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
# Chains (a & b & ...) and runs of ! or ( are walked without recursion (see
# R/rules_compile.R); parentheses inside a chain of one operator are dropped
# (a & (b & c) is a & b & c).
code_text <- function(e) {
  if (is.symbol(e)) return(code_name(as.character(e)))
  if (is.atomic(e)) return(code_constant(e))
  fn <- as.character(e[[1L]])
  args <- as.list(e)[-1L]
  if (fn %in% c("(", "!") && length(args) == 1L) {
    # a run of ! and (: each ! before a compound term takes parentheses
    run <- unary_run(e)
    text <- code_text(run$inner)
    inner <- run$inner
    for (w in rev(run$wrappers)) {
      if (is_call_to(w, "(")) {
        text <- paste0("(", text, ")")
      } else {
        compound <- is.call(inner) && !(as.character(inner[[1L]]) %in% c("(", "is.na", "!"))
        text <- paste0("!", if (compound) paste0("(", text, ")") else text)
      }
      inner <- w
    }
    return(text)
  }
  if (fn %in% c("&", "|") && length(args) == 2L)
    return(paste(code_pieces(e), collapse = " "))
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

# The R source of a condition in pieces that a long line may be cut between:
# one piece per term of a top-level chain of & or |, each but the last ending
# with the operator (R reads on after a line that ends with &).
code_pieces <- function(e) {
  fn <- if (is.call(e) && is.symbol(e[[1L]])) as.character(e[[1L]]) else ""
  if (!(fn %in% c("&", "|") && length(e) == 3L)) return(code_set_pieces(e))
  level <- code_precedence(e)
  terms <- lapply(chain_terms(e, fn), function(term) {
    if (code_precedence(term) < level) paste0("(", code_text(term), ")")
    else code_set_pieces(term)
  })
  n <- length(terms)
  for (i in seq_len(n - 1L)) terms[[i]][length(terms[[i]])] <-
    paste0(terms[[i]][length(terms[[i]])], " ", fn)
  unlist(terms)
}

# x %in% c(a, b, c) in pieces cut after its commas (R reads on inside the
# parentheses); any other condition in one piece.
code_set_pieces <- function(e) {
  text <- code_text(e)
  run <- unary_run(e)
  if (length(run$wrappers) && is_call_to(run$inner, "%in%")) {
    # !(x %in% c(...)): the pieces of the set, inside the wrappers' text
    pieces <- code_set_pieces(run$inner)
    inner <- paste(pieces, collapse = " ")
    at <- regexpr(inner, text, fixed = TRUE)
    if (length(pieces) < 2L || at < 0L) return(text)
    pieces[1L] <- paste0(substr(text, 1L, at - 1L), pieces[1L])
    pieces[length(pieces)] <- paste0(pieces[length(pieces)],
                                     substr(text, at + nchar(inner), nchar(text)))
    return(pieces)
  }
  if (!(is_call_to(e, "%in%") && length(e) == 3L)) return(text)
  set <- e[[3L]]
  # a set typed as c(...), or a vector inlined by .() or bquote()
  values <- if (is_call_to(set, "c")) vapply(as.list(set)[-1L], code_text, "")
            else if (is.atomic(set) && !is.object(set))
              vapply(seq_along(set), function(i) code_constant(set[i]), "")
  if (length(values) < 2L) return(text)
  pieces <- paste0(values, c(rep(",", length(values) - 1L), ")"))
  pieces[1L] <- paste0(code_text(e[[2L]]), " %in% c(", pieces[1L])
  if (!identical(paste(pieces, collapse = " "), text)) return(text)
  pieces
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

# R code that rebuilds the model; a long condition is cut after its & / |
# to fit the width (the code still runs as it is).
rules_code <- function(model, width = getOption("width")) {
  extra <- character()
  if (model$response != "classe")
    extra <- c(extra, paste0(".response = ", encodeString(model$response, quote = "\"")))
  if (!identical(model$class_levels, unique(c(model$classes, model$default))))
    extra <- c(extra, paste0(".levels = ", code_constant(model$class_levels)))
  n_rules <- length(model$classes)
  tail <- c(paste0(".default = ", encodeString(model$default, quote = "\"")), extra)
  comma <- c(rep(",", n_rules + length(tail) - 1L), "")
  rules <- lapply(seq_len(n_rules), function(r)
    wrap_pieces(code_pieces(model$conditions[[r]]), "  ",
                paste0(" ~ ", encodeString(model$classes[r], quote = "\""), comma[r]),
                width, indent = "    "))
  c("rule_list(", unlist(rules), paste0("  ", tail, comma[n_rules + seq_along(tail)]), ")")
}
