# roc_curve(): hand-worked values, a slow reference, pROC, bad input.

# Slow reference: AUC over all positive/negative pairs, DeLong's variance from
# the placement values written out as in DeLong, DeLong & Clarke-Pearson (1988).
slow_roc <- function(is_positive, score) {
  x <- score[is_positive]
  y <- score[!is_positive]
  psi <- outer(x, y, function(a, b) (a > b) + 0.5 * (a == b))
  auc <- mean(psi)
  v10 <- rowMeans(psi)
  v01 <- colMeans(psi)
  variance <- var(v10) / length(x) + var(v01) / length(y)
  list(auc = auc, variance = variance)
}

test_that("hand-worked AUC values, ties counting one half", {
  expect_equal(roc_curve(c(1, 1, 0, 0), c(0.9, 0.4, 0.6, 0.1), positive = 1)$auc, 0.75)
  expect_equal(roc_curve(c("p", "n"), c(0.5, 0.5), positive = "p")$auc, 0.5)
  expect_equal(roc_curve(c(TRUE, TRUE, FALSE), c(3, 1, 1))$auc, 0.75)
  perfect <- roc_curve(c(TRUE, TRUE, FALSE, FALSE), c(4, 3, 2, 1))
  expect_equal(perfect$auc, 1)
  expect_equal(perfect$thresholds, c(Inf, 4, 3, 2, 1))
  expect_equal(perfect$sensitivity, c(0, 0.5, 1, 1, 1))
  expect_equal(perfect$specificity, c(1, 1, 1, 0.5, 0))
  expect_equal(roc_curve(c(TRUE, TRUE, FALSE, FALSE), c(1, 2, 3, 4))$auc, 0)
})

test_that("AUC and DeLong variance agree with the slow reference", {
  set.seed(7)
  for (i in 1:20) {
    n <- sample(c(10, 50, 300), 1)
    truth <- runif(n) < runif(1, 0.2, 0.8)
    truth[1:2] <- c(TRUE, FALSE)
    truth[3:4] <- c(TRUE, FALSE)
    score <- round(rnorm(n, mean = truth * runif(1, 0, 2)), sample(0:2, 1))  # many ties
    roc <- roc_curve(truth, score)
    ref <- slow_roc(truth, score)
    expect_equal(roc$auc, ref$auc, tolerance = 1e-12)
    expect_equal(roc$auc_var, ref$variance, tolerance = 1e-10)
    # every point of the curve, counted the slow way
    counts <- as.data.frame(roc)
    expect_identical(counts$tp, vapply(roc$thresholds, function(t) sum(score[truth] >= t), 1))
    expect_identical(counts$fp, vapply(roc$thresholds, function(t) sum(score[!truth] >= t), 1))
    expect_equal(roc$sensitivity, counts$tp / sum(truth))
  }
})

test_that("AUC and its DeLong interval equal pROC's", {
  skip_if_not_installed("pROC")
  set.seed(11)
  for (i in 1:20) {
    n <- sample(c(20, 200, 2000), 1)
    truth <- factor(sample(c("malade", "sain"), n, TRUE), levels = c("malade", "sain"))
    score <- round(rnorm(n, mean = (truth == "malade") * runif(1, 0, 3)), sample(0:3, 1))
    ours <- roc_curve(truth, score, positive = "malade")
    theirs <- pROC::roc(truth, score, levels = c("sain", "malade"), direction = "<",
                        quiet = TRUE)
    expect_equal(ours$auc, as.numeric(pROC::auc(theirs)), tolerance = 1e-12)
    ci <- as.numeric(pROC::ci.auc(theirs, method = "delong"))
    expect_equal(unname(ours$auc_ci), ci[c(1, 3)], tolerance = 1e-9)
    expect_equal(ours$auc_var, pROC::var(theirs, method = "delong"), tolerance = 1e-9)
  }
})

test_that("the DeLong interval needs two cases of each class", {
  roc <- roc_curve(c(TRUE, FALSE, FALSE), c(2, 1, 0))
  expect_equal(roc$auc, 1)
  expect_true(all(is.na(roc$auc_ci)))
})

