# Rule lists read by a student: printing within getOption("width"), plurals,
# French labels, the picture.  Helpers: helper-rules.R.

train <- tableaux[tableaux$ensemble == "apprentissage", ]

# ---- printing within the width, plurals, French labels --------------------------

test_that("long conditions wrap within getOption(\"width\") at and / or", {
  conditions <- list(
    str2lang(paste(sprintf("variable_%d >= %d", 1:12, 1:12), collapse = " & ")),
    quote(a > 1 | (b < 2 & c %in% c("x", "y")) | is.na(d)))
  model <- new_rule_list(conditions, c("un", "deux"), "trois")
  # (at 45 characters every piece fits: the longest cannot be cut)
  for (width in c(45L, 60L, 80L)) {
    old <- options(width = width)
    text <- format(model)
    options(old)
    expect_true(all(nchar(text) <= width), info = width)
    # continuation lines hang under the condition, and nothing is lost
    start <- grepl("^(If|Else)", text)
    expect_true(all(startsWith(text[!start], strrep(" ", 4L))))
    joined <- vapply(split(trimws(text), cumsum(start)), paste, "", collapse = " ")
    old <- options(width = 1000L)
    expect_identical(unname(joined), format(model), info = width)
    options(old)
  }
  old <- options(width = 50L)
  on.exit(options(old))
  expect_identical(format(model)[1:3],
                   c("If (variable_1 >= 1 and variable_2 >= 2 and",
                     "    variable_3 >= 3 and variable_4 >= 4 and",
                     "    variable_5 >= 5 and variable_6 >= 6 and"))
  # the R code is cut after & or | too, and still rebuilds the same model
  code <- format(model, style = "r")
  expect_true(all(nchar(code) <= 50L))
  expect_gt(length(code), 5L)
  expect_identical(eval(str2lang(paste(code, collapse = "\n")))$program, model$program)
  # the summary's condition column wraps too, under itself
  d <- as.data.frame(setNames(as.list(1:12), sprintf("variable_%d", 1:12)))
  d[c("a", "b", "c", "d")] <- list(0, 1, "x", 1)
  d$classe <- "un"
  options(width = 70L)
  printed <- capture.output(print(summary(model, d)))
  # (one true class: no confusion matrix after the table)
  ends <- c(which(printed == ""), length(printed) + 1L)
  table <- printed[seq(3L, ends[2L] - 1L)]
  expect_true(all(nchar(table) <= 70L))
  expect_gt(length(table), 4L)   # header, 2 rules and the default, and more
  column <- regexpr("condition", table[1L])
  expect_true(all(substr(table[-(1:2)][!startsWith(table[-(1:2)], "2") &
                                         !startsWith(table[-(1:2)], "default")],
                         1L, column - 1L) == strrep(" ", column - 1L)))
})

test_that("long sets of values wrap within the width, in the text, the summary and the R code", {
  old <- options(width = 60L)
  on.exit(options(old))
  cities <- c("Lyon", "Paris", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes",
              "Strasbourg", "Montpellier", "Rennes")
  model <- new_rule_list(list(bquote(ville %in% .(c(cities, NA)) & age > 3),
                              bquote(!(ville %in% .(cities[1:7])))),
                         c("a", "c"), "b")
  text <- format(model)
  expect_true(all(nchar(text) <= 60L))
  expect_gt(length(text), 5L)
  expect_identical(paste(trimws(text[1:4]), collapse = " "),
                   paste0("If (ville in {", paste(encodeString(cities, quote = "\""), collapse = ", "),
                          ", NA} and age > 3) then classe = a"))
  code <- format(model, style = "r")
  expect_true(all(nchar(code) <= 60L))
  expect_identical(eval(str2lang(paste(code, collapse = "\n")))$program, model$program)
  data <- data.frame(ville = c("Lyon", "Paris", "Brest"), age = c(4, 2, 5),
                     classe = c("a", "b", "c"))
  printed <- capture.output(print(summary(model, data)))
  expect_true(all(nchar(printed) <= 60L))
  # at width 1000 nothing is cut: the pieces give the text of one line
  options(width = 1000L)
  expect_identical(length(format(model, style = "r")), 5L)
  expect_match(format(model)[2L], "^Else if \\(ville not in \\{\"Lyon\", .*\"Nantes\"\\}\\) then classe = c$")
})

