# The figures a student states in a report, checked against what the report's
# code computes.  A stated figure is written in the prose as a pandoc span,
#   la sensibilité vaut [0,72]{.chiffre code="sens"}
# so that it reads as plain text in the rendered report, and `code` is the R
# expression, evaluated after the report's chunks, that computes it.

#' Check the figures stated in a report against what its code computes
#'
#' A report (R Markdown) states figures in its text; when the data or the
#' code change, a figure typed by hand goes stale.  Write each stated figure
#' as a span with the class `chiffre` and the R expression that computes it:
#' `[0,72]{.chiffre code="s$sensitivity"}` (a decimal comma or point; `72 %`
#' compares with 100 times the value).  This function runs the report's R
#' chunks in a new environment (in the report's folder, graphics sent
#' nowhere), then evaluates each expression and compares it with the stated
#' figure, to the number of decimals stated.
#'
#' The project template ([create_project()]) calls it in the project's tests,
#' so that `R CMD check` fails on a wrong figure and says on which line.
#'
#' @param report the path of the R Markdown file.
#' @return An object of class `sdsante_figures`: a data frame with one row
#'   per stated figure: `line`, `code`, `stated` (as written), `computed`,
#'   `ok`, and `message` (where and what is wrong, in the session's language;
#'   empty when right).  If a chunk stops with an error, the rows say so and
#'   `attr(, "error")` holds the message.
#' @seealso [create_project()], [grade_projects()].
#' @examples
#' report <- tempfile(fileext = ".Rmd")
#' writeLines(c("```{r}",
#'              "test <- sdsante::tableaux[sdsante::tableaux$ensemble == 'test', ]",
#'              "```",
#'              "Le test compte [6]{.chiffre code=\"nrow(test)\"} tableaux,",
#'              "dont [33 %]{.chiffre code=\"mean(test$classe == 'Portrait')\"} de portraits."),
#'            report)
#' check_stated_figures(report)
#' @export
check_stated_figures <- function(report) {
  call <- sys.call()
  if (!is.character(report) || length(report) != 1L || !file.exists(report) || dir.exists(report))
    sds_abort(gettextf("'report' must be the path of an existing R Markdown file, not %s",
                       format_value(report), domain = "R-sdsante"), call)
  lines <- readLines(report, encoding = "UTF-8", warn = FALSE)
  figures <- stated_figures(lines)
  run <- run_report_chunks(report, lines)
  where <- basename(report)
  computed <- rep(NA_real_, nrow(figures))
  ok <- logical(nrow(figures))
  message <- character(nrow(figures))
  for (i in seq_len(nrow(figures))) {
    line <- figures$line[i]
    value <- if (is.null(run$error)) tryCatch(eval(parse(text = figures$code[i]), run$env),
                                              error = function(e) e) else NULL
    stated <- parse_stated(figures$stated[i])
    if (is.null(value)) {
      message[i] <- gettextf("%s, line %d: %s not checked, the report's code stops (%s)",
                             where, line, figures$stated[i], run$error, domain = "R-sdsante")
    } else if (inherits(value, "error")) {
      message[i] <- gettextf("%s, line %d: the code %s of the figure %s fails: %s",
                             where, line, figures$code[i], figures$stated[i],
                             conditionMessage(value), domain = "R-sdsante")
    } else if (!is.numeric(value) || length(value) != 1L || is.na(value)) {
      message[i] <- gettextf("%s, line %d: the code %s of the figure %s must give one number, not %s",
                             where, line, figures$code[i], figures$stated[i],
                             describe_value(value), domain = "R-sdsante")
    } else if (is.na(stated$value)) {
      message[i] <- gettextf("%s, line %d: %s is not a number", where, line, figures$stated[i],
                             domain = "R-sdsante")
    } else {
      computed[i] <- if (stated$percent) 100 * value else value
      ok[i] <- abs(computed[i] - stated$value) <= 0.5 * 10^-stated$decimals + 1e-9 * abs(stated$value)
      if (!ok[i])
        message[i] <- gettextf("%s, line %d: the report states %s but its code (%s) computes %s",
                               where, line, figures$stated[i], figures$code[i],
                               french_number(computed[i], stated$decimals + 2L,
                                             stated$percent), domain = "R-sdsante")
    }
  }
  out <- data.frame(line = figures$line, code = figures$code, stated = figures$stated,
                    computed = computed, ok = ok, message = message, stringsAsFactors = FALSE)
  structure(out, class = c("sdsante_figures", "data.frame"), error = run$error, report = report)
}