test_that("the confusion matrix at a threshold matches counting by hand", {
  set.seed(3)
  truth <- sample(c("oui", "non"), 100, TRUE)
  score <- round(runif(100), 2)
  roc <- roc_curve(truth, score, positive = "oui")
  for (threshold in c(-Inf, 0, 0.25, 0.5, 0.77, 1, 2, Inf)) {
    cm <- as_confusion_matrix(roc, threshold = threshold)
    # strings in their order of first appearance, as confusion_matrix() orders them
    predicted <- ifelse(score >= threshold, "oui", "non")
    direct <- confusion_matrix(truth, predicted)
    expect_identical(dimnames(cm$table), dimnames(direct$table))
    expect_equal(unclass(cm$table), unclass(direct$table))
    expect_identical(cm$positive, "oui")
  }
})

test_that("missing values are left out and counted", {
  roc <- roc_curve(c(TRUE, NA, FALSE, TRUE, FALSE), c(0.9, 0.5, NA, 0.2, 0.1))
  expect_equal(roc$n_missing, 2)
  expect_equal(roc$n_positive + roc$n_negative, 3)
  expect_output(print(roc), "2 cases with a missing value were left out")
})

test_that("print, plot and as.data.frame", {
  roc <- roc_curve(tableaux$classe == "Personnages", tableaux$visages)
  expect_output(print(roc), "AUC")
  df <- as.data.frame(roc)
  expect_named(df, c("threshold", "sensitivity", "specificity", "tp", "fp"))
  expect_equal(nrow(df), length(unique(tableaux$visages)) + 1)
  file <- tempfile(fileext = ".pdf")
  grDevices::pdf(file)
  expect_invisible(plot(roc))
  expect_invisible(plot(roc_curve(tableaux$classe == "Portrait", -tableaux$yeux), add = TRUE,
                        lty = 2))
  grDevices::dev.off()
  expect_gt(file.size(file), 1000)
})

test_that("bad input gives a clear error naming the argument", {
  expect_error(roc_curve(c(TRUE, FALSE), c(1, 2, 3)),
               "'truth' and 'score' must have the same length")
  expect_error(roc_curve(logical(), numeric()), "at least one value")
  expect_error(roc_curve(c(NA, NA), c(1, 2)), "two classes")
  expect_error(roc_curve(c(TRUE, TRUE), c(1, 2)), "needs two classes .* only \"TRUE\"")
  expect_error(roc_curve(c("a", "b", "c"), c(1, 2, 3)), "exactly two classes in 'truth', not 3")
  expect_error(roc_curve(c("a", "b"), c(1, 2), positive = "z"),
               "'positive' must be one of the classes")
  expect_error(roc_curve(c("a", "b"), c("1", "2")), "'score' must be a numeric vector")
  expect_error(roc_curve(c("a", "b"), c(NaN, 2)), "'score' must not hold NaN")
  expect_error(roc_curve(c("a", "b"), c(Inf, 2)), "'score' must hold finite numbers")
  expect_error(roc_curve(c("a", "b"), c(1, 2)),
               "cannot tell which class of 'truth' is the positive one .* \"a\" or \"b\"; give it with 'positive'")
  expect_error(roc_curve(list("a", "b"), c(1, 2)), "'truth' must be a factor")
  roc <- roc_curve(c("a", "b"), c(1, 2), positive = "b")
  expect_error(as_confusion_matrix(roc), "'threshold' must be a single number")
  expect_error(as_confusion_matrix(roc, threshold = "a"), "'threshold' must be a single number")
  expect_error(as_confusion_matrix(roc, threshold = 0.5, prevalence = 2), "'prevalence'")
})

test_that("the confusion matrix at a threshold keeps truth's class order and missing count", {
  truth <- factor(c("sain", "malade", "sain", "malade", NA), levels = c("sain", "malade"))
  roc <- roc_curve(truth, c(0.1, 0.9, 0.6, 0.4, 0.5), positive = "malade")
  cm <- as_confusion_matrix(roc, threshold = 0.5)
  direct <- confusion_matrix(truth, factor(ifelse(c(0.1, 0.9, 0.6, 0.4, 0.5) >= 0.5, "malade", "sain"),
                                           levels = c("sain", "malade")), positive = "malade")
  expect_identical(dimnames(cm$table), dimnames(direct$table))
  expect_equal(unclass(cm$table), unclass(direct$table))
  expect_equal(cm$n_missing, 1)
  expect_identical(cm$positive, "malade")
})

