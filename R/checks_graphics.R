# Graphics parameters passed through to base graphics, checked first: R 4.2
# crashes on some values (lty = 1e10 in line drawing) and gives obscure
# errors on others.  `params` is a named list (e.g. list(...)); parameters
# not listed here are left to base graphics.
check_graphics_params <- function(params, call, one = character()) {
  for (name in intersect(names(params), GRAPHICS_CHECKS$name)) {
    value <- params[[name]]
    check <- GRAPHICS_CHECKS$check[[match(name, GRAPHICS_CHECKS$name)]]
    if (!check(value) || (name %in% one && length(value) != 1L))
      sds_abort(gettextf("'%s' must be %s, not %s", name,
                         graphics_expected(name), format_values(value),
                         domain = "R-sdsante"), call)
  }
  invisible(params)
}

graphics_expected <- function(name) {
  switch(GRAPHICS_CHECKS$kind[match(name, GRAPHICS_CHECKS$name)],
         lty = gettext("a line type: 0 to 6, a name such as \"dashed\", or a string of 2, 4, 6 or 8 hexadecimal digits such as \"44\"",
                       domain = "R-sdsante"),
         size = gettext("positive numbers no larger than 100", domain = "R-sdsante"),
         col = gettext("colours (names such as \"red\", \"#RRGGBB\" codes, or palette numbers 0 and up)",
                       domain = "R-sdsante"),
         pch = gettext("plotting symbols: whole numbers 0 to 25, or single characters",
                       domain = "R-sdsante"),
         text = gettext("a title: a character string (or an expression), or NULL",
                        domain = "R-sdsante"),
         flag = gettext("TRUE or FALSE", domain = "R-sdsante"),
         range = gettext("two finite numbers", domain = "R-sdsante"))
}

is_line_type <- function(x) {
  if (is.numeric(x)) return(length(x) >= 1L && all(is.finite(x) & x == trunc(x) & x >= 0 & x <= 6))
  if (!is.character(x) || !length(x) || anyNA(x)) return(FALSE)
  named <- c("blank", "solid", "dashed", "dotted", "dotdash", "longdash", "twodash")
  all(x %in% named | grepl("^([1-9A-Fa-f]{2}){1,4}$", x))
}

is_colour <- function(x) {
  if (!length(x) || !(is.character(x) || is.numeric(x) || is.logical(x) && all(is.na(x))))
    return(FALSE)
  if (is.numeric(x) && !all(is.na(x) | is.finite(x) & x >= 0 & x == trunc(x) & x < 2^31))
    return(FALSE)
  if (is.character(x) && !all(is.na(x) | validUTF8(x))) return(FALSE)
  !inherits(tryCatch(grDevices::col2rgb(x), error = identity), "error")
}

GRAPHICS_CHECKS <- local({
  size <- function(x) is.numeric(x) && length(x) >= 1L && all(is.finite(x) & x > 0 & x <= 100)
  text <- function(x) is.null(x) || is.expression(x) || is.call(x) || is.name(x) ||
    (is.character(x) || is.numeric(x) || is.logical(x)) && length(x) == 1L &&
      (!is.character(x) || all(is.na(x) | validUTF8(x)))
  pch <- function(x) length(x) >= 1L &&
    (is.numeric(x) && all(is.finite(x) & x == trunc(x) & x >= 0 & x <= 25) ||
     is.character(x) && all(!is.na(x) & nchar(x, "bytes", allowNA = TRUE) %in% 1L))
  flag <- function(x) is.logical(x) && length(x) == 1L && !is.na(x)
  range <- function(x) is.numeric(x) && length(x) == 2L && all(is.finite(x))
  checks <- list(lty = is_line_type, lwd = size, cex = size, cex.main = size, cex.lab = size,
                 cex.axis = size, col = is_colour, bg = is_colour, fg = is_colour,
                 border = is_colour, pch = pch, main = text, sub = text, xlab = text,
                 ylab = text, add = flag, xlim = range, ylim = range)
  kinds <- c(lty = "lty", lwd = "size", cex = "size", cex.main = "size", cex.lab = "size",
             cex.axis = "size", col = "col", bg = "col", fg = "col", border = "col",
             pch = "pch", main = "text", sub = "text", xlab = "text", ylab = "text",
             add = "flag", xlim = "range", ylim = "range")
  list(name = names(checks), check = unname(checks), kind = unname(kinds[names(checks)]))
})
