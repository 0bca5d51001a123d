# The classes of a confusion matrix: both sides turned into factors, the set
# and order of the classes ("Classes and their order" in ?confusion_matrix),
# and the checks that keep a student's labels from misleading (typos, blank
# cells, factor codes, identifiers).  Shared with db_confusion_matrix().

# The two sides as factors and the classes of their matrix (see "Classes and
# their order"), shared with db_confusion_matrix(), which counts elsewhere.
# The classes are those of the truth (the levels of a factor, unused ones
# included; TRUE/FALSE; or the labels in their order of first appearance),
# or `levels`: never the model's, so that two models on the same test set
# give the same layout, and a class that only a model's answers hold (a
# mistyped rule, French labels on English data) is an error, however the
# answers arrive (factor or text).  Levels of `predicted` that no answer
# uses are not classes: a model may declare a class it never predicts.
confusion_sides <- function(truth, predicted, levels, call, predicted_arg = "predicted") {
  truth_is_factor <- is.factor(truth) || is.logical(truth)
  truth <- as_classes(truth, "truth", call, order = "appearance")
  predicted <- as_classes(predicted, predicted_arg, call, order = "appearance")
  # The labels to check: those each side uses (a factor's unused levels are
  # no answer, and a truth's classes are the classes unless 'levels' is given).
  labels <- list(if (!is.null(levels)) present_labels(truth), present_labels(predicted))
  names(labels) <- c("truth", predicted_arg)
  known <- known_classes(truth, levels, call)
  # Counted over every label first, so that identifiers passed by mistake
  # are named before any other check.
  check_class_count(length(union(known, unlist(labels))), length(truth), !is.null(levels), call,
                    labels = stats::setNames(c(nlevels(truth), nlevels(predicted)),
                                             c("truth", predicted_arg)))
  if (is.null(levels)) {
    check_empty_labels(truth, "truth", call)
    check_empty_labels(predicted, predicted_arg, call)
    check_label_twins(truth, predicted, predicted_arg, call)
  }
  list(truth = truth, predicted = predicted, labels = labels, known = known,
       classes = known, from_levels = !is.null(levels), truth_is_factor = truth_is_factor)
}

# read.csv() reads the blank cells of a text column as "", not NA: counted as
# a class, they would add a row, or a third class that hides the positive one.
# Only the levels are read (the values only if a level is blank).
check_empty_labels <- function(x, arg, call) {
  blank <- trimws(levels(x)) == ""
  if (!any(blank) || !any(levels(x)[blank] %in% present_labels(x))) return(invisible())
  sds_abort(gettextf("'%s' holds empty labels (\"\"), as read.csv() reads the blank cells of a text column: read the file with na.strings = c(\"\", \"NA\"), or make them missing with %s[%s == \"\"] <- NA",
                     arg, arg, arg, domain = "R-sdsante"), call)
}

# Labels that differ only by case, accents, spaces or a final "s" are the same
# class mistyped ("Paysage", "paysage", "Paysage ", "Paysages").  A factor's
# levels are trusted as classes, but not such near-twins: predict() of a rule
# list whose class was typed "Paysages" gives a factor with that level, and
# factor(x) of a column with a trailing space in some rows gives two levels.
# Only levels are compared (a few strings); the values are read again
# (tabulate) only to keep the unused levels out.
label_key <- function(x) sub("s$", "", normalise_label(x))

check_label_twins <- function(truth, predicted, predicted_arg, call) {
  # Within one side: two used labels with the same key.  (A label of the
  # answers that is a twin of a class of the truth is an unknown label,
  # refused by finish_confusion() with the class it meant.)
  sides <- list(truth, predicted)
  names(sides) <- c("truth", predicted_arg)
  for (arg in names(sides)) {
    if (!anyDuplicated(label_key(levels(sides[[arg]])))) next
    used <- present_labels(sides[[arg]])
    key <- label_key(used)
    twins <- used[key %in% key[duplicated(key)]]
    if (length(twins))
      sds_abort(gettextf("'%s' holds labels that differ only by case, accents, spaces or a final \"s\": %s. Correct them (for example with trimws() or tolower()), or give every class with 'levels ='",
                         arg, quote_labels(twins), domain = "R-sdsante"), call)
  }
}

# ifelse() on a factor returns its integer codes, not its labels:
# confusion_matrix(f, ifelse(x > 1, f, f)) compares the labels of `f` with
# 1, 2, ...  When one side holds plain numbers that could all be codes of the
# other side's factor and some code would name another label (levels "0"/"1"
# read as codes 1/2 turn "0" into "1"), the matrix would mislead, silently
# when the levels are numbers too: an error, unless 'levels' declares the
# classes.  `numbers` is the side that as_classes() made from numbers.
check_factor_codes <- function(numbers, factor_side, arg, factor_arg, call) {
  values <- suppressWarnings(as.numeric(levels(numbers)))
  codes <- seq_len(nlevels(factor_side))
  if (!length(values) || anyNA(values) || !all(values %in% codes) ||
      all(levels(factor_side)[values] == levels(numbers)))
    return(invisible())
  sds_abort(gettextf("'%s' holds the numbers %s while '%s' is a factor with the labels %s: numbers are compared with labels as text. If they are the factor's codes (ifelse() on a factor returns its codes, not its labels), build '%s' from the labels, e.g. ifelse(test, as.character(f), ...); if they really are classes, give every class with 'levels ='",
                     arg, format_values(values), factor_arg, quote_labels(levels(factor_side)),
                     arg, domain = "R-sdsante"), call)
}

