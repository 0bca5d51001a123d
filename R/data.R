#' The lecture's paintings, described by eight numbers
#'
#' The supervised example of the introductory lecture (Science des données,
#' niveau 1): 21 paintings to be told apart as a portrait, a group of people
#' or a landscape. Paintings 001 to 015 are the training set
#' ("apprentissage"), 016 to 021 the test set, as on the slides.
#'
#' On the slides the rule "Si (1 <= #yeux <= 2) alors Classe = Portrait,
#' Sinon Si (#visages >= 2) alors Classe = Personnages, Sinon Classe =
#' Paysage" gets 13 of the 15 training paintings right (002 and 006 are
#' wrong) and 4 of the 6 test paintings (018 and 020 are wrong). Painting 013
#' is a portrait with two eyes but no face counted: that is what the slides
#' say.
#'
#' @format A data frame with 21 rows and 11 columns:
#' \describe{
#'   \item{id}{Identifier of the painting, `"001"` to `"021"` (character).}
#'   \item{yeux}{Number of eyes seen ("#Yeux" on the slides).}
#'   \item{nez}{Number of noses ("#Nez").}
#'   \item{bouches}{Number of mouths ("#Bouches").}
#'   \item{visages}{Number of faces ("#Visages").}
#'   \item{cyan, magenta, jaune, noir}{Share of each colour of the CMYK
#'     decomposition, in percent (the slides' columns `%C`, `%M`, `%J`,
#'     `%N`); the four sum to 100.}
#'   \item{classe}{The true class ("Classe"): a factor with levels
#'     `Portrait`, `Personnages` (several people) and `Paysage` (landscape).}
#'   \item{ensemble}{The set the painting belongs to: a factor with levels
#'     `apprentissage` (training) and `test`.}
#' }
#' The counts and percentages are integers.
#' @section Reading the CSV file:
#' The same numbers are installed as a CSV file, to practise
#' [utils::read.csv()]. Read naively, the file gives a different data set:
#' `id` `"001"` becomes the number 1, and `classe` and `ensemble` become text,
#' so that nothing fixes the order of the classes (the slides' order is
#' Portrait, Personnages, Paysage) in tables and confusion matrices. The right
#' reading keeps `id` as text and makes `classe` and `ensemble` factors with
#' their levels in the slides' order; it gives exactly `tableaux` (see the
#' examples). The French tutorial
#' `vignette("apprentissage-supervise", package = "sdsante")` does the same.
#' @source The slides of the lecture "Introduction à la science des données"
#'   (Master Sciences et Numérique pour la Santé); the CSV file is
#'   `system.file("extdata", "tableaux.csv", package = "sdsante")`.
#' @seealso [descripteurs] for the unsupervised example.
#' @examples
#' str(tableaux)
#' table(tableaux$classe, tableaux$ensemble)
#'
#' # The CSV file behind the data set, read the right way
#' csv <- read.csv(system.file("extdata", "tableaux.csv", package = "sdsante"),
#'                 colClasses = c(id = "character"), stringsAsFactors = FALSE)
#' csv$classe <- factor(csv$classe, levels = c("Portrait", "Personnages", "Paysage"))
#' csv$ensemble <- factor(csv$ensemble, levels = c("apprentissage", "test"))
#' identical(csv, tableaux)
#'
#' # The slides' rule and its confusion matrix on the training paintings
#' train <- csv[csv$ensemble == "apprentissage", ]
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages",
#'                    .default = "Paysage")
#' confusion_matrix(train$classe, predict(model, train))
"tableaux"

#' The lecture's paintings reduced to two descriptors
#'
#' The unsupervised example of the introductory lecture ("Abstraction et
#' réduction"): the same 21 paintings as [tableaux], each reduced to two
#' numbers between 0 and 1. The slides group the 15 training paintings into
#' three groups without looking at their class, then assign the 6 test
#' paintings to the nearest group.
#'
#' @format A data frame with 21 rows and 5 columns:
#' \describe{
#'   \item{id}{Identifier of the painting, `"001"` to `"021"` (character).}
#'   \item{d1, d2}{The two descriptors ("Descripteur 1", "Descripteur 2"),
#'     numbers in \[0, 1\] (the slides print them with a decimal comma).}
#'   \item{classe}{The class shown on the slide "Abstraction et réduction",
#'     kept to compare the groups with the classes: a factor with levels
#'     `Portrait`, `Personnages`, `Paysage`.}
#'   \item{ensemble}{The set: a factor with levels `apprentissage` (001 to
#'     015) and `test` (016 to 021).}
#' }
#' @section Reading the CSV files:
#' Two CSV files hold the same numbers. `descripteurs.csv` is written the way R
#' writes it (commas between fields, a decimal point) and is read with
#' [utils::read.csv()]. `descripteurs-fr.csv` is written the way a spreadsheet
#' in French exports it, and the way the slides print the numbers: semicolons
#' between fields and a decimal comma (`0,26`). It is read with
#' [utils::read.csv2()] (or `read.csv(sep = ";", dec = ",")`); read with
#' `read.csv()`, it would give a single column of text. In both cases keep
#' `id` as text (`colClasses`) and make `classe` and `ensemble` factors with
#' their levels in the slides' order, as in the examples: the result is
#' exactly `descripteurs`.
#' @source The slides of the lecture "Introduction à la science des données";
#'   the CSV files are
#'   `system.file("extdata", "descripteurs.csv", package = "sdsante")` and
#'   `system.file("extdata", "descripteurs-fr.csv", package = "sdsante")`.
#' @seealso [tableaux] for the supervised example.
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' plot(train$d1, train$d2, xlab = "d1", ylab = "d2", pch = 19)
#'
#' # The French-style CSV file: semicolons and decimal commas
#' file <- system.file("extdata", "descripteurs-fr.csv", package = "sdsante")
#' readLines(file, n = 3)
#' csv <- read.csv2(file, colClasses = c(id = "character"), stringsAsFactors = FALSE)
#' csv$classe <- factor(csv$classe, levels = c("Portrait", "Personnages", "Paysage"))
#' csv$ensemble <- factor(csv$ensemble, levels = c("apprentissage", "test"))
#' identical(csv, descripteurs)
"descripteurs"
