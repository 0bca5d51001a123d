#' sdsante: data science for health, from the lecture's paintings to patients
#'
#' Tools of the course "Science des données, niveau 1" (Master Sciences et
#' Numérique pour la Santé), with their heavy lifting done in C:
#'
#' * [confusion_matrix()] counts a classifier's answers against the truth and
#'   its [summary()][summary.sdsante_confusion] gives every usual statistic;
#' * [roc_curve()] draws the ROC curve of a score, with its AUC and DeLong's
#'   confidence interval;
#' * the data sets [tableaux] and [descripteurs] are the lecture's two worked
#'   examples.
#'
#' Messages, printed output and plots follow the session's language: run
#' `Sys.setenv(LANGUAGE = "fr")` for French. The French tutorials are listed by
#' `vignette(package = "sdsante")`.
#'
#' @keywords internal
#' @importFrom grDevices grey.colors
#' @importFrom graphics image
#' @importFrom stats qbeta
#' @useDynLib sdsante, .registration = TRUE, .fixes = "C_"
"_PACKAGE"