test_that("summary() gives the AUC and operating points counted exactly", {
  set.seed(5)
  truth <- sample(c(TRUE, FALSE), 200, TRUE)
  score <- round(rnorm(200, mean = truth), 1)
  roc <- roc_curve(truth, score)
  s <- summary(roc)
  expect_equal(s$auc, roc$auc)
  points <- s$operating_points
  expect_identical(points$criterion[1], "youden")
  for (i in seq_len(nrow(points))) {
    t <- points$threshold[i]
    expect_equal(points$tp[i], sum(score[truth] >= t))
    expect_equal(points$fp[i], sum(score[!truth] >= t))
    expect_equal(points$fn[i] + points$tp[i], sum(truth))
  }
  expect_gte(points$sensitivity[points$criterion == "sensitivity_90"], 0.9)
  expect_gte(points$specificity[points$criterion == "specificity_95"], 0.95)
  expect_output(print(s), "Operating points")
})

# pROC on the same data, with the same positive class and direction.
proc_auc <- function(truth, score, negative, positive) {
  as.numeric(pROC::auc(pROC::roc(truth, score, levels = c(negative, positive),
                                 direction = "<", quiet = TRUE)))
}

test_that("0/1 codes take 1 as positive, and agree with pROC on Pima", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.te
  coded <- roc_curve(as.integer(pima$type == "Yes"), pima$glu)
  expect_identical(coded$positive, "1")
  expect_identical(coded$positive_rule, "labels")
  expect_equal(coded$auc, 0.797, tolerance = 1e-3)
  expect_output(print(coded), "109 positive (\"1\")", fixed = TRUE)
  labelled <- roc_curve(pima$type, pima$glu)
  expect_identical(labelled$positive, "Yes")
  expect_output(print(labelled),
                "Positive class: \"Yes\" (inferred from the labels No/Yes; set 'positive' to change)",
                fixed = TRUE)
  expect_equal(labelled$auc, coded$auc)
  expect_equal(roc_curve(pima$type == "Yes", pima$glu)$auc, coded$auc)
  skip_if_not_installed("pROC")
  expect_equal(coded$auc, proc_auc(pima$type, pima$glu, "No", "Yes"), tolerance = 1e-12)
  expect_equal(unname(labelled$auc_ci),
               as.numeric(pROC::ci.auc(pROC::roc(pima$type, pima$glu, levels = c("No", "Yes"),
                                                 direction = "<", quiet = TRUE)))[c(1, 3)],
               tolerance = 1e-9)
})

test_that("health data codings from MASS and mlbench: the presence label is positive", {
  skip_if_not_installed("MASS")
  skip_if_not_installed("pROC")
  biopsy <- MASS::biopsy
  score <- rowSums(biopsy[, paste0("V", 1:9)])
  # The rows with a missing V6 are NA: said so explicitly, because NA + 1 is
  # NaN rather than NA under valgrind, which does not keep NA's payload.
  score[is.na(score)] <- NA_real_
  roc <- roc_curve(biopsy$class, score)
  expect_identical(roc$positive, "malignant")
  expect_equal(roc$n_missing, sum(is.na(score)))
  expect_equal(roc$auc, proc_auc(biopsy$class, score, "benign", "malignant"), tolerance = 1e-12)
  # the same with the labels in French, upper case and accents
  french <- ifelse(biopsy$class == "malignant", "MALIN", "B\u00e9nin")
  expect_identical(roc_curve(french, score)$positive, "MALIN")
  expect_equal(roc_curve(french, score)$auc, roc$auc)
  skip_if_not_installed("mlbench")
  data("PimaIndiansDiabetes2", package = "mlbench", envir = environment())
  d <- PimaIndiansDiabetes2
  roc <- roc_curve(d$diabetes, d$glucose)
  expect_identical(roc$positive, "pos")
  expect_equal(roc$n_missing, sum(is.na(d$glucose)))
  expect_equal(roc$auc, proc_auc(d$diabetes, d$glucose, "neg", "pos"), tolerance = 1e-12)
  data("BreastCancer", package = "mlbench", envir = environment())
  thickness <- as.numeric(BreastCancer$Cl.thickness)
  roc <- roc_curve(BreastCancer$Class, thickness)
  expect_identical(roc$positive, "malignant")
  expect_equal(roc$auc, proc_auc(BreastCancer$Class, thickness, "benign", "malignant"),
               tolerance = 1e-12)
  # a logical coding gives the same curve
  expect_equal(roc_curve(BreastCancer$Class == "malignant", thickness)$auc, roc$auc)
})

