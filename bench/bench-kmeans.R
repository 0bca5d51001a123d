# Speed and memory of k_means() against stats::kmeans().
# Run from the package root after installing sdsante:  Rscript bench/bench-kmeans.R
# Goals: n = 1e6 rows, d = 10, k = 10, the same initial centres, to
# convergence: k_means(algorithm = "hamerly") >= 5x faster than
# stats::kmeans(algorithm = "Lloyd") with one thread and the same partition,
# >= 8x with threads = 2; stats' Hartigan-Wong compared too (time, within SS).
# No copy of a double matrix; peak memory reported.  About 2.5 minutes on 2 cores.
suppressPackageStartupMessages(library(sdsante))

source(file.path("bench", "bench-helpers.R"))   # median_time(), peak_mb(), copies_made(), todays_shape()

# The data: ten Gaussian blobs in 10 dimensions, of unequal sizes and
# spreads, two pairs of which overlap, so that Lloyd's algorithm needs a few
# hundred iterations to settle the boundaries from a k-means++ start.
n <- 1e6; d <- 10; k <- 10
x <- todays_shape()
set.seed(2)
start <- .Call(sdsante:::C_sds_kmeans_start, x, k, NULL, TRUE, 1L)$centers  # k-means++
cat(sprintf("Data: %g rows x %d columns (%.0f MB), k = %d, k-means++ start\n",
            n, d, object.size(x) / 2^20, k))

# stats::kmeans, Lloyd (1 run per repetition, ~15 s each)
t_stats <- median_time(function() stats::kmeans(x, start, iter.max = 10000, algorithm = "Lloyd"),
                       times = 3, slow = Inf)
ref <- last
cat(sprintf("stats::kmeans(Lloyd): %.2f s (median of 3), %d iterations, within SS %.6g\n",
            t_stats, ref$iter, ref$tot.withinss))

for (threads in 1:2) {
  t_ours <- median_time(function() k_means(x, start, iter_max = 10000, threads = threads),
                        times = 5)
  ours <- last
  same <- identical(unname(ours$cluster), unname(ref$cluster))
  stopifnot(same, isTRUE(all.equal(unname(ours$centers), unname(ref$centers), tolerance = 1e-12)),
            ours$iter == ref$iter)
  cat(sprintf("k_means(hamerly, threads = %d): %.3f s (median of 5): %.1fx faster (goal >= %dx); same partition: %s\n",
              threads, t_ours, t_stats / t_ours, if (threads == 1) 5L else 8L, same))
  if (threads == 1) hamerly <- ours else stopifnot(identical(ours, hamerly))
}
t_lloyd <- median_time(function() k_means(x, start, iter_max = 10000, algorithm = "lloyd"),
                       times = 1)
stopifnot(identical(last$cluster, hamerly$cluster), identical(last$centers, hamerly$centers))
cat(sprintf("k_means(lloyd): %.3f s, %.1fx faster than stats; identical to hamerly\n",
            t_lloyd, t_stats / t_lloyd))

# Hartigan-Wong, from the same start
t_hw <- median_time(function() suppressWarnings(
  stats::kmeans(x, start, iter.max = 10000, algorithm = "Hartigan-Wong")), times = 1)
hw <- last
t_our_hw <- median_time(function() k_means(x, start, iter_max = 10000, algorithm = "hartigan-wong"),
                        times = 1)
our_hw <- last
cat(sprintf("stats::kmeans(Hartigan-Wong): %.2f s, within SS %.8g (ifault %d)\n",
            t_hw, hw$tot.withinss, hw$ifault))
cat(sprintf("k_means(hartigan-wong): %.2f s, within SS %.8g (%s stats')\n", t_our_hw,
            our_hw$tot.withinss, if (our_hw$tot.withinss <= hw$tot.withinss) "<=" else ">"))
cat(sprintf("k_means(hamerly) within SS %.8g: Lloyd's local optimum, %s stats' Hartigan-Wong\n",
            hamerly$tot.withinss, if (hamerly$tot.withinss <= hw$tot.withinss) "<=" else ">"))

# Memory.  The data take 76 MB; a double matrix must not be copied.
stopifnot(copies_made(x, function() k_means(x, start, iter_max = 10000)) == 0)
m_ours <- peak_mb(function() k_means(x, start, iter_max = 10000))
m_ours2 <- peak_mb(function() k_means(x, start, iter_max = 10000, threads = 2))
m_stats <- peak_mb(function() stats::kmeans(x, start, iter.max = 10000, algorithm = "Lloyd"))
frame <- as.data.frame(x)
m_frame <- peak_mb(function() k_means(frame, start, iter_max = 10000))
rm(frame)
cat(sprintf("Peak memory beyond the data: k_means %.0f MB (threads = 2: %.0f MB; no copy of x: %s), stats::kmeans %.0f MB; k_means on a data frame %.0f MB (one as.matrix)\n",
            m_ours, m_ours2, if (capabilities("profmem")) "checked by tracemem" else "not checked",
            m_stats, m_frame))
vm <- grep("^VmHWM", readLines("/proc/self/status", warn = FALSE), value = TRUE)
if (length(vm)) cat("Process high-water mark (whole run):", sub("^VmHWM:\\s*", "", vm), "\n")
