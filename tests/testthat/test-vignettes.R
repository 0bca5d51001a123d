# French typography of the tutorials: a non-breaking space (U+00A0 or U+202F),
# never an ordinary space or a line break, before : ; ! ? % and inside « ».
# Checked on the vignettes' sources (prose only: code chunks, inline code and
# the YAML header are left out, except the title and the index entry) and,
# when the package was installed from a built tarball, on the rendered HTML
# (which also holds the numbers computed by inline code).

# The sources: the source tree (tests run from tests/testthat), or the copies
# that R CMD build puts in inst/doc (installed as doc/, which is what
# R CMD check sees).
vignette_files <- function(pattern) {
  dirs <- c(test_path("..", "..", "vignettes"), system.file("doc", package = "sdsante"))
  files <- unlist(lapply(dirs[nzchar(dirs) & dir.exists(dirs)], dir, pattern = pattern,
                         full.names = TRUE))
  files[!duplicated(basename(files))]
}

# The prose of an R Markdown source, as one string (lines joined by "\n", so
# that a line break before ":" counts as a space).
rmd_prose <- function(file) {
  lines <- readLines(file, encoding = "UTF-8", warn = FALSE)
  if (length(lines) && lines[1] == "---") {
    end <- which(lines == "---")[2]
    header <- lines[seq_len(end)]
    title <- sub('^title: *"?(.*?)"?$', "\\1", grep("^title:", header, value = TRUE))
    entry <- sub(".*\\\\VignetteIndexEntry\\{(.*)\\}.*", "\\1",
                 grep("VignetteIndexEntry", header, value = TRUE))
    lines <- c(title, entry, lines[-seq_len(end)])
  }
  fence <- cumsum(grepl("^\\s*```", lines))
  in_code <- fence %% 2 == 1 | grepl("^\\s*```", lines)
  prose <- paste(ifelse(in_code, "", lines), collapse = "\n")
  gsub("`[^`\n]*`", "CODE", prose)
}

# The text of a rendered HTML vignette, without code, styles and scripts.
html_prose <- function(file) {
  html <- paste(readLines(file, encoding = "UTF-8", warn = FALSE), collapse = "\n")
  for (tag in c("script", "style", "pre", "code", "title"))
    html <- gsub(sprintf("(?s)<%s[^>]*>.*?</%s>", tag, tag), " CODE ", html, perl = TRUE)
  html <- gsub("<[^>]*>", "", html)
  html <- gsub("&nbsp;|&#160;", "\u00a0", html)
  gsub("&laquo;", "\u00ab", gsub("&raquo;", "\u00bb", html))
}

# Each ordinary space (or line break) where French wants a non-breaking one,
# with a little context.
typography_problems <- function(text) {
  bad <- "[ \t\n]+[:;!?%\u00bb]|\u00ab[ \t\n]+"
  hits <- gregexpr(bad, text, perl = TRUE)[[1]]
  if (hits[1] == -1) return(character())
  vapply(hits, function(at) {
    gsub("\n", " ", substr(text, max(1, at - 25), at + 10))
  }, character(1))
}

test_that("the tutorials and the TD are all there", {
  sources <- vignette_files("\\.Rmd$")
  skip_if(length(sources) == 0,
          "no vignette sources: neither ../../vignettes nor the installed doc/ folder has .Rmd files")
  expect_true(all(c("apprentissage-supervise.Rmd", "apprentissage-non-supervise.Rmd",
                    "sante.Rmd", "snow.Rmd", "td.Rmd") %in% basename(sources)))
})

test_that("the aide-memoire of the TD names every exported function", {
  td <- vignette_files("^td\\.Rmd$")
  skip_if(length(td) == 0,
          "no vignette sources: neither ../../vignettes nor the installed doc/ folder has td.Rmd")
  text <- paste(readLines(td[1], encoding = "UTF-8"), collapse = "\n")
  aide_memoire <- sub("(?s).*## Aide-m\u00e9moire", "", text, perl = TRUE)
  functions <- setdiff(getNamespaceExports("sdsante"), c("tableaux", "descripteurs"))
  missing <- functions[!vapply(sprintf("`%s()`", functions), grepl, logical(1),
                               x = aide_memoire, fixed = TRUE)]
  expect_identical(missing, character())
})

test_that("the vignettes' French prose uses non-breaking spaces", {
  sources <- vignette_files("\\.Rmd$")
  skip_if(length(sources) == 0,
          "no vignette sources: neither ../../vignettes nor the installed doc/ folder has .Rmd files")
  for (file in sources) {
    expect_identical(typography_problems(rmd_prose(file)), character(),
                     label = paste("ordinary spaces in the prose of", basename(file)))
  }
})

test_that("the rendered vignettes keep the non-breaking spaces, numbers included", {
  rendered <- vignette_files("\\.html$")
  skip_if(length(rendered) == 0,
          "no rendered vignettes: the package was not installed from a built tarball")
  for (file in rendered) {
    expect_identical(typography_problems(html_prose(file)), character(),
                     label = paste("ordinary spaces in the text of", basename(file)))
  }
})

test_that("the typography check finds what it must find", {
  expect_length(typography_problems("Classe : Portrait"), 1)
  expect_length(typography_problems("87 %) et \u00ab Mod\u00e8le \u00bb"), 3)
  expect_length(typography_problems("une ligne\n: coup\u00e9e"), 1)
  expect_length(typography_problems("Classe\u00a0: 87\u202f% \u00ab\u00a0Mod\u00e8le\u00a0\u00bb ?"), 1)
  file <- tempfile(fileext = ".Rmd")
  on.exit(unlink(file))
  writeLines(enc2utf8(c("---", 'title: "Titre\u00a0: sous-titre"', "---",
                        "Texte\u00a0:", "```{r}", "x <- c(a = 1) ; y ? z", "```",
                        "et `a : b`.")), file, useBytes = TRUE)
  expect_identical(typography_problems(rmd_prose(file)), character())
  writeLines(c("---", 'title: "Titre : sous-titre"', "---", "Texte ?"), file)
  expect_length(typography_problems(rmd_prose(file)), 2)
})