test_that("labels that do not tell the positive class: an error asking for it", {
  expect_error(roc_curve(c("A", "B", "A"), c(1, 2, 3)), "give it with 'positive', e.g. positive = \"B\"",
               fixed = TRUE)
  roc <- roc_curve(c("A", "B", "A"), c(1, 2, 3), positive = "B")
  expect_identical(roc$positive_rule, "given")
  expect_output(print(roc), "Positive class: \"B\"\n")
  cm <- as_confusion_matrix(roc, threshold = 2)
  expect_identical(c(cm$positive, cm$positive_rule), c("B", "given"))
  cm <- as_confusion_matrix(roc_curve(c("non", "oui"), 1:2), threshold = 2)
  expect_output(print(cm), "inferred from the labels non/oui")
  skip_without_french()
  in_french(expect_error(roc_curve(c("A", "B"), 1:2), "'positive'"))
  in_french(expect_error(roc_curve(c("A", "B"), 1:2), "classe positive"))
})

test_that("a damaged factor is a clear error, not an internal one", {
  twice <- structure(c(1L, 2L, 1L), levels = c("a", "a"), class = "factor")
  expect_error(roc_curve(twice, 1:3), "'truth' is a damaged factor")
  expect_error(confusion_matrix(twice, twice), "'truth' is a damaged factor")
  expect_error(roc_curve(structure(1:2, levels = c("a", NA), class = "factor"), 1:2),
               "'truth' is a damaged factor")
  beyond <- structure(c(1L, 2L, 3L), levels = c("No", "Yes"), class = "factor")
  expect_error(roc_curve(beyond, 1:3), "'truth' holds an invalid factor code at position 3")
})

test_that("many distinct scores (sorting) and many ties (hashing) count alike", {
  set.seed(9)
  n <- 30000
  truth <- runif(n) < 0.4
  for (digits in c(5, 2)) {   # > 4096 distinct in the first rows: sorted; else hashed
    score <- round(rnorm(n, mean = truth), digits)
    roc <- roc_curve(truth, score)
    expect_identical(roc$thresholds, c(Inf, sort(unique(score), decreasing = TRUE)))
    counts <- as.data.frame(roc)
    ordered_pos <- sort(score[truth])
    ordered_neg <- sort(score[!truth])
    at_least <- function(sorted, t) length(sorted) - findInterval(t, sorted, left.open = TRUE)
    expect_equal(counts$tp, at_least(ordered_pos, roc$thresholds))
    expect_equal(counts$fp, at_least(ordered_neg, roc$thresholds))
    ranks <- rank(score)
    mann_whitney <- (sum(ranks[truth]) - sum(truth) * (sum(truth) + 1) / 2) /
      (sum(truth) * sum(!truth))
    expect_equal(roc$auc, mann_whitney, tolerance = 1e-12)
  }
})

test_that("plot() is square, draws the diagonal and checks its parameters", {
  roc <- roc_curve(tableaux$classe == "Portrait", tableaux$yeux)
  file <- tempfile(fileext = ".pdf")
  grDevices::pdf(file, width = 9, height = 5)
  plot(roc)
  usr <- graphics::par("usr")
  expect_equal(usr[2] - usr[1], usr[4] - usr[3])
  plot_size <- graphics::par("pin")
  expect_equal(plot_size[1], plot_size[2])
  expect_identical(graphics::par("pty"), "m")   # restored
  for (bad in list(1e10, 2^31, 1e300, -1, 7, 2.5, NA, "zigzag", c(1, 2), NULL))
    expect_error(plot(roc, lty = bad), "'lty' must be a line type")
  for (bad in list(NA, "a", NULL, c(TRUE, FALSE)))
    expect_error(plot(roc, add = bad), "'add' must be TRUE or FALSE")
  for (bad in list(-1, 0, 1e300, NA, "2", NULL))
    expect_error(plot(roc, lwd = bad), "'lwd' must be positive numbers")
  for (bad in list("nocolour", c("red", "blue"), -1, 1e10, NULL))
    expect_error(plot(roc, col = bad), "'col' must be colours")
  expect_error(plot(roc, main = c("a", "b")), "'main' must be a title")
  expect_error(plot(roc, legend = "yes"), "'legend' must be TRUE or FALSE")
  expect_invisible(plot(roc, lty = "dashed", col = "#336699", main = NULL))
  grDevices::dev.off()
  if (grDevices::dev.cur() == 1L)
    expect_error(plot(roc, add = TRUE), "'add = TRUE' needs a plot")
})

