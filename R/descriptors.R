# Frames of descriptors, as every function that groups or learns reads them:
# columns that identify the rows rather than describe them (learn_rules()
# leaves them out of `~ .`, the k-means functions name them and ask to
# leave them out), and columns on such different scales that one of them
# makes the groups almost alone (k_means(), wss_curve() and
# silhouette_score() say so and suggest `standardize = TRUE`).

# Does a column identify the rows rather than describe them?  Its name says
# so (id, ID, Id, identifiant, identifier, or a name ending in _id / .id or
# Id such as patient_id or patientId, or starting with id_ / id.), it holds
# the row numbers of a CSV file (X), or it is a character or factor column
# of at least 3 values, all different.
looks_like_identifier <- function(name, x) {
  if (identifier_name(name)) return(TRUE)
  kind <- if (!is.null(dim(x))) "other" else if (is.numeric(x)) "numeric" else
    if (is.character(x) || is.factor(x)) "text" else "other"
  if (!values_may_identify(name, kind)) return(FALSE)
  values <- x[!is.na(x)]
  identifier_values(name, list(kind = kind, n = length(x), known = length(values),
                               all_distinct = !anyDuplicated(values),
                               whole = kind == "numeric" && all(values == round(values))))
}

# The names that say "identifier": id, ID, Id, identifiant, identifier, or a
# name ending in _id / .id or Id, or starting with id_ / id.
identifier_name <- function(name) {
  lower <- tolower(name)
  lower %in% c("id", "identifiant", "identifier", "ident") ||
    grepl("[._]id$|^id[._]", lower) || grepl("[a-z0-9]Id$", name)
}

# A column that identifies rows by its values, from a summary of them (made
# in R by looks_like_identifier(), or by a database for db_learn_rules()):
# its kind ("numeric" or "text"), its number of values `n`, of known values
# `known`, whether the known values are `all_distinct` and all `whole`.
identifier_values <- function(name, s) {
  # The row numbers that write.csv() writes and read.csv() reads back as "X"
  # (readr: "...1", pandas: "Unnamed: 0"): distinct whole numbers.
  if (s$kind == "numeric")
    return(name %in% ROW_NUMBER_NAMES && s$known == s$n && s$n >= 3 && s$whole &&
             s$all_distinct)
  s$kind == "text" && s$known >= 3 && s$all_distinct
}

ROW_NUMBER_NAMES <- c("X", "...1", "Unnamed: 0", "row.names", "rownames")

# Whether the values of a column of this kind ("numeric", "text" or "other")
# can make it an identifier: text, or the numbers of a row-number column.
values_may_identify <- function(name, kind) {
  kind == "text" || (kind == "numeric" && name %in% ROW_NUMBER_NAMES)
}

# Text that holds plain numbers ("5", "10.5", not codes such as "007"): a
# column of measures read as text, which numbers_as_text_error() explains,
# rather than an identifier, even if its values are all different.
numbers_not_codes <- function(x) {
  values <- if (is.factor(x)) levels(x) else unique(x[!is.na(x)])
  values <- trimws(values[nzchar(trimws(values))])
  length(values) > 0L && !anyNA(suppressWarnings(as.numeric(values))) &&
    !any(grepl("^[-+]?0[0-9]", values))
}

# The identifier columns of a data frame (or of a matrix, by their names
# only) that is to be used as descriptors are an error that names them and
# says which columns to keep: a student who turned "001" into a number
# would otherwise group the paintings by their number.
check_no_identifiers <- function(x, arg, call) {
  names <- colnames(x)
  if (is.null(names) || !(is.data.frame(x) || is.matrix(x))) return(invisible())
  column <- function(j) if (is.data.frame(x)) x[[j]] else x[, j]
  found <- which(vapply(seq_along(names), function(j) {
    v <- column(j)
    looks_like_identifier(names[j], v) &&
      (identifier_name(names[j]) || !(is.character(v) || is.factor(v)) || !numbers_not_codes(v))
  }, NA))
  if (!length(found)) return(invisible())
  numeric_column <- vapply(seq_along(names), function(j) {
    v <- column(j)
    (is.numeric(v) || is.logical(v)) && is.null(dim(v)) && !inherits(v, "integer64")
  }, NA)
  keep <- setdiff(which(numeric_column), found)
  quoted <- paste0("\"", printable_text(names[found]), "\"")
  # what to leave out: the identifiers, and the other columns that are not numbers
  left_out <- paste0("\"", printable_text(names[union(found, which(!numeric_column))]), "\"")
  what <- sprintf(ngettext(length(found),
                           "'%s' has column %s, which identifies the rows (its values are all different, or its name says so) rather than describes them: grouping by it would be meaningless",
                           "'%s' has columns %s, which identify the rows (their values are all different, or their names say so) rather than describe them: grouping by them would be meaningless",
                           domain = "R-sdsante"), arg, paste(quoted, collapse = ", "))
  advice <- if (length(keep) && length(keep) <= 8L)
    sprintf(ngettext(length(found), "leave it out and keep the descriptors, e.g. %s[c(%s)]",
                     "leave them out and keep the descriptors, e.g. %s[c(%s)]",
                     domain = "R-sdsante"),
            arg, paste0("\"", printable_text(names[keep]), "\"", collapse = ", "))
  else
    sprintf(ngettext(length(found), "leave it out, e.g. %s[setdiff(names(%s), c(%s))]",
                     "leave them out, e.g. %s[setdiff(names(%s), c(%s))]", domain = "R-sdsante"),
            arg, arg, paste(left_out, collapse = ", "))
  sds_abort(gettextf("%s; %s", what, advice, domain = "R-sdsante"), call)
}