# The object from the counts of confusion_sides()' classes (a k x k matrix,
# rows = truth), once every label is known to be a class.
finish_confusion <- function(sides, counts, n_missing, positive, prevalence, call) {
  if (sum(counts) == 0)
    sds_abort(gettext("every pair of 'truth' and 'predicted' has a missing value: there is nothing to count",
                      domain = "R-sdsante"), call)
  for (arg in names(sides$labels))
    check_known_labels(sides$labels[[arg]], arg, sides$known, sides$from_levels, call)
  new_confusion(counts, sides$classes, positive, prevalence, n_missing, call)
}

# Position of each level among the classes; levels that are not classes are
# unused levels of a factor (no case has them): any class will do for them.
code_map <- function(levels, classes) {
  map <- match(levels, classes)
  map[is.na(map)] <- 1L
  map
}

# The classes (see "Classes and their order"): `levels` if given, else the
# levels of the truth (made from its values when it was not a factor).
known_classes <- function(truth, levels, call) {
  if (is.null(levels)) return(levels(truth))
  if (!(is.character(levels) || is.factor(levels) || is.numeric(levels) ||
        is.logical(levels)) || length(levels) < 2L || anyNA(levels) ||
      anyDuplicated(as.character(levels)))
    sds_abort(gettextf("'levels' must give every class once, at least two of them (a character vector without NA or duplicates), not %s",
                       describe_value(levels), domain = "R-sdsante"), call)
  as.character(levels)
}

present_labels <- function(x) levels(x)[tabulate(x, nlevels(x)) > 0L]

# Error on the labels of `arg` that are not among `known`, each with the
# closest known label.
check_known_labels <- function(labels, arg, known, from_levels, call) {
  unknown <- setdiff(labels, known)
  if (!length(unknown)) return(invisible())
  hints <- vapply(utils::head(unknown, 5L), function(label) {
    hint <- class_hint(label, known)
    if (is.na(hint)) paste0("\"", label, "\"") else
      gettextf("\"%s\" (did you mean \"%s\"?)", label, hint, domain = "R-sdsante")
  }, "")
  if (length(unknown) > 5L)
    hints <- c(hints, gettextf("... (%d in all)", length(unknown), domain = "R-sdsante"))
  known_text <- if (from_levels) gettextf("the classes given by 'levels' (%s)", quote_labels(known),
                                          domain = "R-sdsante") else
    if (arg == "truth") gettextf("the classes (%s)", quote_labels(known), domain = "R-sdsante") else
    gettextf("the classes of 'truth' (%s)", quote_labels(known), domain = "R-sdsante")
  sds_abort(sprintf(ngettext(length(unknown),
                             "'%s' holds a label that is not one of %s: %s. Correct it, or give every class with 'levels ='",
                             "'%s' holds labels that are not among %s: %s. Correct them, or give every class with 'levels ='",
                             domain = "R-sdsante"),
                    arg, known_text, paste(hints, collapse = ", ")), call)
}

# The class a label most likely meant: the closest by spelling, or the one
# that names the same absence or presence of the condition in another
# language ("malin" for "malignant", "non" for "No"), or NA.
class_hint <- function(label, known) {
  hint <- closest_label(label, known)
  if (!is.na(hint)) return(hint)
  for (words in list(absence_labels, presence_labels)) {
    same <- known[normalise_label(known) %in% words]
    if (normalise_label(label) %in% words && length(same) == 1L) return(same)
  }
  NA_character_
}

# Refuse implausible numbers of classes before counting (16 k^2 bytes).  The
# message names the side with the most labels (`labels`: a count per side),
# which is the one that holds identifiers.
check_class_count <- function(k, n, declared, call, labels = c(truth = k)) {
  limit <- if (declared) 10000L else 1000L
  if (k <= limit) return(invisible())
  size <- format(structure(16 * as.double(k)^2, class = "object_size"), units = "auto")
  if (is.null(labels))   # as_confusion_matrix(): a table, no 'levels'
    sds_abort(gettextf("'x' has %s classes, more than the %s that a confusion matrix accepts (it would take %s)",
                       format_count(k), format_count(limit), size,
                       domain = "R-sdsante"), call)
  most <- which.max(labels)
  sds_abort(gettextf("'%s' holds %s different labels for %s cases: so many classes look like identifiers (row numbers, patient codes), not classes, and their confusion matrix would take %s. Pass the column that holds the classes; if there really are that many, give them with 'levels =' (at most %s)",
                     names(labels)[most], format_count(labels[[most]]),
                     format_count(n), size,
                     format_count(10000L), domain = "R-sdsante"), call)
}
