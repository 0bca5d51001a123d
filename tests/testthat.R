library(testthat)
library(sdsante)

test_check("sdsante")
