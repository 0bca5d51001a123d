#' sdsante: data science for health, from the lecture's paintings to patients
#'
#' Tools of the course "Science des données, niveau 1" (Master Sciences et
#' Numérique pour la Santé), with their heavy lifting done in C:
#'
#' * [confusion_matrix()] counts a classifier's answers against the truth and
#'   its [summary()][summary.sdsante_confusion] gives every usual statistic;
#' * [roc_curve()] draws the ROC curve of a score, with its AUC and DeLong's
#'   confidence interval;
#' * [rule_list()] writes a decision list like the lecture's ("Si (1 <= yeux
#'   <= 2) alors Classe = Portrait ..."), [predict()][predict.sdsante_rules]
#'   applies it and [learn_rules()] learns one from data;
#' * [k_means()] groups rows without their labels, [predict()][predict.sdsante_kmeans]
#'   assigns new rows to the groups, [wss_curve()] and [silhouette_score()]
#'   help choose the number of groups;
#' * the data sets [tableaux] and [descripteurs] are the lecture's two worked
#'   examples, and `inst/scripts/cours.R` runs both end to end.
#'
#' The French tutorials: `vignette("apprentissage-supervise")`,
#' `vignette("apprentissage-non-supervise")` and `vignette("sante")` (breast
#' cancer and diabetes data from MASS).
#'
#' Messages, printed output and plots follow the session's language: run
#' `Sys.setenv(LANGUAGE = "fr")` for French.
#'
#' @keywords internal
#' @importFrom grDevices grey.colors
#' @importFrom graphics image
#' @importFrom stats qbeta
#' @useDynLib sdsante, .registration = TRUE, .fixes = "C_"
"_PACKAGE"
