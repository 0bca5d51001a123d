# Usage: Rscript tools/site-titles.R SITE_DIR pkgdown/_pkgdown.yml
# Run by tools/site.sh after pkgdown: writes the French one-line descriptions
# (titres: in pkgdown/_pkgdown.yml) in place of the help pages' English titles in
# the site's reference index, as <dd class="titre-fr">; tools/check-site.py then
# names each topic left without one.  pkgdown 2.0.7 has no setting for this.
args <- commandArgs(trailingOnly = TRUE)
index <- file.path(args[[1]], "reference", "index.html")
titres <- yaml::read_yaml(args[[2]])$titres
text <- paste(readLines(index, encoding = "UTF-8", warn = FALSE), collapse = "\n")

# One entry of the index: <dt> ... <a href="TOPIC.html"> ... </dt> <dd>TITLE</dd>
entry <- '(?s)(<dt>\\s*<code><a href="([^"/]+)\\.html">(?:(?!</dt>).)*</dt>\\s*)<dd>(?:(?!</dd>).)*</dd>'
escape_html <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  gsub(">", "&gt;", x, fixed = TRUE)
}
m <- gregexpr(entry, text, perl = TRUE)
regmatches(text, m) <- list(vapply(regmatches(text, m)[[1]], function(e) {
  topic <- sub(entry, "\\2", e, perl = TRUE)
  titre <- titres[[topic]]
  if (is.null(titre)) return(e)
  dd <- paste0('<dd class="titre-fr">', gsub("\\", "\\\\", escape_html(titre), fixed = TRUE), "</dd>")
  sub(entry, paste0("\\1", dd), e, perl = TRUE)
}, ""))
con <- file(index, open = "w", encoding = "UTF-8")
writeLines(text, con)
close(con)
