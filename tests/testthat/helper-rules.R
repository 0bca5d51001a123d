# Shared by the rule-list tests (test-rules.R, test-rules-na.R, test-rules-print.R):
# the internal constructor, the lecture's model, a slow R reference and random
# data frames and conditions with missing values everywhere.

# internal: the constructor learn_rules() builds its models with
new_rule_list <- get("new_rule_list", envir = asNamespace("sdsante"))
add_counts <- get("add_counts", envir = asNamespace("sdsante"))
rule_counts <- function(model, data) add_counts(model, data, "data", NULL)$counts

lecture_model <- function(data = NULL) {
  rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
            .default = "Paysage", .data = data)
}

# The obviously correct version: R evaluates each condition on the whole data
# frame, with its own logic for NA; the first rule whose condition is TRUE
# wins; NA does not fire ("next") or stops the row with NA ("na").
reference_rule <- function(conditions, data, na = "next") {
  n <- nrow(data)
  rule <- rep(0L, n)
  decided <- rep(FALSE, n)
  for (r in seq_along(conditions)) {
    value <- rep_len(eval(conditions[[r]], data, baseenv()), n)
    fire <- !decided & !is.na(value) & value
    rule[fire] <- r
    decided <- decided | fire
    if (na == "na") {
      stop <- !decided & is.na(value)
      rule[stop] <- NA
      decided <- decided | stop
    }
  }
  rule
}

# Random data frames: every column type, with missing values everywhere.
rules_random_frame <- function(n) {
  num <- sample(c(-2.5, 0, 1, 1.5, 3, Inf, -Inf, NA, NaN), n, TRUE)
  data.frame(
    num = num,
    int = sample(c(-3L, 0L, 1L, 2L, 5L, NA), n, TRUE),
    lgl = sample(c(TRUE, FALSE, NA), n, TRUE),
    fac = factor(sample(c("a", "b", "c", NA), n, TRUE), levels = c("c", "a", "b", "unused")),
    chr = sample(c("x", "y", "\u00e9t\u00e9", NA), n, TRUE),
    stringsAsFactors = FALSE)
}

rules_random_leaf <- function() {
  pick <- function(x) x[[sample.int(length(x), 1L)]]
  op <- pick(c("<", "<=", ">", ">=", "==", "!="))
  leaf <- switch(pick(c("num", "int", "lgl", "fac", "chr", "na", "in", "const")),
    num = call(op, quote(num), pick(list(-2.5, 0, 1, 1.5, Inf, -Inf))),
    int = call(op, quote(int), pick(list(0L, 1L, 1.5, -2.5, 1e10, -1e10))),
    lgl = pick(list(quote(lgl), call(pick(c("==", "!=")), quote(lgl), pick(c(TRUE, FALSE))))),
    fac = call(pick(c("==", "!=")), quote(fac), pick(c("a", "b", "zz"))),
    chr = call(pick(c("==", "!=")), quote(chr), pick(c("x", "\u00e9t\u00e9", "zz"))),
    na = call("is.na", as.name(pick(c("num", "int", "lgl", "fac", "chr")))),
    "in" = pick(list(call("%in%", quote(num), c(1, 3, NA)),
                     call("%in%", quote(int), c(-3, 2, 7)),
                     call("%in%", quote(fac), c("b", "zz", NA)),
                     call("%in%", quote(chr), c("y", "\u00e9t\u00e9")),
                     call("%in%", quote(lgl), NA))),
    const = pick(list(TRUE, FALSE)))
  # sometimes the constant on the left
  if (is.call(leaf) && as.character(leaf[[1L]]) %in% c("<", "<=", ">", ">=") && runif(1) < 0.3)
    leaf <- call(c("<" = ">", "<=" = ">=", ">" = "<", ">=" = "<=")[[op]], leaf[[3L]], leaf[[2L]])
  leaf
}

rules_random_condition <- function(depth = 3L) {
  if (depth == 0L || runif(1) < 0.35) return(rules_random_leaf())
  switch(sample(c("and", "or", "not"), 1L, prob = c(0.45, 0.4, 0.15)),
         and = call("&", rules_random_condition(depth - 1L), rules_random_condition(depth - 1L)),
         or = call("|", rules_random_condition(depth - 1L), rules_random_condition(depth - 1L)),
         not = call("!", call("(", rules_random_condition(depth - 1L))))
}
