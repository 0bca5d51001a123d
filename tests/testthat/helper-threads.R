# Thread invariance can only be tested where two threads run: without OpenMP
# (or with OMP_THREAD_LIMIT=1) sdsante runs one thread whatever `threads`
# says, and "2 threads" would be one thread compared with itself.  Such
# comparisons skip there, with a message; CI sets SDSANTE_OPENMP_REQUIRED=true
# (.ci/run), so that a build without OpenMP fails instead.
threads_testable <- function() sdsante:::max_threads() >= 2L

skip_without_threads <- function() {
  if (threads_testable()) return(invisible())
  if (identical(Sys.getenv("SDSANTE_OPENMP_REQUIRED"), "true"))
    stop("SDSANTE_OPENMP_REQUIRED=true, but sdsante runs a single thread here (built without OpenMP, or OMP_THREAD_LIMIT=1)")
  testthat::skip("a single thread runs here (sdsante built without OpenMP, or OMP_THREAD_LIMIT=1): results for 1 and 2 threads cannot be compared")
}
