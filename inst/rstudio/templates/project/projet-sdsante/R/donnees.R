#' Lire les données du projet
#'
#' @return Le data frame des patientes, avec la colonne `ensemble`.
lire_donnees <- function() {
  fichier <- system.file("extdata", "pima.csv", package = "{{package}}")
  read.csv(fichier, stringsAsFactors = TRUE)
}
