# Les messages des tests en français.
Sys.setenv(LANGUAGE = "fr")
library(testthat)
library({{package}})
test_check("{{package}}")
