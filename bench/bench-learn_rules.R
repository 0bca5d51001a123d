# Speed of learn_rules() against rpart::rpart() (default settings) on the same data.
# Run from the package root after installing sdsante:  Rscript bench/bench-learn_rules.R [times]
# Goal (issue 3): 1e5 rows x 10 numeric columns, learn_rules() within 2x of rpart's fitting
# time (ratio learn_rules / rpart <= 2).  One run each by default (the machine is shared);
# pass a number of repetitions to take medians.
suppressPackageStartupMessages(library(sdsante))
if (!requireNamespace("rpart", quietly = TRUE)) stop("the benchmark needs rpart")
times <- if (length(commandArgs(TRUE))) as.integer(commandArgs(TRUE)[1]) else 1L
median_time <- function(f) {
  stats::median(vapply(seq_len(times), function(i) system.time(f())[["elapsed"]], numeric(1)))
}

# Two classes that depend on three of the ten columns, with noise; a test set
# drawn the same way for the cross-check of accuracies.
simulate <- function(n) {
  x <- as.data.frame(matrix(stats::rnorm(n * 10), n, 10))
  x$y <- factor(ifelse(x$V1 + x$V2 * x$V3 + stats::rnorm(n) > 0.5, "a", "b"))
  x
}
set.seed(1)
n <- 1e5
train <- simulate(n)
test <- simulate(n)

set.seed(2)
t_ours <- median_time(function() learn_rules(y ~ ., train))
set.seed(2)
ours <- learn_rules(y ~ ., train)
t_oner <- median_time(function() learn_rules(y ~ ., train, method = "oner"))
oner <- learn_rules(y ~ ., train, method = "oner")
t_rpart <- median_time(function() rpart::rpart(y ~ ., train))
tree <- rpart::rpart(y ~ ., train)

accuracy <- function(predicted) mean(predicted == test$y)
acc_ours <- accuracy(predict(ours, test))
acc_oner <- accuracy(predict(oner, test))
acc_rpart <- accuracy(predict(tree, test, type = "class"))
cat(sprintf("n = %g, 10 numeric columns, %d run(s) each\n", n, times))
cat(sprintf("learn_rules(covering) %.2f s (%d rules), rpart %.2f s: ratio %.2f (goal <= 2)\n",
            t_ours, length(ours$classes), t_rpart, t_ours / t_rpart))
cat(sprintf("learn_rules(oner)     %.2f s (%d rules): ratio %.2f\n",
            t_oner, length(oner$classes), t_oner / t_rpart))
cat(sprintf("test accuracy: covering %.4f, oner %.4f, rpart %.4f\n", acc_ours, acc_oner, acc_rpart))
# Cross-check: the learned list must beat the majority class and be in rpart's range.
majority <- max(table(test$y)) / n
stopifnot(acc_ours > majority + 0.05, acc_ours > acc_rpart - 0.05)
