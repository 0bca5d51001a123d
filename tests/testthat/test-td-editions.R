# The TD without its answers: the students' edition leaves out every
# solution and hidden check, the teacher's shows them, and the vignette's
# tangled R code (the installed doc/td.R) holds no solution.

td_source <- function() {
  files <- c(test_path("..", "..", "vignettes", "td.Rmd"), system.file("doc", "td.Rmd", package = "sdsante"))
  files <- files[nzchar(files) & file.exists(files)]
  if (!length(files)) skip("the TD's source is not available")
  files[1]
}

# A distinctive line of each solution: the first line of code of each
# <details> block that is not also in the statements.
solution_lines <- function(lines) {
  inside <- sdsante:::details_blocks(lines)$inside
  code <- sdsante:::in_chunks(lines) & !grepl("^\\s*```", lines) & nzchar(trimws(lines))
  outside <- lines[code & !inside]
  blocks <- split(which(inside & code), cumsum(grepl("^<details", lines))[inside & code])
  unname(vapply(blocks, function(i) {
    own <- setdiff(lines[i], outside)
    own <- own[grepl("<-", own) & !grepl("^\\s*[#)]", own) & nchar(trimws(own)) > 12]
    if (length(own)) trimws(own[1]) else NA_character_
  }, ""))
}

test_that("the students' edition has no solution nor hidden check, the teacher's has them all", {
  lines <- readLines(td_source(), encoding = "UTF-8")
  solutions <- solution_lines(lines)
  expect_gte(sum(!is.na(solutions)), 5L)
  student <- sdsante:::student_edition(lines)
  teacher <- sdsante:::teacher_edition(lines)
  for (s in solutions[!is.na(solutions)]) {
    expect_false(any(grepl(s, student, fixed = TRUE)), info = s)
    expect_true(any(grepl(s, teacher, fixed = TRUE)), info = s)
  }
  expect_false(any(grepl("<details|stopifnot\\(", student)))
  intro <- student[seq_len(grep("^## ", student)[1])]
  expect_false(any(grepl("[Ss]olution", intro)))
  expect_identical(grep("^## ", student, value = TRUE), grep("^## ", lines, value = TRUE))
  expect_false(any(grepl("include *= *FALSE", teacher[sdsante:::details_blocks(lines)$inside])))
  expect_identical(sum(grepl("^\\*\\*Solution\\.\\*\\*$", teacher)), sum(grepl("^<details", lines)))
})

test_that("the vignette's tangled R code (doc/td.R) holds no solution", {
  source <- td_source()
  solutions <- solution_lines(readLines(source, encoding = "UTF-8"))
  dir <- tempfile("tangle-")
  dir.create(dir)
  file.copy(source, dir)
  out <- tools::buildVignette(file.path(dir, "td.Rmd"), dir = dir, weave = FALSE, tangle = TRUE,
                              quiet = TRUE)
  code <- unlist(lapply(file.path(dir, out), readLines))
  for (s in solutions[!is.na(solutions)]) expect_false(any(grepl(s, code, fixed = TRUE)), info = s)
  installed <- system.file("doc", "td.R", package = "sdsante")
  if (nzchar(installed))
    for (s in solutions[!is.na(solutions)])
      expect_false(any(grepl(s, readLines(installed), fixed = TRUE)), info = s)
})

test_that("td_editions() renders both editions, the students' without the solutions", {
  need_package("rmarkdown")
  need_package("knitr")
  need_package("MASS")
  skip_if_not(rmarkdown::pandoc_available())
  source <- td_source()
  solutions <- solution_lines(readLines(source, encoding = "UTF-8"))
  out <- tempfile("editions-")
  formats <- if (identical(Sys.getenv("SDSANTE_TEACHING_CHECKS"), "true")) c("html", "pdf") else "html"
  files <- td_editions(out, formats = formats, input = source)
  expect_setequal(basename(files), c(paste0("td-etudiant.", c(formats, "R")),
                                     paste0("td-enseignant.", formats)))
  # The text of a page: tags dropped (highlighting splits code into spans),
  # entities decoded.
  page_text <- function(file) {
    html <- gsub("<[^>]+>", "", paste(readLines(file, encoding = "UTF-8"), collapse = "\n"))
    for (e in list(c("&lt;", "<"), c("&gt;", ">"), c("&quot;", "\""), c("&#39;", "'"), c("&amp;", "&")))
      html <- gsub(e[1], e[2], html, fixed = TRUE)
    html
  }
  student <- page_text(file.path(out, "td-etudiant.html"))
  teacher <- page_text(file.path(out, "td-enseignant.html"))
  shown <- function(line, text) grepl(line, text, fixed = TRUE)
  checked <- 0L
  for (s in solutions[!is.na(solutions)]) {
    if (!shown(s, teacher)) next
    checked <- checked + 1L
    expect_false(shown(s, student), info = s)
  }
  expect_gte(checked, 3L)
  code <- readLines(file.path(out, "td-etudiant.R"))
  for (s in solutions[!is.na(solutions)]) expect_false(any(grepl(s, code, fixed = TRUE)), info = s)
})
