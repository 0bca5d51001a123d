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