test_that("summary() and print() of a ROC curve speak French, names stay English", {
  roc <- roc_curve(tableaux$classe == "Portrait", tableaux$yeux)
  s <- summary(roc)
  expect_output(print(s), "Youden index")
  skip_without_french()
  in_french({
    out <- paste(capture.output(print(s), print(roc)), collapse = "\n")
    for (label in c("crit\u00e8re", "seuil", "sensibilit\u00e9", "sp\u00e9cificit\u00e9",
                    "indice de Youden", "VP", "FP", "VN", "Classe positive", "Courbe ROC"))
      expect_true(grepl(label, out, fixed = TRUE), info = label)
    expect_false(grepl("criterion|threshold|youden", out))
    expect_named(s$operating_points, c("criterion", "threshold", "sensitivity", "specificity",
                                       "tp", "fp", "fn", "tn"))
    expect_identical(s$operating_points$criterion[1], "youden")
    expect_output(print(s$operating_points[1, ]), "indice de Youden")
    expect_error(plot(roc, lty = 1e10), "'lty' doit")
  })
})

test_that("printed thresholds, copied into as_confusion_matrix(), give the same counts", {
  skip_if_not_installed("MASS")
  fit <- stats::glm(type ~ glu + bmi, stats::binomial, MASS::Pima.tr)
  score <- stats::predict(fit, MASS::Pima.te, type = "response")
  roc <- roc_curve(MASS::Pima.te$type, score)
  best <- which.max(roc$sensitivity + roc$specificity)
  # 0.28256625...: rounded to 4 digits (0.2826), it would leave that case out
  expect_gt(signif(roc$thresholds[best], 4), roc$thresholds[best])
  line <- grep("Best threshold", capture.output(print(roc)), value = TRUE)
  printed <- as.numeric(sub(".*score >= ([0-9.e-]+),.*", "\\1", line))
  expect_equal(unclass(as_confusion_matrix(roc, threshold = printed)$table),
               unclass(as_confusion_matrix(roc, threshold = roc$thresholds[best])$table))
  # every operating point of the summary, too
  s <- summary(roc)
  out <- capture.output(print(s))
  rows <- out[grep("^ *(Youden index|sensitivity >=|specificity >=)", out)]
  expect_length(rows, nrow(s$operating_points))
  shown <- as.numeric(sub("^ *(Youden index|[a-z]+ >= [0-9]+%) +([0-9.e-]+) .*", "\\2", rows))
  for (i in seq_along(shown)) {
    expect_lte(shown[i], s$operating_points$threshold[i])
    expect_equal(sum(score >= shown[i]), sum(score >= s$operating_points$threshold[i]))
  }
  # short thresholds stay short, Inf stays Inf
  expect_identical(sdsante:::threshold_text(c(128, Inf, 0.5), c(127, 128, 0.25), 4L),
                   c("128", "Inf", "0.5"))
})

test_that("an AUC below 0.5 is explained in print() and summary()", {
  skip_if_not_installed("MASS")
  roc <- roc_curve(MASS::Pima.te$type, -MASS::Pima.te$glu)
  expect_equal(roc$auc, 1 - roc_curve(MASS::Pima.te$type, MASS::Pima.te$glu)$auc)
  line <- "The AUC is below 0.5: higher scores go with \"No\", not with the positive class \"Yes\""
  expect_output(print(roc), line, fixed = TRUE)
  expect_output(print(summary(roc)), line, fixed = TRUE)
  expect_false(any(grepl("below 0.5", capture.output(print(roc_curve(MASS::Pima.te$type,
                                                                      MASS::Pima.te$glu))))))
  skip_without_french()
  in_french(expect_output(print(roc), "inf\u00e9rieure \u00e0 0.5"))
})

test_that("a factor score says how to get its numbers, not its codes", {
  thickness <- factor(c("10", "2", "3", "2"))   # codes 1, 2, 3, 2: "10" would be lowest
  expect_error(roc_curve(c(1, 0, 1, 0), thickness),
               "'score' must be a numeric vector, not a factor: convert it with as.numeric(as.character(score))",
               fixed = TRUE)
  expect_equal(roc_curve(c(1, 0, 1, 0), as.numeric(as.character(thickness)))$auc, 1)
  skip_without_french()
  in_french(expect_error(roc_curve(c(1, 0, 1, 0), thickness), "as.numeric(as.character(score))",
                         fixed = TRUE))
})

test_that("large counts print in full in ROC print-outs", {
  set.seed(1)
  roc <- roc_curve(rep(c(0, 1), 5e5), runif(1e6))
  out <- capture.output(print(roc), print(summary(roc)))
  expect_true(any(grepl("ROC curve: 1 000 000 cases, 500 000 positive", out, fixed = TRUE)))
  expect_false(any(grepl("[0-9]e\\+", out)))
})
