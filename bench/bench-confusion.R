# Speed of confusion_matrix() against table() and caret::confusionMatrix().
# Run from the package root after installing sdsante:  Rscript bench/bench-confusion.R
# Goals: counting 1e7 factor pairs >= 3x faster than table();
# summary(confusion_matrix()) >= 20x faster than caret::confusionMatrix().
suppressPackageStartupMessages(library(sdsante))
# Median elapsed time of `times` runs of the function f.
median_time <- function(f, times = 5) {
  stats::median(vapply(seq_len(times), function(i) system.time(f())[["elapsed"]], numeric(1)))
}
set.seed(1)
n <- 1e7
classes <- c("Portrait", "Personnages", "Paysage")
truth <- factor(sample(classes, n, TRUE), levels = classes)
predicted <- factor(ifelse(runif(n) < 0.8, as.character(truth), sample(classes, n, TRUE)),
                    levels = classes)

stopifnot(all(unclass(confusion_matrix(truth, predicted)$table) ==
                unclass(table(truth, predicted))))
t_ours <- median_time(function() confusion_matrix(truth, predicted))
t_table <- median_time(function() table(truth, predicted))
cat(sprintf("counting %g pairs: confusion_matrix %.3f s, table() %.3f s, ratio %.1fx (goal >= 3x)\n",
            n, t_ours, t_table, t_table / t_ours))

if (requireNamespace("caret", quietly = TRUE)) {
  ours <- summary(confusion_matrix(truth, predicted))
  theirs <- caret::confusionMatrix(predicted, truth)
  stopifnot(isTRUE(all.equal(unname(ours$overall[["kappa"]]),
                             unname(theirs$overall[["Kappa"]]), tolerance = 1e-9)))
  t_summary <- median_time(function() summary(confusion_matrix(truth, predicted)))
  t_caret <- median_time(function() caret::confusionMatrix(predicted, truth), times = 3)
  cat(sprintf("with statistics: summary(confusion_matrix()) %.3f s, caret::confusionMatrix %.3f s, ratio %.1fx (goal >= 20x)\n",
              t_summary, t_caret, t_caret / t_summary))
}
