# Réponses au TD. Chaque réponse est un objet du nom indiqué ;
# sdsante::check_script("inst/reponses-td.R") les vérifie et donne les points.
library(sdsante)
library(MASS)
apprentissage <- tableaux[tableaux$ensemble == "apprentissage", ]
test <- tableaux[tableaux$ensemble == "test", ]
modele <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
                    visages >= 2 ~ "Personnages",
                    .default = "Paysage")
points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
points_test <- descripteurs[descripteurs$ensemble == "test", c("d1", "d2")]
