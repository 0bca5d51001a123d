# Rules on text columns: C checks the strings of a character column as it
# reads them (each distinct string once) and compares them by address, or
# byte for byte for a non-ASCII constant; Latin-1, "bytes" and invalid
# strings go back to R's checks.  Every case is compared with R's own ==,
# != and %in% on the same strings in UTF-8 (reference_rule()).

words <- c("Lyon", "Saint-\u00c9tienne", "B\u00e9ziers", "Paris", "N\u00eemes", "", NA)
text_conditions <- list(quote(ville == "B\u00e9ziers"),
                        quote(ville %in% c("Paris", "N\u00eemes", "Lyon")),
                        quote(ville != "Saint-\u00c9tienne"),
                        quote(ville %in% c("Saint-\u00c9tienne", NA)))
text_rules <- function() {
  rule_list(ville == "B\u00e9ziers" ~ "a", ville %in% c("Paris", "N\u00eemes", "Lyon") ~ "b",
            ville != "Saint-\u00c9tienne" ~ "c", ville %in% c("Saint-\u00c9tienne", NA) ~ "a",
            .default = "d", .response = "x")
}

# Rows in several blocks of C (2048 rows), so that both the whole-block and
# the few-rows paths run.
text_frame <- function(n = 7000, seed = 1) {
  set.seed(seed)
  data.frame(ville = sample(words, n, TRUE), stringsAsFactors = FALSE)
}

expect_text_rules <- function(data, utf8) {
  model <- text_rules()
  for (na in c("next", "na"))
    expect_identical(suppressWarnings(predict(model, data, "rule", na = na)),
                     reference_rule(text_conditions, utf8, na = na))
  expected <- factor(c("d", "a", "b", "c", "a")[reference_rule(text_conditions, utf8, "na") + 1L],
                     levels = c("a", "b", "c", "d"))
  answer <- suppressWarnings(predict(model, data, na = "na"))
  expect_identical(as.integer(answer), as.integer(expected))
  expect_identical(levels(answer), levels(expected))
  expect_s3_class(answer, c("sdsante_prediction", "factor"), exact = TRUE)
}

test_that("strings in UTF-8, native, Latin-1 or bytes give the same answers", {
  utf8 <- text_frame()
  expect_text_rules(utf8, utf8)
  # the same bytes marked native (read.csv() in a UTF-8 session): not the
  # constants' CHARSXP, equal byte for byte
  skip_if_not(l10n_info()[["UTF-8"]], "needs a UTF-8 session")
  native <- utf8
  Encoding(native$ville) <- "unknown"
  expect_true(any(Encoding(native$ville) == "unknown" & !is.na(native$ville) &
                  grepl("\u00e9", utf8$ville)))
  expect_text_rules(native, utf8)
  # Latin-1 strings equal in text to UTF-8 constants, alone or mixed with
  # UTF-8 ones in the same column (first in row 5000: a later block)
  latin <- utf8
  latin$ville <- iconv(utf8$ville, "UTF-8", "latin1")
  expect_text_rules(latin, utf8)
  mixed <- utf8
  mixed$ville[5000:7000] <- iconv(utf8$ville[5000:7000], "UTF-8", "latin1")
  expect_true(Encoding(mixed$ville[which(grepl("\u00e9", utf8$ville) & seq_along(utf8$ville) >= 5000)[1]]) == "latin1")
  expect_text_rules(mixed, utf8)
  # "bytes": UTF-8 bytes declared as such
  bytes <- utf8
  Encoding(bytes$ville) <- "bytes"
  expect_text_rules(bytes, utf8)
  # a factor whose levels are Latin-1
  factor_latin <- data.frame(ville = factor(latin$ville))
  expect_text_rules(factor_latin, utf8)
})

test_that("a column of NA_character_ or empty strings, and no rows", {
  empty <- data.frame(ville = rep(c(NA_character_, ""), 3000), stringsAsFactors = FALSE)
  expect_text_rules(empty, empty)
  none <- data.frame(ville = character())
  expect_identical(predict(text_rules(), none, "rule"), integer())
  answer <- predict(text_rules(), none)
  expect_identical(class(answer), "factor")
  expect_length(answer, 0L)
})

test_that("text that is not valid UTF-8 is refused wherever it is", {
  good <- text_frame()
  message <- "column 'ville' of 'newdata' holds text that is not valid UTF-8 \\(value 6500"
  # in a later block of C
  bad <- good
  bad$ville[6500] <- "B\xe9ziers"
  expect_error(predict(text_rules(), bad), message)
  # in a column that only a later rule reads, in a row an earlier rule decides
  two <- data.frame(x = rep(1, 7000), ville = good$ville, stringsAsFactors = FALSE)
  two$ville[6500] <- "caf\xe9"
  model <- rule_list(x > 0 ~ "a", ville == "Lyon" ~ "b", .default = "c", .response = "y")
  expect_error(predict(model, two), message)
  # a native string valid in UTF-8 is accepted, an invalid one is not
  skip_if_not(l10n_info()[["UTF-8"]], "needs a UTF-8 session")
  native <- good
  Encoding(native$ville) <- "unknown"
  native$ville[6500] <- "\xff"
  expect_error(predict(text_rules(), native), message)
})

test_that("the counts behind the prediction mark are those of the answers", {
  utf8 <- text_frame()
  model <- text_rules()
  for (na in c("next", "na")) {
    answer <- suppressWarnings(predict(model, utf8, na = na))
    fingerprint <- sdsante:::prediction_memory$fingerprints[[1L]]
    expect_identical(fingerprint$counts, sdsante:::prediction_fingerprint(answer)$counts)
  }
  # a list of one rule (its own loop in C): answers, counts and the rows that
  # NA sent to the default, as R's ==
  one <- rule_list(ville == "Lyon" ~ "a", .default = "b", .response = "x")
  lyon <- !is.na(utf8$ville) & utf8$ville == "Lyon"
  expect_identical(as.character(suppressWarnings(predict(one, utf8))),
                   ifelse(lyon, "a", "b"))
  expect_identical(as.character(predict(one, utf8, na = "na")),
                   ifelse(is.na(utf8$ville), NA, ifelse(lyon, "a", "b")))
  n_na <- sum(is.na(utf8$ville))
  expect_warning(predict(one, utf8), sprintf("^%d rows had a missing value.*\\(%d to the default\\)",
                                             n_na, n_na))
  answer <- suppressWarnings(predict(one, utf8))
  expect_identical(sdsante:::prediction_memory$fingerprints[[1L]]$counts,
                   sdsante:::prediction_fingerprint(answer)$counts)
  # so a model's answers passed as the truth are noticed, also as text
  truth <- factor(sample(c("a", "b", "c", "d"), nrow(utf8), TRUE))
  answer <- suppressWarnings(predict(model, utf8))
  expect_error(confusion_matrix(as.character(answer), truth), "answers of a model")
})
