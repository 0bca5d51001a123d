# The mark that predict() puts on its answers, and confusion_matrix()'s check
# of the order of its arguments.

# ---- answers passed as the truth (caret's order) ------------------------------

# caret::confusionMatrix() takes (data, reference), confusion_matrix()
# (truth, predicted): a student used to caret passes the model's answers
# first, and the matrix comes out transposed (sensitivity and predictive
# value trade places) without a word.  So the answers that the package's
# predict() returns carry a mark of two kinds: the class "sdsante_prediction"
# (kept by `[`, by a data frame's columns and their rows), and a fingerprint
# of the labels by position kept in the session (kept by factor(),
# as.character() and droplevels(), which drop the class).

prediction_memory <- new.env(parent = emptyenv())
prediction_memory$fingerprints <- list()
prediction_memory_size <- 20L

# How many values hold each label, and the labels at up to 1024 evenly
# spaced positions: independent of the order of the levels and of the type
# (factor or text), so that factor(p) and as.character(p) keep it, and read
# in one pass (tabulate) even for millions of answers.  A truth with the
# same fingerprint as a model's answers agrees with them on every sampled
# position and in every count.
prediction_fingerprint <- function(x, counts = NULL) {
  labels <- if (is.factor(x)) levels(x) else unique(as.character(x[!is.na(x)]))
  if (is.null(counts)) {
    codes <- if (is.factor(x)) as.integer(x) else match(as.character(x), labels)
    counts <- tabulate(codes, length(labels))
  }
  used <- counts > 0L
  list(n = length(x), sample = fingerprint_sample(x),
       counts = sort(stats::setNames(counts[used], labels[used])))
}

fingerprint_sample <- function(x)
  as.character(x[unique(round(seq(1, length(x), length.out = min(length(x), 1024L))))])

same_fingerprint <- function(a, b) {
  a$n == b$n && identical(a$sample, b$sample) && length(a$counts) == length(b$counts) &&
    identical(a$counts, b$counts[names(a$counts)])
}

# The answers of predict(), marked (see above); `counts` (of each level),
# when the caller has them, saves a pass.  Fingerprints of the last 20
# predictions are kept.
mark_prediction <- function(x, counts = NULL) {
  if (!length(x)) return(x)
  remember_prediction(x, counts)
  class(x) <- c("sdsante_prediction", class(x))
  x
}

# The fingerprint half of the mark, for a caller that sets the class on its
# own vector (a function that sets it on its argument copies millions of
# answers).
remember_prediction <- function(x, counts = NULL) {
  fingerprints <- c(list(prediction_fingerprint(x, counts)), prediction_memory$fingerprints)
  prediction_memory$fingerprints <- utils::head(fingerprints, prediction_memory_size)
  invisible()
}

# Marked by class, or with the fingerprint of remembered answers: the
# sampled labels are compared first, the counts (a pass over x) only when
# they agree.
is_prediction <- function(x) {
  if (inherits(x, "sdsante_prediction")) return(TRUE)
  if (!(is.factor(x) || is.character(x)) || !length(x)) return(FALSE)
  remembered <- prediction_memory$fingerprints
  remembered <- remembered[vapply(remembered, `[[`, 0, "n") == length(x)]
  if (!length(remembered)) return(FALSE)
  sample <- fingerprint_sample(x)
  remembered <- remembered[vapply(remembered, function(f) identical(f$sample, sample), NA)]
  if (!length(remembered)) return(FALSE)
  mine <- prediction_fingerprint(x)
  any(vapply(remembered, same_fingerprint, NA, b = mine))
}

# Answers of the model as 'truth' while 'predicted' is not: an error that
# says which order confusion_matrix() takes.  Skipped when 'levels' declares
# the classes, the way out when answers really are the reference.
check_argument_order <- function(truth, predicted, levels, call) {
  if (!is.null(levels) || !is_prediction(truth) || is_prediction(predicted))
    return(invisible())
  sds_abort(gettext("'truth' holds the answers of a model (made by predict()), and 'predicted' does not: confusion_matrix() takes the true classes first, then the model's answers, e.g. confusion_matrix(test$classe, predict(model, test)) (caret::confusionMatrix() takes them in the other order). If 'truth' really is the reference, give the classes with 'levels ='",
                    domain = "R-sdsante"), call)
}
