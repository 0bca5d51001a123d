# Run code in a French session, restoring the language afterwards (also when
# LANGUAGE was unset).
in_french <- function(code) {
  old <- Sys.getenv("LANGUAGE", unset = NA)
  on.exit(if (is.na(old)) Sys.unsetenv("LANGUAGE") else Sys.setenv(LANGUAGE = old))
  Sys.setenv(LANGUAGE = "fr")
  force(code)
}

skip_without_french <- function() {
  french <- in_french(gettext("Confusion matrix", domain = "R-sdsante"))
  skip_if(french == "Confusion matrix", "translations are not available in this session")
}
