# Les deux exemples du cours « Science des données, niveau 1 », de bout en bout.
# Lancer : source(system.file("scripts", "cours.R", package = "sdsante"), echo = TRUE)
library(sdsante)

## ---- Exemple supervisé : classer des tableaux -------------------------------
apprentissage <- tableaux[tableaux$ensemble == "apprentissage", ]
test <- tableaux[tableaux$ensemble == "test", ]

# Le modèle des diapositives :
#   Si (1 <= #yeux <= 2) alors Classe = Portrait
#   Sinon Si (#visages >= 2) alors Classe = Personnages
#   Sinon Classe = Paysage
regle <- function(d) {
  factor(ifelse(d$yeux >= 1 & d$yeux <= 2, "Portrait",
                ifelse(d$visages >= 2, "Personnages", "Paysage")),
         levels = levels(tableaux$classe))
}

# Matrice de confusion sur les 15 tableaux d'apprentissage (5/0/0, 1/4/0, 1/0/4)
cm_apprentissage <- confusion_matrix(apprentissage$classe, regle(apprentissage))
cm_apprentissage

# Matrice de confusion sur les 6 tableaux de test (2/0/0, 1/1/0, 1/0/1)
cm_test <- confusion_matrix(test$classe, regle(test))
cm_test

# Les tableaux mal classés : 002, 006 (apprentissage), 018, 020 (test)
erreurs <- tableaux[regle(tableaux) != tableaux$classe, c("id", "yeux", "visages", "classe")]
erreurs$modele <- regle(tableaux)[regle(tableaux) != tableaux$classe]
erreurs

# Sensibilité et spécificité de chaque classe sur le test
summary(cm_test)$by_class[c("class", "sensitivity", "specificity")]
