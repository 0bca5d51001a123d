# Les chiffres annoncés dans le rapport (vignettes/rapport.Rmd), écrits
# [0,797]{.chiffre code="roc_glu$auc"}, doivent être ceux que son code calcule.

# Le rapport : celui des sources (devtools::test()), ou celui installé avec le
# package construit (R CMD check).
trouver_rapport <- function() {
  sources <- test_path("..", "..", "vignettes", "rapport.Rmd")
  if (file.exists(sources)) return(sources)
  system.file("doc", "rapport.Rmd", package = "{{package}}")
}

test_that("le rapport est là et son code tourne", {
  rapport <- trouver_rapport()
  expect(nzchar(rapport), "rapport.Rmd introuvable : construisez le package avec ses vignettes")
  chiffres <- sdsante::check_stated_figures(rapport)
  expect(is.null(attr(chiffres, "error")), paste(attr(chiffres, "error"), ""))
  expect(nrow(chiffres) > 0, "le rapport n'annonce aucun chiffre")
})

test_that("les chiffres annoncés dans le rapport sont ceux que le code calcule", {
  chiffres <- sdsante::check_stated_figures(trouver_rapport())
  for (i in seq_len(nrow(chiffres))) expect(chiffres$ok[i], chiffres$message[i])
})

test_that("les données se lisent", {
  donnees <- lire_donnees()
  expect_equal(nrow(donnees), 532)
  expect_setequal(levels(donnees$type), c("No", "Yes"))
})
