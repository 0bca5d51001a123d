# Speed of roc_curve() against pROC::roc() + pROC::auc().
# Run from the package root after installing sdsante:  Rscript bench/bench-roc.R
# Goal: 1e6 scores >= 10x faster than pROC.
suppressPackageStartupMessages(library(sdsante))
# Median elapsed time of `times` runs of the function f.
median_time <- function(f, times = 5) {
  stats::median(vapply(seq_len(times), function(i) system.time(f())[["elapsed"]], numeric(1)))
}
set.seed(1)
n <- 1e6
truth <- factor(sample(c("malade", "sain"), n, TRUE, prob = c(0.3, 0.7)), levels = c("malade", "sain"))
score <- rnorm(n, mean = (truth == "malade") * 1.5)
score_ties <- round(score, 2)   # a second case with many ties

for (case in c("distinct scores", "rounded scores")) {
  s <- if (case == "distinct scores") score else score_ties
  ours <- roc_curve(truth, s, positive = "malade")
  t_ours <- median_time(function() roc_curve(truth, s, positive = "malade"))
  if (requireNamespace("pROC", quietly = TRUE)) {
    theirs <- pROC::roc(truth, s, levels = c("sain", "malade"), direction = "<", quiet = TRUE)
    stopifnot(isTRUE(all.equal(ours$auc, as.numeric(pROC::auc(theirs)), tolerance = 1e-12)))
    t_proc <- median_time(function() {
      r <- pROC::roc(truth, s, levels = c("sain", "malade"), direction = "<", quiet = TRUE)
      pROC::auc(r)
    }, times = 3)
    cat(sprintf("%s, n = %g: roc_curve %.3f s, pROC::roc + auc %.3f s, ratio %.1fx (goal >= 10x)\n",
                case, n, t_ours, t_proc, t_proc / t_ours))
    t_ci_ours <- t_ours  # roc_curve() already includes DeLong's interval
    t_ci_proc <- median_time(function() pROC::ci.auc(theirs, method = "delong"), times = 3)
    cat(sprintf("   DeLong CI: included in roc_curve; pROC::ci.auc alone %.3f s\n", t_ci_proc))
  }
}
