# The examples of every help page in `man_dir`, in one session as R CMD check
# runs them; an error in one page is reported and the next pages still run.
# Returns the names of the pages whose examples failed.  Sourced by
# tools/sanitize.sh and tools/valgrind.sh.
run_examples <- function(man_dir) {
  failed_pages <- character()
  for (rd in sort(list.files(man_dir, pattern = "[.]Rd$", full.names = TRUE))) {
    out <- tempfile(fileext = ".R")
    tools::Rd2ex(rd, out, commentDontrun = TRUE, commentDonttest = FALSE)
    if (!file.exists(out)) next
    cat("\n#### ", basename(rd), "\n", sep = "")
    tryCatch(source(out, local = new.env(parent = globalenv()), echo = TRUE,
                    max.deparse.length = Inf, encoding = "UTF-8"),
             error = function(e) {
               cat("ERROR in the examples of ", basename(rd), ": ", conditionMessage(e), "\n",
                   sep = "")
               failed_pages <<- c(failed_pages, basename(rd))
             })
    grDevices::graphics.off()
  }
  failed_pages
}
