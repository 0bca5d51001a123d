# The positive class: one rule, shared by confusion_matrix() and its summary,
# roc_curve() and as_confusion_matrix(), and the line that every print-out
# writes about it.

#' The positive class
#'
#' @description
#' With two classes, sensitivity, specificity, predictive values and the ROC
#' curve are about one of them, the *positive* class: the event of interest
#' (the disease, the malignant tumour, the death). Give it with the argument
#' `positive` of [confusion_matrix()], [roc_curve()] or
#' [as_confusion_matrix()]. When it is not given, every one of these
#' functions chooses it by the same rule:
#'
#' 1. Codes 0/1 (or -1/1) take 1, and `FALSE`/`TRUE` take `TRUE`. Other
#'    codes say nothing by themselves: with 1/2 (2 is "Yes" for
#'    `as.integer()` of a factor No/Yes, and the death in `survival`'s
#'    status, but 1 is "yes" in many questionnaires) every function stops
#'    and asks for `positive`. Letters such as "M"/"F" or "A"/"B" fall to
#'    rule 4.
#' 2. Two labels that name the absence and the presence of a condition take
#'    the "presence" label: No/Yes, non/oui, negative/positive,
#'    négatif/positif, neg/pos, benign/malignant, bénin/malin, sain/malade,
#'    healthy/sick, absent/présent, control/case, témoin/cas,
#'    normal/abnormal, alive/dead, vivant/décédé, ... Labels are compared
#'    without regard to case, accents or spaces at their ends, so that "NON"
#'    and "Oui " are recognised.
#' 3. Two labels of which one is the other preceded by "non", "no", "not" or
#'    "sans" (for example "non malade"/"malade", "nonsmoker"/"smoker") take
#'    the other one.
#' 4. Otherwise [roc_curve()] stops and asks for `positive` (a curve drawn
#'    for the wrong class is mirrored, and its AUC is 1 - AUC), while
#'    [confusion_matrix()] and [as_confusion_matrix()] take the first class
#'    (the first row of the table: see the section "Classes and their order"
#'    of [confusion_matrix()]).
#'
#' The choice is never silent: `print()` and `summary()` always say which
#' class is positive and, when it was inferred, by which rule, for example
#' `Positive class: "Yes" (inferred from the labels No/Yes; set 'positive' to change)`.
#' The rule is stored in the object (`$positive_rule`: `"given"`, `"labels"`
#' or `"first"`).
#'
#' @examples
#' if (requireNamespace("MASS", quietly = TRUE)) {
#'   # "Yes" (diabetes) is the positive class, found from the labels No/Yes
#'   roc_curve(MASS::Pima.te$type, MASS::Pima.te$glu)
#'   # the same with 0/1 codes: 1 is positive
#'   roc_curve(as.integer(MASS::Pima.te$type == "Yes"), MASS::Pima.te$glu)
#' }
#' @name positive_class
NULL

# Labels naming the absence (first) and the presence (second) of a condition,
# written as normalise_label() leaves them (lower case, no accents).
absence_labels <- c(
  "0", "-1", "false", "f", "faux", "no", "n", "non", "negative", "negatif",
  "neg", "benign", "benin", "benigne", "sain", "saine", "healthy", "well",
  "absent", "absente", "absence", "control", "controls", "controle",
  "controles", "temoin", "temoins", "normal", "normale", "alive", "vivant",
  "vivante", "survived", "survivant")
presence_labels <- c(
  "1", "true", "t", "vrai", "yes", "y", "oui", "positive", "positif", "pos",
  "malignant", "malin", "maligne", "malade", "sick", "ill", "diseased",
  "disease", "present", "presente", "presence", "case", "cases", "cas",
  "abnormal", "anormal", "anormale", "dead", "died", "deceased", "death",
  "deces", "decede", "decedee", "mort", "morte", "event", "evenement")
# "non malade" / "malade", "no diabetes" / "diabetes", "nonsmoker" / "smoker".
negating_prefix <- "^(non|no|not|sans)[ _.-]?"

# Lower case, without accents or surrounding spaces, inner spaces collapsed:
# "  Bénin " and "BENIN" both become "benin".
normalise_label <- function(x) {
  x <- enc2utf8(as.character(x))
  x <- chartr(paste0("\u00e0\u00e1\u00e2\u00e4\u00e3\u00e7\u00e8\u00e9\u00ea\u00eb",
                     "\u00ec\u00ed\u00ee\u00ef\u00f1\u00f2\u00f3\u00f4\u00f6\u00f9",
                     "\u00fa\u00fb\u00fc\u00ff\u00c0\u00c2\u00c4\u00c7\u00c8\u00c9",
                     "\u00ca\u00cb\u00ce\u00cf\u00d4\u00d6\u00d9\u00db\u00dc"),
              "aaaaaceeeeiiiinoooouuuuyAAACEEEEIIOOUUU", x)
  gsub("[[:space:]]+", " ", trimws(tolower(x)))
}

