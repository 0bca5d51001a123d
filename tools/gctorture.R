# tools/gctorture.R -- every .Call entry point of sdsante under gctorture(TRUE).
#
# Usage, once the package is installed (any build):
#   Rscript tools/gctorture.R
#   R_LIBS=/path/to/library Rscript tools/gctorture.R   # a private installation
#
# gctorture(TRUE) runs the garbage collector at every allocation, so that an
# object the C code forgot to PROTECT is freed at the first allocation that
# follows and its memory may be handed out again: the result then differs, or
# R crashes (tools/README-memory.md says what it cannot catch).  The script
#   1. lists the registered .Call routines (getDLLRegisteredRoutines("sdsante"))
#      and checks that the calls below reach every one of them: each routine in
#      turn is made unreachable (its NativeSymbolInfo in the namespace replaced
#      by NULL) and at least one call must then fail; a routine that no call
#      reaches is an error (add a call below when you add an entry point);
#   2. evaluates every call without, then with gctorture(TRUE), from the same
#      random seed, and compares the two results with identical();
#   3. exits with status 1 on any difference, error or uncovered routine.
# The inputs are tiny (a few rows): a garbage collection at every allocation
# makes R several thousand times slower, so the calls stop at the results of
# the C code (no summary() or print(), which are plain R).  It takes under a
# minute.

suppressPackageStartupMessages(library(sdsante))

# ---- The calls: tiny inputs through the exported functions -------------------
x <- matrix(c(1.0, 1.2, 0.8, 5.0, 5.3, 4.9, 9.0, 9.1,
              2.0, 2.2, 1.9, 6.0, 5.8, 6.1, 1.0, 1.2), ncol = 2,
            dimnames = list(NULL, c("a", "b")))
new_rows <- data.frame(a = c(1, 5, 9.2), b = c(2, 6, 1))
rows <- data.frame(x = c(1, NA, 3, 4, 2), f = factor(c("a", "b", NA, "a", "b")),
                   s = c("u", "v", "w", NA, "u"), l = c(TRUE, FALSE, NA, TRUE, FALSE),
                   classe = c("A", "B", "A", "B", "A"), stringsAsFactors = FALSE)
learn <- tableaux[tableaux$ensemble == "apprentissage", c("classe", "yeux", "visages", "noir")]
learn$yeux[2] <- NA
learn$pale <- factor(ifelse(learn$noir < 30, "oui", "non"))

calls <- list(
  confusion = quote(list(
    confusion_matrix(factor(c("a", "b", "a", "c", "b", NA)), c("a", "b", "b", "c", "a", "a")),
    confusion_matrix(c(1, 0, 1, 1, 0), c(1, 0, 0, 1, 1), positive = 1, prevalence = 0.3))),
  roc = quote({
    roc <- roc_curve(c(1, 0, 1, 0, 1, 0), c(0.9, 0.2, 0.6, 0.6, 0.1, NA), positive = 1)
    list(roc, as_confusion_matrix(roc, threshold = 0.5))
  }),
  learn_oner = quote(learn_rules(classe ~ ., learn, method = "oner")),
  learn_covering = quote(learn_rules(classe ~ ., learn)),
  rules = quote({
    model <- rule_list(x > 2 & f %in% c("a", NA) ~ "A", is.na(s) | !l ~ "B",
                       s == "v" ~ "A", x <= 1 ~ "B", .default = "B", .data = rows)
    list(model, predict(model, rows), predict(model, rows, type = "rule", na = "na"),
         predict(model, rows, type = "prob"))
  }),
  kmeans_hamerly = quote(k_means(x, 3, nstart = 2)),
  kmeans_lloyd = quote(k_means(x, 3, init = "random", algorithm = "lloyd", tol = 1e-8,
                               threads = 2)),
  kmeans_hartigan = quote(k_means(x, 2, algorithm = "hartigan-wong",
                                  weights = c(1, 2, 1, 1, 0, 1, 3, 1))),
  kmeans_macqueen = quote(k_means(x, x[c(1, 4, 7), ], algorithm = "macqueen")),
  kmeans_standardize = quote({
    fit <- k_means(x, 3, standardize = TRUE)
    list(fit, predict(fit, new_rows), predict(fit, new_rows, type = "distances"))
  }),
  wss_curve = quote(wss_curve(x, 1:3)),
  silhouette = quote(list(silhouette_score(x, rep(1:3, length.out = 8)),
                          silhouette_score(x, c(1, 1, 1, 2, 2, 2, 3, 3), threads = 2),
                          silhouette_score(x, letters[c(1, 1, 1, 2, 2, 2, 1, 1)],
                                           sample_size = 6)))
)

