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

#' John Snow's map, 1854: the cholera deaths
#'
#' The 578 deaths from cholera that John Snow marked on his map of the
#' outbreak around Broad Street (Soho, London) in August and September 1854,
#' one row per death, at the house where it happened. Where several deaths
#' share an address, Snow drew them as a stack of bars moving away from the
#' street; the digitisation keeps that stack, so that the points of one house
#' form a short line. With [snow_pumps] and [snow_streets], the map can be
#' redrawn; [nearest_centre()] assigns each death to its nearest pump, and
#' `vignette("snow", package = "sdsante")` (in French) tells the story.
#'
#' @format A data frame with 578 rows and 3 columns:
#' \describe{
#'   \item{case}{Number of the death, 1 to 578, in an arbitrary (randomised)
#'     order, as in the source.}
#'   \item{x, y}{Coordinates on the map, in map units (see *Coordinates*).}
#' }
#' @section Coordinates:
#' `x` and `y` are the coordinates of the digitised map, with an arbitrary
#' origin, shared by the three data sets: the map spans about 3.4 to 19.9
#' along `x` and 3.2 to 18.7 along `y`, and `y` grows towards the top of the
#' map (roughly north, towards Oxford Street). The straight-line distance
#' between two points is their distance on the map.
#'
#' How long is one unit on the ground? About 54 metres, and probably between
#' 50 and 60 metres:
#' * Snow's map is drawn at 30 inches to a mile; if the digitiser's unit is
#'   an inch of that map, one unit is 1609.344 / 30 = 53.6 m (the source gives
#'   the map's scale as "approx. 1:2000", which would make it 50.8 m);
#' * Li (package cholera) measured one street (Carnaby Street) on the map and
#'   on today's ground and found 54 m per unit;
#' * Snow wrote that "within two hundred and fifty yards of the spot where
#'   Cambridge Street joins Broad Street, there were upwards of five hundred
#'   fatal attacks of cholera in ten days": 250 yards are 228.6 m, and at
#'   54 m per unit 536 of the 578 deaths lie that close to the Broad Street
#'   pump (which stood at that corner); at 100 m per unit only 317 would.
#'
#' The help page of HistData's Snow data says that "the (x, y) coordinate
#' units are 100 meters"; the three checks above contradict it, so sdsante
#' uses 54 m (`metres_per_unit = 54` in [nearest_centre()]). It is an
#' estimate: distances in metres are good to about 10%, distances in map
#' units are exact to the digitisation.
#' @source The digitisation of Snow's map by Rusty Dodson (NCGIA, Santa
#'   Barbara, 1992), from the map reproduced in *Snow on Cholera* (Oxford
#'   University Press, 1936); order of the deaths randomised by Waldo Tobler
#'   (Tobler, W. (1994), *Snow's Cholera Map*, NCGIA,
#'   `http://www.ncgia.ucsb.edu/pubs/snow/snow.html`). Distributed by Michael
#'   Friendly in the CRAN package HistData (licence GPL) as `Snow.deaths`;
#'   copied unchanged from HistData 1.1.1 by `data-raw/make-snow.R` in the
#'   package sources (see `inst/COPYRIGHTS`). HistData also holds
#'   `Snow.deaths2`, a version that corrects a few possible duplicate and
#'   missing deaths; these data are the original digitisation.
#' @references
#' Snow, J. (1855). *On the Mode of Communication of Cholera*, 2nd edition.
#' London: John Churchill.
#'
#' Friendly, M. HistData: Data Sets from the History of Statistics and Data
#' Visualization. R package, on CRAN.
#'
#' Li, P. cholera: Amend, Augment and Aid Analysis of John Snow's Cholera
#' Map. R package, on CRAN (its
#' vignette "roads", section "Coordinate unit").
#'
#' Koch, T. and Denike, K. (2009). Crediting his critics' concerns: Remaking
#' John Snow's map of Broad Street cholera, 1854. *Social Science & Medicine*
#' 69, 1246-1251.
#' @seealso [snow_pumps], [snow_streets], [nearest_centre()].
#' @examples
#' str(snow_deaths)
#' # The map redrawn: streets, deaths, pumps
#' plot(snow_deaths$x, snow_deaths$y, asp = 1, pch = 15, cex = 0.5, col = "red",
#'      xlab = "x (map units)", ylab = "y (map units)")
#' segments(snow_streets$x0, snow_streets$y0, snow_streets$x1, snow_streets$y1,
#'          col = "grey50")
#' points(snow_pumps$x, snow_pumps$y, pch = 17, col = "blue", cex = 1.5)
#'
#' # Deaths within 250 yards (228.6 m) of the Broad Street pump, at 54 m per unit
#' broad <- snow_pumps[snow_pumps$name == "Broad St", ]
#' sum(sqrt((snow_deaths$x - broad$x)^2 + (snow_deaths$y - broad$y)^2) * 54 <= 228.6)
"snow_deaths"

