# The TD as two documents: the students' edition, without the solutions and
# their hidden checks, and the teacher's edition, with every solution open
# and the hidden checks shown.  Both are made from the TD vignette's source,
# whose solutions sit in <details><summary>Solution</summary> ... </details>
# blocks.  (The vignette itself uses the knitr::rmarkdown_notangle engine, so
# that the installed doc/td.R does not hold the solutions either.)

#' Make the students' and the teacher's editions of the TD
#'
#' The students' edition leaves out every solution and its hidden checks
#' (the `<details>` blocks of the TD's source) and the sentences of the
#' introduction that speak of solutions; its R code is written next to it
#' (`td-etudiant.R`).  The teacher's edition shows every solution and the
#' hidden checks that guard the figures the solutions state.  Each is
#' rendered to HTML, and to PDF when LaTeX is installed.
#'
#' @param output_dir the folder where the documents are written.
#' @param editions `"student"`, `"teacher"` or both.
#' @param formats `"html"`, `"pdf"` or both; PDF is skipped, with a message,
#'   when LaTeX (`pdflatex` or `xelatex`) is not installed.
#' @param input the TD's R Markdown source; by default the one installed
#'   with the package's vignettes (`doc/td.Rmd`).
#' @return The paths of the files written, invisibly.
#' @seealso `vignette("td", package = "sdsante")`, [check_script()].
#' @examples
#' \donttest{
#' if (nzchar(system.file("doc", "td.Rmd", package = "sdsante")) &&
#'     requireNamespace("rmarkdown", quietly = TRUE) && rmarkdown::pandoc_available()) {
#'   td_editions(tempdir(), editions = "student", formats = "html")
#' }
#' }
#' @export
td_editions <- function(output_dir = ".", editions = c("student", "teacher"),
                        formats = c("html", "pdf"), input = NULL) {
  call <- sys.call()
  if (is.null(input)) input <- system.file("doc", "td.Rmd", package = "sdsante")
  if (!is.character(input) || length(input) != 1L || !nzchar(input) || !file.exists(input))
    sds_abort(gettext("the TD's source was not found: install sdsante from the tarball that R CMD build makes (its vignettes included), or give 'input'",
                      domain = "R-sdsante"), call)
  if (!is.character(editions) || !length(editions) || !all(editions %in% c("student", "teacher")))
    sds_abort(gettextf("'editions' must be \"student\", \"teacher\" or both, not %s",
                       format_value(editions), domain = "R-sdsante"), call)
  if (!is.character(formats) || !length(formats) || !all(formats %in% c("html", "pdf")))
    sds_abort(gettextf("'formats' must be \"html\", \"pdf\" or both, not %s",
                       format_value(formats), domain = "R-sdsante"), call)
  if (!requireNamespace("rmarkdown", quietly = TRUE) || !rmarkdown::pandoc_available())
    sds_abort(gettext("td_editions() needs the package rmarkdown and pandoc", domain = "R-sdsante"),
              call)
  # Without highlighting, the PDF needs no LaTeX package beyond Debian's
  # texlive-latex-recommended (framed.sty is in -extra).
  latex <- Sys.which(c("pdflatex", "xelatex"))
  if ("pdf" %in% formats && !any(nzchar(latex))) {
    message(gettext("LaTeX is not installed: the PDF editions are skipped", domain = "R-sdsante"))
    formats <- setdiff(formats, "pdf")
  }
  dir.create(output_dir, showWarnings = FALSE, recursive = TRUE)
  source <- readLines(input, encoding = "UTF-8", warn = FALSE)
  work <- tempfile("td-")
  dir.create(work)
  on.exit(unlink(work, recursive = TRUE), add = TRUE)
  written <- character()
  for (edition in editions) {
    name <- if (edition == "student") "td-etudiant" else "td-enseignant"
    for (format in formats) {
      text <- if (edition == "student") student_edition(source) else teacher_edition(source)
      # pdflatex has no star glyph: a math star.
      if (format == "pdf") text <- gsub("\u2605", "$\\star$", text, fixed = TRUE)
      rmd <- file.path(work, paste0(name, ".Rmd"))
      writeLines(enc2utf8(text), rmd, useBytes = TRUE)
      output <- if (format == "html") rmarkdown::html_document() else
        rmarkdown::pdf_document(latex_engine = names(latex)[nzchar(latex)][1L], highlight = NULL)
      out <- render_apart(rmd, output, work)
      target <- file.path(output_dir, basename(out))
      file.copy(out, target, overwrite = TRUE)
      written <- c(written, target)
    }
    if (edition == "student" && requireNamespace("knitr", quietly = TRUE)) {
      code <- file.path(output_dir, paste0(name, ".R"))
      writeLines(enc2utf8(student_edition(source)), file.path(work, "code.Rmd"), useBytes = TRUE)
      knitr::purl(file.path(work, "code.Rmd"), output = code, quiet = TRUE, documentation = 0L)
      written <- c(written, code)
    }
  }
  invisible(normalizePath(written))
}

