# Tables of statistics (a confusion matrix's summary, a ROC curve's
# operating points): their printed, translated names, and the columns read
# by the names the print-out shows.

# Printed names of the statistics and columns, translated; the object's
# names stay.  Names it does not know are printed as they are.
statistic_labels <- function(names) {
  labels <- gettext(c(
    "class", "sensitivity", "specificity", "positive predictive value (PPV)",
    "negative predictive value (NPV)", "precision", "recall", "F1 score",
    "prevalence", "detection rate", "detection prevalence", "balanced accuracy",
    "macro average", "weighted average",
    "criterion", "threshold", "TP", "FP", "FN", "TN"),
    domain = "R-sdsante")
  names(labels) <- c("class", "sensitivity", "specificity", "ppv", "npv", "precision",
                     "recall", "f1", "prevalence", "detection_rate", "detection_prevalence",
                     "balanced_accuracy", "macro", "weighted",
                     "criterion", "threshold", "tp", "fp", "fn", "tn")
  ifelse(names %in% names(labels), labels[names], names)
}

# The data frames of statistics in summaries (by_class, averages, operating
# points) print with translated headers and criteria, also after `[`.
statistics_table <- function(df) {
  class(df) <- c("sdsante_statistics", "data.frame")
  df
}

# Printed names (English or French, without accents or case, the
# abbreviation of a predictive value alone) and the column each one prints,
# so that s$by_class$sensibilité leads to "sensitivity" rather than NULL.
printed_statistic_names <- c(
  "sensibilite" = "sensitivity", "specificite" = "specificity",
  "positive predictive value" = "ppv", "positive predictive value (ppv)" = "ppv",
  "valeur predictive positive" = "ppv", "valeur predictive positive (vpp)" = "ppv",
  "vpp" = "ppv", "negative predictive value" = "npv",
  "negative predictive value (npv)" = "npv", "valeur predictive negative" = "npv",
  "valeur predictive negative (vpn)" = "npv", "vpn" = "npv", "rappel" = "recall",
  "f1 score" = "f1", "score f1" = "f1", "detection rate" = "detection_rate",
  "taux de detection" = "detection_rate", "detection prevalence" = "detection_prevalence",
  "prevalence de detection" = "detection_prevalence",
  "balanced accuracy" = "balanced_accuracy", "exactitude equilibree" = "balanced_accuracy",
  "classe" = "class", "moyenne macro" = "macro", "macro average" = "macro",
  "moyenne ponderee" = "weighted", "weighted average" = "weighted",
  "critere" = "criterion", "seuil" = "threshold")

# A column of a table of statistics by name: a name that is not one (a
# printed, translated name, or a typo) is an error that names the column,
# never a silent NULL.
statistics_column <- function(x, name, call) {
  if (!is.character(name) || length(name) != 1L || name %in% names(x))
    return(.subset2(x, name))
  meant <- unname(printed_statistic_names[normalise_label(name)])
  if (!is.na(meant) && meant %in% names(x))
    sds_abort(gettextf("there is no column \"%s\": the columns keep their English names in every language (the print-out translates them); \"%s\" is written $%s",
                       name, name, meant, domain = "R-sdsante"), call)
  message <- gettextf("there is no column \"%s\"; the columns are %s",
                      name, quote_labels(names(x), 20L), domain = "R-sdsante")
  meant <- closest_label(name, names(x))
  if (!is.na(meant))
    message <- paste0(message, gettextf(" (did you mean \"%s\"?)", meant, domain = "R-sdsante"))
  sds_abort(message, call)
}

#' @export
`$.sdsante_statistics` <- function(x, name) statistics_column(x, name, sys.call())

#' @export
`[[.sdsante_statistics` <- function(x, i, ...) {
  if (is.character(i) && length(list(...)) == 0L) return(statistics_column(x, i, sys.call()))
  NextMethod()
}

#' @export
print.sdsante_statistics <- function(x, ...) {
  shown <- x
  class(shown) <- "data.frame"
  if ("criterion" %in% names(shown)) shown$criterion <- criterion_labels(shown$criterion)
  names(shown) <- statistic_labels(names(shown))
  if (!is.null(rownames(x)) && all(rownames(x) %in% c("macro", "weighted")))
    rownames(shown) <- statistic_labels(rownames(x))
  print(shown, ...)
  invisible(x)
}
