# Les deux exemples du cours « Science des données, niveau 1 », de bout en bout.
# Lancer : source(system.file("scripts", "cours.R", package = "sdsante"),
#                 echo = TRUE, keep.source = TRUE)
# (keep.source = TRUE garde ces commentaires dans l'écho.)
library(sdsante)

## ---- Exemple supervisé : classer des tableaux -------------------------------
apprentissage <- tableaux[tableaux$ensemble == "apprentissage", ]
test <- tableaux[tableaux$ensemble == "test", ]

# Le modèle des diapositives
modele <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
                    visages >= 2 ~ "Personnages",
                    .default = "Paysage")
modele

# Matrice de confusion sur les 15 tableaux d'apprentissage
# (lignes = Classe, colonnes = Modèle ; attendu : 5 0 0 / 1 4 0 / 1 0 4)
confusion_matrix(apprentissage$classe, predict(modele, apprentissage))

# Matrice de confusion sur les 6 tableaux de test
# (attendu : 2 0 0 / 1 1 0 / 1 0 1)
confusion_matrix(test$classe, predict(modele, test))

# Les tableaux mal classés : 002, 006 (apprentissage), 018, 020 (test)
tous <- tableaux
tous$modele <- predict(modele, tous)
tous[tous$modele != tous$classe, c("id", "ensemble", "yeux", "visages", "classe", "modele")]

# Des règles apprises sur les 15 tableaux d'apprentissage, jugées sur le test
set.seed(1)
appris <- learn_rules(classe ~ yeux + nez + bouches + visages + cyan + magenta + jaune + noir,
                      data = apprentissage)
appris
confusion_matrix(test$classe, predict(appris, test))

## ---- Exemple non supervisé : créer des groupes de tableaux ------------------
points_apprentissage <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
points_test <- descripteurs[descripteurs$ensemble == "test", c("d1", "d2")]

# Trois groupes formés sans les classes (k-means, reproductible avec set.seed)
set.seed(2024)
groupes <- k_means(points_apprentissage, k = 3, nstart = 10)
groupes
data.frame(id = descripteurs$id[descripteurs$ensemble == "apprentissage"],
           groupe = groupes$cluster)

# Les 6 tableaux de test rangés dans le groupe du centre le plus proche
data.frame(id = descripteurs$id[descripteurs$ensemble == "test"],
           groupe = predict(groupes, points_test))
