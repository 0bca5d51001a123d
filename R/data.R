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
#'     decomposition, in percent ("\%C", "\%M", "\%J", "\%N"); the four sum
#'     to 100.}
#'   \item{classe}{The true class ("Classe"): a factor with levels
#'     `Portrait`, `Personnages` (several people) and `Paysage` (landscape).}
#'   \item{ensemble}{The set the painting belongs to: a factor with levels
#'     `apprentissage` (training) and `test`.}
#' }
#' The counts and percentages are integers.
#' @source The slides of the lecture "Introduction à la science des données"
#'   (Master Sciences et Numérique pour la Santé). The same numbers are
#'   installed as a CSV file, to practise [utils::read.csv()]:
#'   `system.file("extdata", "tableaux.csv", package = "sdsante")`.
#' @seealso [descripteurs] for the unsupervised example.
#' @examples
#' str(tableaux)
#' table(tableaux$classe, tableaux$ensemble)
#' # The CSV file behind the data set
#' csv <- read.csv(system.file("extdata", "tableaux.csv", package = "sdsante"),
#'                 colClasses = c(id = "character"))
#' head(csv)
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
#'   \item{ensemble}{`apprentissage` (001 to 015) or `test` (016 to 021).}
#' }
#' @source The slides of the lecture "Introduction à la science des données";
#'   also installed as
#'   `system.file("extdata", "descripteurs.csv", package = "sdsante")`.
#' @seealso [tableaux] for the supervised example.
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' plot(train$d1, train$d2, xlab = "d1", ylab = "d2", pch = 19)
"descripteurs"
