# The lecture run from its own CSV files (inst/extdata), read the way
# ?tableaux and ?descripteurs show, gives the slides' results and the same
# groups as the packaged data sets.

slides_order <- c("Portrait", "Personnages", "Paysage")

read_lecture_csv <- function(file, read = utils::read.csv) {
  x <- read(system.file("extdata", file, package = "sdsante"),
            colClasses = c(id = "character"), stringsAsFactors = FALSE)
  x$classe <- factor(x$classe, levels = slides_order)
  x$ensemble <- factor(x$ensemble, levels = c("apprentissage", "test"))
  x
}

# The slides' matrices: rows = Classe, columns = Modèle, in the slides' order.
slides_matrix <- function(...) {
  matrix(c(...), 3, byrow = TRUE, dimnames = list(slides_order, slides_order))
}
slides_training <- slides_matrix(5, 0, 0,
                                 1, 4, 0,
                                 1, 0, 4)
slides_test <- slides_matrix(2, 0, 0,
                             1, 1, 0,
                             1, 0, 1)

counts_of <- function(cm) {
  tab <- unclass(cm$table)
  dimnames(tab) <- unname(dimnames(tab))
  tab[] <- as.numeric(tab)
  tab
}

test_that("the CSV files, read as documented, are the packaged data sets", {
  expect_identical(read_lecture_csv("tableaux.csv"), tableaux)
  expect_identical(read_lecture_csv("descripteurs.csv"), descripteurs)
  expect_identical(read_lecture_csv("descripteurs-fr.csv", utils::read.csv2), descripteurs)
})

test_that("read naively, the CSV file loses the identifiers and the class order", {
  naive <- utils::read.csv(system.file("extdata", "tableaux.csv", package = "sdsante"))
  expect_type(naive$id, "integer")
  expect_identical(naive$id[1], 1L)
  expect_type(naive$classe, "character")
  french <- system.file("extdata", "descripteurs-fr.csv", package = "sdsante")
  expect_type(utils::read.csv(french, sep = ";")$d1, "character")
})

test_that("the slides' rule, run from the CSV file, gives the slides' matrices", {
  paintings <- read_lecture_csv("tableaux.csv")
  training <- paintings[paintings$ensemble == "apprentissage", ]
  test <- paintings[paintings$ensemble == "test", ]
  expect_identical(training$id, sprintf("%03d", 1:15))
  expect_identical(test$id, sprintf("%03d", 16:21))
  model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
                     visages >= 2 ~ "Personnages",
                     .default = "Paysage")
  cm_training <- confusion_matrix(training$classe, predict(model, training))
  cm_test <- confusion_matrix(test$classe, predict(model, test))
  expect_identical(counts_of(cm_training), slides_training)
  expect_identical(counts_of(cm_test), slides_test)
  wrong <- paintings$id[predict(model, paintings) != paintings$classe]
  expect_identical(wrong, c("002", "006", "018", "020"))
})

test_that("k-means from either CSV file finds the groups of the packaged data", {
  groups_of <- function(points, seed = 2024) {
    train <- points[points$ensemble == "apprentissage", c("d1", "d2")]
    set.seed(seed)
    fit <- k_means(train, k = 3, nstart = 10)
    list(cluster = fit$cluster, centers = fit$centers,
         test = predict(fit, points[points$ensemble == "test", c("d1", "d2")]))
  }
  packaged <- groups_of(descripteurs)
  expect_identical(groups_of(read_lecture_csv("descripteurs.csv")), packaged)
  expect_identical(groups_of(read_lecture_csv("descripteurs-fr.csv", utils::read.csv2)),
                   packaged)
  # Three groups of the 15 training paintings; the 6 test paintings assigned.
  expect_setequal(packaged$cluster, 1:3)
  expect_length(packaged$test, 6)
})