# The column that makes the groups almost alone, when the columns are on
# very different scales, or NULL.  From the centres of the groups (k x d),
# their weights (sizes or sums of weights) and the variance of each column,
# all on one scale (the internal one of a fit: only ratios count): the
# between-group sum of squares of each column.  A column that makes at
# least 90% of it while its standard deviation is at least 3 times that of
# another column (not constant): the groups follow that column, not the
# others, whatever they are.  (Columns in the same units, like the lecture's d1 and d2, spread
# alike and stay quiet.)
DOMINANT_SHARE <- 0.9
DOMINANT_SD_RATIO <- 3
# With `n` (unweighted rows), the spread within the groups must differ too,
# by a factor of 2: groups far apart along one column of the same units as
# the others spread that column, not its scale, and stay quiet.
DOMINANT_WITHIN_RATIO <- 2

dominant_column <- function(centres, weights, variance, names, n = NULL) {
  d <- ncol(centres)
  if (d < 2L || nrow(centres) < 2L || anyNA(variance) || !all(is.finite(centres)))
    return(NULL)
  heaviest <- max(weights)
  weights <- as.double(weights) / heaviest
  middle <- colSums(centres * weights) / sum(weights)
  gaps <- sweep(centres, 2L, middle)
  largest <- max(abs(gaps))
  if (!is.finite(largest) || largest == 0) return(NULL)
  between <- colSums((gaps / largest)^2 * weights)   # no overflow, no underflow
  share <- between / sum(between)
  top <- which.max(share)
  sds <- sqrt(variance)
  # a constant column counts in no distance: it is not the one left out
  others <- setdiff(which(sds > 0), top)
  if (!length(others)) return(NULL)
  low <- others[which.min(sds[others])]
  if (share[top] < DOMINANT_SHARE || !(sds[top] >= DOMINANT_SD_RATIO * sds[low])) return(NULL)
  if (!is.null(n)) {
    # within-group sums of squares, all divided by the largest variance
    unit <- max(variance)
    within <- (n - 1) * variance / unit - between * heaviest * (largest / sqrt(unit))^2
    if (!(within[top] >= DOMINANT_WITHIN_RATIO^2 * max(within[low], 0))) return(NULL)
  }
  label <- function(j) if (is.null(names)) format(j) else paste0("\"", printable_text(names[j]), "\"")
  list(column = label(top), share = share[[top]], sd = sds[[top]], other = label(low),
       other_sd = sds[[low]])
}

# The sentence that says it, for a warning and for print(); the standard
# deviations are in the units of the data (`exponent`: the power of two of
# the internal scale).
dominant_column_text <- function(dominant, exponent = 0L) {
  sd <- function(v) format(times_pow2(v, exponent), digits = 3)
  gettextf("column %s makes %s%% of the between-group sum of squares: the groups follow it almost alone, since its values spread far more than those of the other columns (standard deviation %s, against %s for %s). If the columns are not in the same units, use standardize = TRUE so that each counts as much",
           dominant$column, format(floor(1000 * dominant$share) / 10, nsmall = 1),
           sd(dominant$sd), sd(dominant$other_sd), dominant$other, domain = "R-sdsante")
}

# The warning of k_means() and wss_curve() (of its own class, so that
# wss_curve() gives it once).
warn_dominant_column <- function(dominant, exponent, call) {
  text <- dominant_column_text(dominant, exponent)
  warning(warningCondition(paste0(toupper(substring(text, 1L, 1L)), substring(text, 2L)),
                           class = "sdsante_dominant_column", call = call))
}