# ---- Helpers ------------------------------------------------------------------
run <- function(expr, torture = FALSE) {
  set.seed(20240601)
  if (torture) {
    gctorture(TRUE)
    on.exit(gctorture(FALSE))
  }
  tryCatch(eval(expr, envir = new.env(parent = globalenv())),
           error = function(e) structure(conditionMessage(e), class = "failed"))
}
failed <- function(value) inherits(value, "failed")
# Formulas carry the environment they were made in, a new one at each run.
strip_environments <- function(value) {
  if (is.list(value)) {
    kept <- attributes(value)
    value <- lapply(value, strip_environments)
    attributes(value) <- kept
  }
  attr(value, ".Environment") <- NULL
  value
}
problems <- character()

# ---- 1. Every registered routine is reached ---------------------------------------
ns <- asNamespace("sdsante")
routines <- names(getDLLRegisteredRoutines("sdsante")$.Call)
symbol_of <- function(routine) {
  for (name in ls(ns, all.names = TRUE)) {
    value <- get(name, envir = ns, inherits = FALSE)
    if (inherits(value, "NativeSymbolInfo") && identical(value$name, routine)) return(name)
  }
  NA_character_
}
cat(sprintf("%d registered .Call routines; %d calls.\n\n", length(routines), length(calls)))
reference <- lapply(calls, run)
for (name in names(calls)[vapply(reference, failed, NA)])
  problems <- c(problems, sprintf("call '%s' fails without gctorture: %s", name, reference[[name]]))

for (routine in routines) {
  symbol <- symbol_of(routine)
  if (is.na(symbol)) {
    problems <- c(problems, sprintf("routine %s has no symbol in the namespace", routine))
    next
  }
  saved <- get(symbol, envir = ns)
  unlockBinding(symbol, ns)
  assign(symbol, NULL, envir = ns)
  reached <- tryCatch(names(calls)[vapply(calls, function(e) failed(run(e)), NA)],
                      finally = { assign(symbol, saved, envir = ns); lockBinding(symbol, ns) })
  reached <- setdiff(reached, names(calls)[vapply(reference, failed, NA)])
  cat(sprintf("%-26s reached by %s\n", routine,
              if (length(reached)) paste(reached, collapse = ", ") else "NOTHING"))
  if (!length(reached))
    problems <- c(problems, sprintf("no call reaches routine %s: add one to tools/gctorture.R", routine))
}

# ---- 2. The same results under gctorture(TRUE) ----------------------------------
cat("\nUnder gctorture(TRUE):\n")
for (name in names(calls)) {
  if (failed(reference[[name]])) next
  time <- system.time(tortured <- run(calls[[name]], torture = TRUE))[["elapsed"]]
  same <- identical(strip_environments(tortured), strip_environments(reference[[name]]))
  cat(sprintf("  %-20s %6.1f s  %s\n", name, time, if (same) "identical" else "DIFFERENT"))
  if (failed(tortured)) {
    problems <- c(problems, sprintf("call '%s' fails under gctorture: %s", name, tortured))
  } else if (!same) {
    problems <- c(problems, sprintf("call '%s' differs under gctorture: %s", name,
                                    paste(all.equal(tortured, reference[[name]]), collapse = "; ")))
  }
}

if (length(problems)) {
  cat("\nPROBLEMS:\n", paste0("  ", problems, "\n"), sep = "")
  quit(status = 1)
}
cat("\ngctorture: every .Call routine reached, every result identical.\n")