#' John Snow's map, 1854: the water pumps
#'
#' The 13 public water pumps drawn on John Snow's map of the 1854 cholera
#' outbreak around Broad Street (Soho, London). Most people fetched their
#' drinking water from one of them; Snow's argument was that the deaths
#' gathered around the pump of Broad Street, whose water carried the
#' disease. Its handle was removed on 8 September 1854.
#'
#' @format A data frame with 13 rows and 4 columns:
#' \describe{
#'   \item{pump}{Number of the pump, 1 to 13.}
#'   \item{name}{Name of the pump, from the street it stood in (`"Broad St"`
#'     is pump 7), as in the source (its column `label`).}
#'   \item{x, y}{Coordinates on the map, in the map units of [snow_deaths]
#'     (about 54 m each; see *Coordinates* there).}
#' }
#' @source The digitisation of Snow's map by Rusty Dodson and Waldo Tobler
#'   (NCGIA, 1992), distributed by Michael Friendly in the CRAN package
#'   HistData (licence GPL) as `Snow.pumps`; copied unchanged (the column
#'   `label` renamed `name`) from HistData 1.1.1 by `data-raw/make-snow.R`
#'   in the package sources. See [snow_deaths] for the full source.
#' @references
#' Snow, J. (1855). *On the Mode of Communication of Cholera*, 2nd edition.
#' London: John Churchill.
#' @seealso [snow_deaths], [snow_streets], [nearest_centre()].
#' @examples
#' snow_pumps
#' # Each death's nearest pump, and the counts by pump
#' pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
#'                         names = snow_pumps$name, metres_per_unit = 54)
#' pumps$size
"snow_pumps"

#' John Snow's map, 1854: the streets, as segments
#'
#' The streets of John Snow's map of the 1854 cholera outbreak around Broad
#' Street (Soho, London), as 713 straight segments ready to draw with
#' [graphics::segments()] or as the `background` of
#' [plot()][plot.sdsante_nearest] and [plot()][plot.sdsante_kmeans]. The
#' segments include the frame of the map.
#'
#' @format A data frame with 713 rows and 5 columns:
#' \describe{
#'   \item{street}{Number of the street line the segment belongs to, 1 to 528
#'     (a line of the digitisation, not a named street: a long street is
#'     drawn with several lines, and some lines draw the frame of the map).}
#'   \item{x0, y0, x1, y1}{The two ends of the segment, in the map units of
#'     [snow_deaths] (about 54 m each; see *Coordinates* there).}
#' }
#' @source The digitisation of Snow's map by Rusty Dodson and Waldo Tobler
#'   (NCGIA, 1992), distributed by Michael Friendly in the CRAN package
#'   HistData (licence GPL) as `Snow.streets`, which gives each of the 528
#'   lines as its 1241 points; `data-raw/make-snow.R` (in the package sources)
#'   joins the consecutive points of each line into segments, from HistData
#'   1.1.1, without changing a coordinate. See [snow_deaths] for the full
#'   source.
#' @seealso [snow_deaths], [snow_pumps], [plot.sdsante_nearest()].
#' @examples
#' plot(NULL, xlim = range(snow_streets[c("x0", "x1")]),
#'      ylim = range(snow_streets[c("y0", "y1")]), asp = 1, xlab = "x", ylab = "y")
#' segments(snow_streets$x0, snow_streets$y0, snow_streets$x1, snow_streets$y1)
"snow_streets"
