#' sdsante: data science for health, from the lecture's paintings to patients
#'
#' Tools of the course "Science des données, niveau 1" (Master Sciences et
#' Numérique pour la Santé): confusion matrices, ROC curves, rule lists and
#' k-means, computed in C, with the lecture's data and French tutorials.
#'
#' @details
#' What the package holds:
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
#' * [nearest_centre()] assigns points to given centres without fitting (John
#'   Snow's cholera deaths to their nearest pump), with the counts by centre
#'   and the map of the regions;
#' * the data sets [tableaux] and [descripteurs] are the lecture's two worked
#'   examples, and `inst/scripts/cours.R` runs both end to end; [snow_deaths],
#'   [snow_pumps] and [snow_streets] are John Snow's map of the 1854 cholera
#'   outbreak in London.
#'
#' The French tutorials (vignettes, installed with the package when it is
#' installed from the tarball that `R CMD build` makes; see the README):
#' `vignette("apprentissage-supervise", package = "sdsante")`,
#' `vignette("apprentissage-non-supervise", package = "sdsante")`,
#' `vignette("sante", package = "sdsante")` (breast cancer and diabetes data
#' from MASS), `vignette("snow", package = "sdsante")` (London, 1854: John
#' Snow's cholera map, the pumps and their regions), and
#' `vignette("td", package = "sdsante")`, the worksheet: graded
#' exercises with their solutions and a one-page aide-mémoire of every
#' function. `vignette(package = "sdsante")` lists them.
#'
#' @section Pour l'enseignant : le TD et la notation des projets:
#' * TD : les étudiants lancent `learnr::run_tutorial("td", package = "sdsante")` (ou l'onglet *Tutorial* de RStudio), qui vérifie leurs réponses ; [run_td()] avec `solutions = TRUE` montre les solutions, [td_editions()] écrit l'énoncé sans solutions et le corrigé.
#' * Projet : *File > New Project > Projet sdsante* (ou [create_project()]) crée un petit package dont `R CMD check` vérifie les chiffres du rapport ; [check_script()] note un script de TD.
#' * Notation : [grade_projects()] vérifie chaque projet rendu, isolé et en temps limité, et écrit `notes.csv` et `notes.html` avec la raison de chaque point perdu.
#'
#' Messages, printed output and plots follow the session's language: run
#' `Sys.setenv(LANGUAGE = "fr")` for French. Printing translates labels in a
#' French session; the names of the returned objects (`summary(cm)$by_class$sensitivity`)
#' do not change, so that code works in any language.
#'
#' Decimal marks: printed output keeps R's decimal point (`0.87`), so that
#' what R prints can be typed back into R; the French text of the tutorials
#' writes the decimal comma (`0,87`, made with `format(x, decimal.mark = ",")`).
#' To read a file with decimal commas (as a spreadsheet in French saves it),
#' use [utils::read.csv2()]: see [descripteurs] and its file
#' `descripteurs-fr.csv`. Do not set `options(OutDec = ",")`: printed code
#' would no longer be valid R.
#'
#' @keywords internal
#' @importFrom grDevices grey.colors
#' @importFrom graphics image
#' @importFrom stats qbeta
#' @useDynLib sdsante, .registration = TRUE, .fixes = "C_"
"_PACKAGE"

# A new plot on a device forgets the ROC legend entries of the plot before
# (see roc_legend_entry()).
.onLoad <- function(libname, pkgname) {
  setHook("before.plot.new", roc_legend_forget)
}

.onUnload <- function(libpath) {
  hooks <- getHook("before.plot.new")
  setHook("before.plot.new", Filter(function(h) !identical(h, roc_legend_forget), hooks),
          "replace")
}

