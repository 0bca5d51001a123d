# Rebuilds data/tableaux.rda and data/descripteurs.rda from the lecture's CSV
# files installed in inst/extdata, and writes inst/extdata/descripteurs-fr.csv,
# the same descriptors as a French spreadsheet exports them (semicolons, decimal
# comma, two decimals as on the slides).  Run from the package root:
#   Rscript data-raw/make-data.R
# The reading below is the one ?tableaux and ?descripteurs show to students.
read_lecture <- function(file, read = utils::read.csv) {
  x <- read(file.path("inst", "extdata", file), colClasses = c(id = "character"),
            stringsAsFactors = FALSE, encoding = "UTF-8")
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

# The French-style copy: numbers written as the slides print them ("0,40",
# "1,00"), no quotes, as a spreadsheet saves "CSV (point-virgule)".
french <- descripteurs
french[c("d1", "d2")] <- lapply(french[c("d1", "d2")], format, nsmall = 2, decimal.mark = ",")
utils::write.csv2(french, file.path("inst", "extdata", "descripteurs-fr.csv"),
                  row.names = FALSE, quote = FALSE, fileEncoding = "UTF-8")
stopifnot(identical(read_lecture("descripteurs-fr.csv", utils::read.csv2), descripteurs))

save(tableaux, file = file.path("data", "tableaux.rda"), compress = "bzip2", version = 2)
save(descripteurs, file = file.path("data", "descripteurs.rda"), compress = "bzip2", version = 2)