test_that("in a narrow console the summary's conditions go under their rules", {
  # The columns before the condition take 48 characters: at width 50 the
  # condition had 0 left and was printed on one long line.
  old <- options(width = 50L)
  on.exit(options(old))
  model <- rule_list(yeux >= 1 & yeux <= 2 & visages < 8 & couleur != "noir" ~ "Portrait",
                     visages >= 2 ~ "Personnages", .default = "Paysage")
  data <- transform(train, couleur = "rouge")
  printed <- capture.output(print(summary(model, data)))
  # (one true class: no confusion matrix after the table)
  ends <- c(which(printed == ""), length(printed) + 1L)
  table <- printed[seq(3L, ends[2L] - 1L)]
  expect_true(all(nchar(table) <= 50L))
  expect_match(table[1L], "^rule +covered +correct +accuracy +class$")
  expect_match(table[2L], "^1 +6 +5 +0.8333 +Portrait$")
  condition <- table[3L:(which(startsWith(table, "2"))[1L] - 1L)]
  expect_gt(length(condition), 1L)
  expect_true(all(startsWith(condition, "    ")))
  expect_identical(paste(trimws(condition), collapse = " "),
                   "1 <= yeux <= 2 and visages < 8 and couleur != \"noir\"")
  expect_match(table[length(table)], "^default ")
  options(width = 80L)
  wide <- capture.output(print(summary(model, data)))
  expect_match(wide[3L], "class +condition$")
  expect_match(wide[4L], "Portrait +1 <= yeux <= 2 and")
})

test_that("counts read with plurals and say what is covered, in English and French", {
  one <- rule_list(yeux >= 5 ~ "Personnages", .default = "Paysage",
                   .data = data.frame(yeux = 6, classe = "Personnages"))
  expect_match(format(one)[1], "\\(1 case covered, 1 correct\\)$")
  expect_match(format(lecture_model(train))[1], "\\(7 cases covered, 5 correct\\)$")
  expect_identical(format(lecture_model(train))[4], "Counted on 15 cases.")
  skip_without_french()
  in_french({
    expect_match(format(one)[1], "\\(1 cas couvert, 1 bien class\u00e9\\)$")
    expect_match(format(lecture_model(train))[2], "\\(7 cas couverts, 5 bien class\u00e9s\\)$")
    printed <- capture.output(print(summary(lecture_model(), train)))
    expect_identical(printed[1], "Liste de d\u00e9cision pour classe, \u00e9valu\u00e9e sur 15 cas")
    expect_match(printed[3], "^r\u00e8gle +cas couverts +bien class\u00e9s +exactitude +classe +condition$")
    expect_match(printed[6], "^d\u00e9faut ")
  })
})

# ---- the picture -----------------------------------------------------------------

test_that("plot() draws the decision list and checks its graphics parameters", {
  file <- tempfile(fileext = ".png")
  on.exit(unlink(file))
  grDevices::png(file, width = 600, height = 400)
  expect_identical(plot(lecture_model(train)), lecture_model(train))
  expect_invisible(plot(lecture_model(), main = "", cex = 0.8, lwd = 2, col = "grey80"))
  plot(rule_list(.default = "Paysage"))
  # many long rules: the text shrinks, the call does not fail; shrunk too
  # far to be read, it warns (once) with the way out
  long <- new_rule_list(rep(list(str2lang(paste(sprintf("v%d >= %d", 1:8, 1:8), collapse = " & "))), 12),
                        rep("a", 12), "b")
  expect_warning(plot(long), "^the text of the 12 rules was shrunk to [0-9]+% of its size .*taller device")
  expect_warning(plot(lecture_model(train)), NA)
  grDevices::dev.off()
  grDevices::png(file, width = 600, height = 2400)
  expect_warning(plot(long), NA)
  grDevices::dev.off()
  expect_gt(file.size(file), 1000)
  model <- lecture_model()
  expect_error(plot(model, lty = 1e10), "unknown argument 'lty': plot\\(\\) of a rule list takes main, cex, lwd and col")
  expect_error(plot(model, cex = -1), "'cex' must be")
  expect_error(plot(model, cex = Inf), "'cex' must be")
  expect_error(plot(model, lwd = 1e300), "'lwd' must be")
  expect_error(plot(model, lwd = "a"), "'lwd' must be")
  expect_error(plot(model, main = c("a", "b")), "'main' must be one string")
  expect_error(plot(model, main = NA_character_), "'main' must be one string")
  expect_error(plot(model, col = "not a colour"), "'col' must be one colour")
  expect_error(plot(model, col = c("red", "blue")), "'col' must be one colour")
  # the words of the picture follow the session's language
  flow <- get("rule_flow", envir = asNamespace("sdsante"))
  expect_identical(flow(model)$questions[[1L]], "1 <= yeux <= 2?")
  expect_identical(flow(model)[c("yes", "no")], list(yes = "yes", no = "no"))
  skip_without_french()
  grDevices::png(file, width = 600, height = 400)
  french <- in_french(tryCatch(plot(long), warning = conditionMessage))
  grDevices::dev.off()
  expect_match(french, "^le texte des 12 r\u00e8gles a \u00e9t\u00e9 r\u00e9duit \u00e0 [0-9]+\u00a0% de sa taille")
  in_french({
    expect_identical(flow(model)[c("yes", "no")], list(yes = "oui", no = "non"))
    expect_identical(flow(model)$questions[[2L]], "visages >= 2\u00a0?")
  })
})

test_that("the French print-outs, as a student reads them", {
  skip_without_french()
  in_french({
    expect_snapshot(print(lecture_model(train)))
    expect_snapshot(print(summary(lecture_model(), train)))
  })
})