# Without the <details> blocks, and without the introduction's sentences
# about solutions.
student_edition <- function(lines) {
  lines <- lines[!details_blocks(lines)$inside]
  first_section <- grep("^## ", lines)[1L]
  header_end <- which(lines == "---")[2L]
  intro <- seq_along(lines) > header_end & seq_along(lines) < first_section & !in_chunks(lines)
  # The introduction's prose, paragraph by paragraph between its chunks.
  runs <- cumsum(c(TRUE, diff(intro) != 0))
  out <- unlist(lapply(split(seq_along(lines), runs), function(i)
    if (intro[i[1L]]) drop_solution_sentences(lines[i]) else lines[i]), use.names = FALSE)
  title <- grep("^title:", out)[1L]
  out[title] <- sub("\"$", " (\u00e9dition \u00e9tudiant)\"",
                    sub(" exercices corrig\u00e9s", " exercices", out[title]))
  out[!(out == "" & c(FALSE, utils::head(out, -1L) == ""))]
}

# Every solution open, and the hidden checks shown with what they are.
teacher_edition <- function(lines) {
  blocks <- details_blocks(lines)
  out <- lines
  title <- grep("^title:", out)[1L]
  out[title] <- sub("\"$", " (\u00e9dition enseignant)\"", out[title])
  opening <- grepl("^<details>", lines)
  out[opening] <- "**Solution.**"
  out[grepl("^</details>", lines)] <- ""
  hidden <- blocks$inside & grepl("^```\\{r.*include *= *FALSE", lines)
  out[hidden] <- sub("include *= *FALSE", "include = TRUE", lines[hidden])
  for (i in rev(which(hidden)))
    out <- append(out, c("*V\u00e9rification cach\u00e9e dans l'\u00e9dition \u00e9tudiant :*", ""), i - 1L)
  out
}

details_blocks <- function(lines) {
  depth <- cumsum(grepl("^<details", lines)) - cumsum(c(0L, utils::head(grepl("^</details>", lines), -1L)))
  list(inside = depth > 0L)
}

in_chunks <- function(lines) {
  fence <- grepl("^\\s*```", lines)
  (cumsum(fence) %% 2L == 1L) | fence
}

# Sentences (ended by ". ") of a paragraph that speak of solutions go.
drop_solution_sentences <- function(lines) {
  paragraphs <- split(lines, cumsum(lines == ""))
  unlist(lapply(paragraphs, function(p) {
    blank <- p[p == ""]
    text <- paste(p[p != ""], collapse = " ")
    if (!nzchar(text)) return(p)
    sentences <- strsplit(text, "(?<=[.!?])\\s+", perl = TRUE)[[1]]
    sentences <- sentences[!grepl("[Ss]olution", sentences)]
    c(blank, if (length(sentences)) strwrap(paste(sentences, collapse = " "), 76L))
  }), use.names = FALSE)
}

# Rendered in a separate R process when callr is there: the TD sets the
# session's language.
render_apart <- function(rmd, output, work) {
  render <- function(rmd, output) rmarkdown::render(rmd, output_format = output, quiet = TRUE,
                                                    envir = new.env(parent = globalenv()))
  if (requireNamespace("callr", quietly = TRUE))
    return(callr::r(render, list(rmd, output), wd = work))
  old <- Sys.getenv("LANGUAGE", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("LANGUAGE") else Sys.setenv(LANGUAGE = old))
  render(rmd, output)
}
