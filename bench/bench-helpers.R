# Helpers shared by the k-means benchmarks (source() from the package root).

# Median elapsed time of up to `times` runs of f (only one if the first takes
# more than `slow` seconds); the last result is kept in `last`.
median_time <- function(f, times = 3, slow = 20) {
  elapsed <- numeric(0)
  for (i in seq_len(times)) {
    elapsed[i] <- system.time(last <<- f())[["elapsed"]]
    if (elapsed[1] > slow) break
  }
  stats::median(elapsed)
}

peak_mb <- function(f) {
  invisible(gc(reset = TRUE))
  before <- gc()["Vcells", "used"]
  f()
  (gc()["Vcells", "max used"] - before) * 8 / 2^20
}

# How many times f() copies x (tracemem; 0 where R was built without it).
copies_made <- function(x, f) {
  if (!capabilities("profmem")) return(0L)
  tracemem(x)
  on.exit(untracemem(x))
  length(grep("^tracemem", utils::capture.output(invisible(f()))))
}

# The data of bench/bench-kmeans.R ("today's shape"): ten blobs of unequal
# sizes and spreads, two pairs overlapping.
todays_shape <- function() {
  set.seed(1)
  n <- 1e6; d <- 10; k <- 10
  centres <- matrix(rnorm(k * d, sd = 3), k)
  centres[2, ] <- centres[1, ] + rnorm(d, sd = 2.5 / sqrt(d))
  centres[4, ] <- centres[3, ] + rnorm(d, sd = 3 / sqrt(d))
  sizes <- c(3, 2, 1, 1, 2, 1, 1, 2, 1, 1)
  spreads <- c(1, 1.3, 0.8, 1.2, 1, 1.5, 0.7, 1, 1.1, 0.9)
  blob <- sample.int(k, n, TRUE, prob = sizes)
  centres[blob, ] + matrix(rnorm(n * d), n) * spreads[blob]
}
