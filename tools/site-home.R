# Usage: Rscript tools/site-home.R pkgdown/index.md vignettes   (run by tools/site.sh)
# Runs the home page's "cinq premières commandes" with the installed package and
# checks what the page says of them: the confusion matrix on the test set has the
# number of errors, out of the number of paintings, that its text states, and the
# last command opens one of the vignettes (not run: the package may be installed
# without its built vignettes).
args <- commandArgs(trailingOnly = TRUE)
md <- readLines(args[[1]], encoding = "UTF-8", warn = FALSE)
start <- grep("^## Les cinq premières commandes", md)
stopifnot("the home page has no section « Les cinq premières commandes »" = length(start) == 1)
section <- md[start:length(md)]
section <- section[seq_len(c(grep("^## ", section[-1]), length(section))[1])]
fences <- grep("^```", section)
code <- section[(fences[1] + 1):(fences[2] - 1)]
exprs <- parse(text = code, keep.source = FALSE)
stopifnot("the home page's first commands are not five" = length(exprs) == 5)

env <- new.env()
values <- lapply(exprs[1:4], eval, envir = env)
cm <- values[[4]]
stopifnot(inherits(cm, "sdsante_confusion"))
last <- as.list(exprs[[5]])
vignettes <- sub("[.]Rmd$", "", list.files(args[[2]], pattern = "[.]Rmd$"))
stopifnot("the fifth command opens a vignette of sdsante" =
            identical(last[[1]], as.name("vignette")) && isTRUE(last[[2]] %in% vignettes) &&
            identical(last$package, "sdsante"))
counts <- as.table(cm)
stated <- regmatches(section, regexec("([0-9]+) erreurs sur ([0-9]+)", section))
stated <- as.integer(unlist(stated)[2:3])
actual <- c(sum(counts) - sum(diag(counts)), sum(counts))
if (!identical(stated, as.integer(actual))) {
  stop(sprintf("the home page says %d errors out of %d, the commands give %d out of %d",
               stated[1], stated[2], actual[1], actual[2]))
}
cat(sprintf("home page: its five commands run (%d errors out of %d, as it says)\n",
            actual[1], actual[2]))
