# How soon k-means, its start, predict(), the silhouette and rule lists on a
# text column stop after a time limit: the C loops poll R_CheckUserInterrupt(),
# where R enforces setTimeLimit() and Ctrl-C, by work done, so the delay
# should stay near 0.05 s whatever the number of centres and columns.  Run from the
# package root after installing sdsante:  Rscript bench/bench-interrupt.R
# (about 2 minutes; peak memory about 1.5 GB).
# Before polling by work (limit 1 s on 2e6 x 10): Hartigan-Wong 4.1 s, Hamerly
# 1.3 s, MacQueen 0.95 s; predict() on 1.05e6 x 100 with 300 centres did not
# stop before finishing at 10.8 s.
suppressPackageStartupMessages(library(sdsante))

limit <- 0.5
# Elapsed seconds from the call to the "time limit" error, and whether it
# came (FALSE: the computation finished first).
time_to_stop <- function(expr) {
  setTimeLimit(elapsed = limit)
  on.exit(setTimeLimit(elapsed = Inf))
  start <- proc.time()[["elapsed"]]
  stopped <- tryCatch({
    force(expr)
    FALSE
  }, error = function(e) grepl("time limit", conditionMessage(e)))
  c(seconds = proc.time()[["elapsed"]] - start, stopped = stopped)
}

report <- function(what, expr) {
  r <- time_to_stop(expr)
  cat(sprintf("%-52s stopped after %.2f s: %s\n", what, r[["seconds"]],
              if (r[["stopped"]] > 0) sprintf("%.2f s past the limit", r[["seconds"]] - limit)
              else "NOT STOPPED (finished first)"))
  invisible(r)
}

cat(sprintf("setTimeLimit(elapsed = %.1f); one thread unless said\n", limit))
set.seed(1)
x <- matrix(rnorm(2e6 * 10), ncol = 10)
for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
  report(sprintf("k_means(2e6 x 10, k = 50, %s)", algorithm),
         k_means(x, 50, iter_max = 1000, algorithm = algorithm))
report("k_means(2e6 x 10, k = 50, hamerly, threads = 2)",
       k_means(x, 50, iter_max = 1000, threads = 2))
start <- x[seq_len(500), ]
for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
  report(sprintf("k_means(2e6 x 10, 500 given centres, %s)", algorithm),
         k_means(x, start, iter_max = 1000, algorithm = algorithm))
report("k-means++ start, 2e6 x 10, k = 1000", k_means(x, 1000, iter_max = 1))
rm(x, start); invisible(gc())

set.seed(2)
points <- matrix(rnorm(2000 * 100), ncol = 100)
fit <- suppressWarnings(k_means(points, 300, iter_max = 1))
newdata <- matrix(rnorm(1.05e6 * 100), ncol = 100)
report("predict(1.05e6 x 100, 300 centres)", predict(fit, newdata))
part <- newdata[seq_len(2.1e5), ]
report("predict(2.1e5 x 100, 300 centres, distances)", predict(fit, part, type = "distances"))
full <- system.time(predict(fit, newdata))[["elapsed"]]
cat(sprintf("(for scale: predict() on 1.05e6 x 100 with 300 centres takes %.2f s in full)\n", full))
rm(newdata, part); invisible(gc())

set.seed(3)
x <- matrix(rnorm(1e5 * 20), ncol = 20)
report("silhouette_score(1e5 x 20, 3 groups)", silhouette_score(x, rep(1:3, length.out = 1e5)))
report("silhouette_score(1e5 x 20, 3 groups, threads = 2)",
       silhouette_score(x, rep(1:3, length.out = 1e5), threads = 2))

# Text columns: the checks of the strings poll too (in C), and so does the
# rest of learn_rules() on them.  Goal: stopped within 0.2 s of the limit.
set.seed(4)
n_text <- 2e7
words <- c("rouge", "vert", "bleu", "jaune", "noir")
text <- data.frame(couleur = sample(words, n_text, replace = TRUE))
report("predict(rule on a text column, 2e7 rows)",
       predict(rule_list(couleur == "rouge" ~ "A", .default = "B"), text))
# (one rule may now finish before the limit: 100 rules that never fire make
# every row go through all of them)
absent <- lapply(sprintf('couleur == "absent%03d" ~ "A"', 1:100), stats::as.formula)
report("predict(100 rules on a text column, 2e7 rows)",
       predict(do.call(rule_list, c(absent, list(.default = "B"))), text))
text$y <- factor(ifelse(text$couleur %in% c("rouge", "noir"), "a", "b"), levels = c("a", "b", "c"))
text$y[sample.int(n_text, n_text / 10)] <- "c"
report("learn_rules(y ~ couleur, 2e7 rows, covering)", learn_rules(y ~ couleur, text))
report("learn_rules(y ~ couleur, 2e7 rows, 1R)", learn_rules(y ~ couleur, text, method = "oner"))
rm(text); invisible(gc())
load <- if (file.exists("/proc/loadavg")) readLines("/proc/loadavg") else "unknown"
cat("Load average at the end:", load, "\n")