# Each `[text]{.chiffre code="..."}` span, with its line.
stated_figures <- function(lines) {
  # Figures inside HTML comments (<!-- -->) are examples, not statements.
  text <- paste(lines, collapse = "\n")
  comments <- gregexpr("(?s)<!--.*?-->", text, perl = TRUE)[[1]]
  if (comments[1L] > 0L) {
    regmatches(text, list(comments)) <- list(gsub("[^\n]", " ", regmatches(text, list(comments))[[1]]))
    lines <- strsplit(text, "\n", fixed = TRUE)[[1]]
  }
  pattern <- "\\[([^][]*)\\]\\{\\.chiffre[[:space:]]+code=(\"[^\"]*\"|'[^']*')[[:space:]]*\\}"
  rows <- lapply(seq_along(lines), function(i) {
    hits <- regmatches(lines[i], gregexpr(pattern, lines[i]))[[1]]
    if (!length(hits)) return(NULL)
    data.frame(line = i, stated = sub(pattern, "\\1", hits),
               code = substr(sub(pattern, "\\2", hits), 2L, nchar(sub(pattern, "\\2", hits)) - 1L),
               stringsAsFactors = FALSE)
  })
  rows <- do.call(rbind, rows)
  if (is.null(rows)) rows <- data.frame(line = integer(), stated = character(), code = character())
  rows
}

# "0,72" -> 0.72 with 2 decimals; "72 %" -> 72, percent; spaces (also
# non-breaking) separate thousands.
parse_stated <- function(text) {
  t <- gsub("[[:space:]\u00a0\u202f]", "", text)
  percent <- endsWith(t, "%")
  t <- sub("%$", "", t)
  t <- sub(",", ".", t, fixed = TRUE)
  value <- suppressWarnings(as.numeric(t))
  decimals <- if (grepl(".", t, fixed = TRUE)) nchar(sub(".*\\.", "", t)) else 0L
  list(value = value, percent = percent, decimals = decimals)
}

french_number <- function(x, digits, percent) {
  paste0(format(round(x, digits), nsmall = 0, decimal.mark = ",", scientific = FALSE),
         if (percent) "\u00a0%")
}

# The report's R chunks, run one after the other; stops at the first error,
# which names the chunk's lines.
run_report_chunks <- function(report, lines) {
  starts <- grep("^[[:space:]]*```+[[:space:]]*\\{r([ ,}]|$)", lines)
  ends <- grep("^[[:space:]]*```+[[:space:]]*$", lines)
  env <- new.env(parent = globalenv())
  old <- setwd(dirname(normalizePath(report)))
  on.exit(setwd(old), add = TRUE)
  grDevices::pdf(NULL)
  device <- grDevices::dev.cur()
  on.exit(grDevices::dev.off(device), add = TRUE)
  for (s in starts) {
    e <- ends[ends > s][1L]
    if (is.na(e)) break
    if (grepl("eval[[:space:]]*=[[:space:]]*FALSE", lines[s])) next
    code <- lines[seq_len(e - s - 1L) + s]
    error <- tryCatch({
      utils::capture.output(eval(parse(text = code, keep.source = FALSE), env))
      NULL
    }, error = function(err) conditionMessage(err))
    if (!is.null(error))
      return(list(env = env, error = gettextf("%s, lines %d-%d: %s", basename(report), s, e,
                                               error, domain = "R-sdsante")))
  }
  list(env = env, error = NULL)
}

#' @export
print.sdsante_figures <- function(x, ...) {
  cat(sprintf(ngettext(nrow(x), "%d figure stated in %s, %d wrong",
                       "%d figures stated in %s, %d wrong", domain = "R-sdsante"),
              nrow(x), basename(attr(x, "report")), sum(!x$ok)), "\n", sep = "")
  for (m in x$message[!x$ok]) cat("  ", m, "\n", sep = "")
  invisible(x)
}
