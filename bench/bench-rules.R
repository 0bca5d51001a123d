# Speed of predict() for the lecture's decision list against data.table::fcase()
# and the best base-R idiom (masked assignment), on 1e7 rows.
# Run from the package root after installing sdsante:  Rscript bench/bench-rules.R
# Goal: predict() >= 3x faster than both.
suppressPackageStartupMessages(library(sdsante))
# Median elapsed time of `times` runs of the function f.
median_time <- function(f, times = 5) {
  stats::median(vapply(seq_len(times), function(i) system.time(f())[["elapsed"]], numeric(1)))
}
set.seed(1)
n <- 1e7
# Rows drawn from the 21 paintings, with 1% of missing values in each column
d <- tableaux[sample.int(nrow(tableaux), n, replace = TRUE), c("yeux", "visages")]
d$yeux[sample.int(n, n / 100)] <- NA
d$visages[sample.int(n, n / 100)] <- NA
rownames(d) <- NULL
classes <- c("Portrait", "Personnages", "Paysage")
model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                   .default = "Paysage")

ours <- function() predict(model, d)
# Masked assignment, last rule first so that the first match wins; NA in a
# logical index leaves the element alone, as a rule whose condition is NA.
masked_codes <- function() {
  out <- rep.int(3L, n)
  out[d$visages >= 2] <- 2L
  out[d$yeux >= 1 & d$yeux <= 2] <- 1L
  structure(out, levels = classes, class = "factor")
}
masked_which <- function() {
  out <- rep.int(3L, n)
  out[which(d$visages >= 2)] <- 2L
  out[which(d$yeux >= 1 & d$yeux <= 2)] <- 1L
  structure(out, levels = classes, class = "factor")
}
masked_strings <- function() {
  out <- rep.int("Paysage", n)
  out[d$visages >= 2] <- "Personnages"
  out[d$yeux >= 1 & d$yeux <= 2] <- "Portrait"
  out
}

# (predict()'s answers also carry the class "sdsante_prediction": compared as
# a plain factor)
expected <- ours()
class(expected) <- "factor"
stopifnot(identical(masked_codes(), expected), identical(masked_which(), expected),
          identical(masked_strings(), as.character(expected)))
t_ours <- median_time(ours)
t_base <- c(masked_codes = median_time(masked_codes),
            masked_which = median_time(masked_which),
            masked_strings = median_time(masked_strings))
best <- names(which.min(t_base))
cat(sprintf("n = %g rows, 3 rules: predict() %.3f s\n", n, t_ours))
for (b in names(t_base))
  cat(sprintf("  base R %-15s %.3f s  ratio %.1fx\n", b, t_base[[b]], t_base[[b]] / t_ours))
cat(sprintf("best base-R idiom (%s): ratio %.1fx (goal >= 3x)\n", best,
            t_base[[best]] / t_ours))

if (requireNamespace("data.table", quietly = TRUE)) {
  fcase_strings <- function()
    data.table::fcase(d$yeux >= 1 & d$yeux <= 2, "Portrait", d$visages >= 2, "Personnages",
                      default = "Paysage")
  fcase_factor <- function() factor(fcase_strings(), levels = classes)
  stopifnot(identical(fcase_strings(), as.character(expected)),
            identical(fcase_factor(), expected))
  t_fcase <- median_time(fcase_strings)
  cat(sprintf("data.table::fcase (character result) %.3f s: ratio %.1fx (goal >= 3x)\n",
              t_fcase, t_fcase / t_ours))
  t_fcase_factor <- median_time(fcase_factor, 3)
  cat(sprintf("data.table::fcase + factor() (the same result as predict) %.3f s: ratio %.1fx\n",
              t_fcase_factor, t_fcase_factor / t_ours))
}

# One rule on a text column (2e6 rows): C checks the strings (valid UTF-8) as
# the rules read them, each distinct string once, so that the checks cost
# less than the work.  Goal (code-health review): >= 5x fcase.
set.seed(2)
n_text <- 2e6
colours <- c("rouge", "vert", "bleu", "jaune", "noir")
text <- data.frame(couleur = sample(colours, n_text, replace = TRUE), x = runif(n_text))
text$couleur[sample.int(n_text, n_text / 100)] <- NA
on_text <- rule_list(couleur == "rouge" ~ "A", .default = "B")
on_numbers <- rule_list(x < 0.2 ~ "A", .default = "B")
stopifnot(identical(as.character(predict(on_text, text, warn_na = FALSE)),
                    ifelse(!is.na(text$couleur) & text$couleur == "rouge", "A", "B")))
# Times of a few milliseconds: system.time() counts whole milliseconds, so
# Sys.time() (microseconds) around each call, the median of 25 after 3 calls
# that are not counted.
median_time_fine <- function(f, times = 25) {
  for (i in 1:3) f()
  stats::median(vapply(seq_len(times), function(i) {
    start <- Sys.time()
    f()
    as.double(Sys.time() - start, units = "secs")
  }, numeric(1)))
}
t_text <- median_time_fine(function() predict(on_text, text, warn_na = FALSE))
t_numbers <- median_time_fine(function() predict(on_numbers, text))
cat(sprintf("\nn = %g rows, one rule on a text column: predict() %.4f s (on a numeric column %.4f s)\n",
            n_text, t_text, t_numbers))
if (requireNamespace("data.table", quietly = TRUE)) {
  # fcase's NA is FALSE (the default), as predict()'s
  t_fcase_text <- median_time_fine(function()
    data.table::fcase(text$couleur == "rouge", "A", default = "B"))
  cat(sprintf("data.table::fcase on the text column %.4f s: ratio %.1fx (goal >= 5x)\n",
              t_fcase_text, t_fcase_text / t_text))
}