# The label of the two that names the presence of the condition (rules 1 to 3
# of ?positive_class), or NA when the labels say nothing.
presence_label <- function(classes) {
  if (length(classes) != 2L) return(NA_character_)
  key <- normalise_label(classes)
  absent <- key %in% absence_labels
  present <- key %in% presence_labels
  if (sum(absent) == 1L && sum(present) == 1L && which(absent) != which(present))
    return(classes[present])
  stripped <- sub(negating_prefix, "", key)
  negated <- key != stripped & stripped == rev(key)
  if (sum(negated) == 1L) return(classes[!negated])
  NA_character_
}

# The positive class of a two-class object and how it was chosen:
# list(positive, rule) with rule "given", "labels" or "first", or NULL
# positive with more than two classes.  `if_unknown = "ask"` stops instead of
# taking the first class (roc_curve()).
choose_positive <- function(positive, classes, call, if_unknown = c("first", "ask"),
                            codes_ask = TRUE) {
  if (!is.null(positive)) {
    # A function or an environment (positive = sum) would reach is.na().
    if (!is.atomic(positive) && !is.list(positive))
      sds_abort(gettextf("'%s' must be one of the classes (%s), not %s", "positive",
                         quote_labels(classes), describe_value(positive),
                         domain = "R-sdsante"), call)
    if (is.character(positive) && length(positive) == 1L && !is.na(positive) &&
        Encoding(positive) != "latin1" && !validUTF8(positive))
      sds_abort(gettextf("'positive' holds characters that are not valid UTF-8 (%s): type it again in the console, or read the file it comes from with fileEncoding = \"latin1\"",
                         format_value(positive), domain = "R-sdsante"), call)
    if (length(classes) > 2L)
      sds_abort(gettextf("'positive' only applies to two classes; there are %d (%s). To study one class against the others, recode both sides, e.g. confusion_matrix(truth == \"%s\", predicted == \"%s\"), or read its row of summary(cm)$by_class (each class against the others)",
                         length(classes), paste(classes, collapse = ", "),
                         as.character(positive), as.character(positive),
                         domain = "R-sdsante"), call)
    return(list(positive = check_class_label(positive, classes, "positive", call),
                rule = "given"))
  }
  if (length(classes) != 2L) return(list(positive = NULL, rule = NULL))
  inferred <- presence_label(classes)
  if (!is.na(inferred)) return(list(positive = inferred, rule = "labels"))
  # Codes 1/2 are a codebook's: 2 is "Yes"
  # for as.integer() of a No/Yes factor and the death in survival's status,
  # but 1 is "yes" in many questionnaires.  Every function asks.
  if (codes_ask && setequal(classes, c("1", "2")))
    sds_abort(gettextf("the classes are the codes %s and %s, which do not say which one is the event (e.g. the disease): give it with 'positive', e.g. positive = \"%s\", after checking the data's codebook (see ?positive_class)",
                       classes[1L], classes[2L], classes[2L], domain = "R-sdsante"), call)
  if (match.arg(if_unknown) == "ask")
    sds_abort(gettextf("cannot tell which class of 'truth' is the positive one (the event, e.g. the disease): \"%s\" or \"%s\"; give it with 'positive', e.g. positive = \"%s\" (see ?positive_class)",
                       classes[1L], classes[2L], classes[2L], domain = "R-sdsante"), call)
  list(positive = classes[1L], rule = "first")
}

# The line that print() and summary() write about the positive class.
positive_line <- function(positive, rule, classes) {
  switch(if (is.null(rule)) "given" else rule,
         labels = gettextf("Positive class: \"%s\" (inferred from the labels %s; set 'positive' to change)",
                           positive, paste(c(setdiff(classes, positive), positive), collapse = "/"),
                           domain = "R-sdsante"),
         first = gettextf("Positive class: \"%s\" (the first class, by default: the labels do not say which one is the event; set 'positive' to change)",
                          positive, domain = "R-sdsante"),
         gettextf("Positive class: \"%s\"", positive, domain = "R-sdsante"))
}
