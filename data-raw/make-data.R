# Rebuilds data/tableaux.rda and data/descripteurs.rda from the lecture's CSV
# files installed in inst/extdata.  Run from the package root:
#   Rscript data-raw/make-data.R
read_lecture <- function(file) {
  x <- utils::read.csv(file.path("inst", "extdata", file), colClasses = c(id = "character"),
                       encoding = "UTF-8")
  x$classe <- factor(x$classe, levels = c("Portrait", "Personnages", "Paysage"))
  x$ensemble <- factor(x$ensemble, levels = c("apprentissage", "test"))
  stopifnot(nrow(x) == 21L, !anyNA(x))
  x
}
tableaux <- read_lecture("tableaux.csv")
counts <- c("yeux", "nez", "bouches", "visages", "cyan", "magenta", "jaune", "noir")
tableaux[counts] <- lapply(tableaux[counts], as.integer)
stopifnot(all(rowSums(tableaux[c("cyan", "magenta", "jaune", "noir")]) == 100))
descripteurs <- read_lecture("descripteurs.csv")
save(tableaux, file = file.path("data", "tableaux.rda"), compress = "bzip2", version = 2)
save(descripteurs, file = file.path("data", "descripteurs.rda"), compress = "bzip2", version = 2)
