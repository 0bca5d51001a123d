# The classes of a confusion matrix: both sides turned into factors, the set
# and order of the classes ("Classes and their order" in ?confusion_matrix),
# and the checks that keep a student's labels from misleading (typos, blank
# cells, factor codes, identifiers).  Shared with db_confusion_matrix().

# The two sides as factors and the classes of their matrix (see "Classes and
# their order"), shared with db_confusion_matrix(), which counts elsewhere.
# Factors and logical vectors declare their set of classes; strings and
# numbers do not, and must use the classes of the other side or of `levels`.
confusion_sides <- function(truth, predicted, levels, call, predicted_arg = "predicted") {
  is_factor <- c(is.factor(truth), is.factor(predicted))
  declared <- (is_factor | c(is.logical(truth), is.logical(predicted))) & is.null(levels)
  truth <- as_classes(truth, "truth", call, order = "appearance")
  predicted <- as_classes(predicted, predicted_arg, call, order = "appearance")
  # The labels to check: those a factor uses, or all the levels that
  # as_classes() made from the values.
  labels <- list(if (!declared[1L]) {
                   if (is_factor[1L]) present_labels(truth) else levels(truth) },
                 if (!declared[2L]) {
                   if (is_factor[2L]) present_labels(predicted) else levels(predicted) })
  names(labels) <- c("truth", predicted_arg)
  known <- known_classes(truth, predicted, declared, levels, call)
  # Counted over every label first, so that "nothing to count" comes before
  # unknown labels; then every label must be a known class.
  classes <- union(known, c(labels[[1L]], labels[[2L]]))
  check_class_count(length(classes), length(truth), !is.null(levels), call,
                    labels = stats::setNames(c(nlevels(truth), nlevels(predicted)),
                                             c("truth", predicted_arg)))
  if (is.null(levels)) {
    check_empty_labels(truth, "truth", call)
    check_empty_labels(predicted, predicted_arg, call)
    check_label_typos(truth, predicted, is_factor[2L], predicted_arg, call)
  }
  list(truth = truth, predicted = predicted, labels = labels, known = known,
       classes = classes, from_levels = !is.null(levels))
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

check_label_typos <- function(truth, predicted, predicted_is_factor, predicted_arg, call) {
  # Within one side: two used labels with the same key.
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
  # A level of a predicted factor that is a near-twin of a class of truth.
  if (!predicted_is_factor) return(invisible())
  extra <- setdiff(levels(predicted), levels(truth))
  typos <- extra[label_key(extra) %in% label_key(levels(truth))]
  if (length(typos)) typos <- intersect(typos, present_labels(predicted))
  if (length(typos))
    check_known_labels(typos, predicted_arg, levels(truth), FALSE, call)
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

# The known classes (see "Classes and their order"): `levels` if given, else
# the levels of the sides that declare theirs, else the labels of truth.
known_classes <- function(truth, predicted, declared, levels, call) {
  if (!is.null(levels)) {
    if (!(is.character(levels) || is.factor(levels) || is.numeric(levels) ||
          is.logical(levels)) || length(levels) < 2L || anyNA(levels) ||
        anyDuplicated(as.character(levels)))
      sds_abort(gettextf("'levels' must give every class once, at least two of them (a character vector without NA or duplicates), not %s",
                         describe_value(levels), domain = "R-sdsante"), call)
    return(as.character(levels))
  }
  known <- union(if (declared[1L]) levels(truth), if (declared[2L]) levels(predicted))
  if (length(known)) known else levels(truth)   # made from the values: all used
}

present_labels <- function(x) levels(x)[tabulate(x, nlevels(x)) > 0L]

# Error on the labels of `arg` that are not among `known`, each with the
# closest known label.
check_known_labels <- function(labels, arg, known, from_levels, call) {
  unknown <- setdiff(labels, known)
  if (!length(unknown)) return(invisible())
  hints <- vapply(utils::head(unknown, 5L), function(label) {
    hint <- closest_label(label, known)
    if (is.na(hint)) paste0("\"", label, "\"") else
      gettextf("\"%s\" (did you mean \"%s\"?)", label, hint, domain = "R-sdsante")
  }, "")
  if (length(unknown) > 5L)
    hints <- c(hints, gettextf("... (%d in all)", length(unknown), domain = "R-sdsante"))
  known_text <- if (from_levels) gettextf("the classes given by 'levels' (%s)", quote_labels(known),
                                          domain = "R-sdsante") else
    gettextf("the classes (%s)", quote_labels(known), domain = "R-sdsante")
  sds_abort(sprintf(ngettext(length(unknown),
                             "'%s' holds a label that is not one of %s: %s. Correct it, or give every class with 'levels ='",
                             "'%s' holds labels that are not among %s: %s. Correct them, or give every class with 'levels ='",
                             domain = "R-sdsante"),
                    arg, known_text, paste(hints, collapse = ", ")), call)
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
