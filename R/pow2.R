# Scaling by powers of two, shared by k-means (fit, predict(), SQL, print-outs)
# and the silhouette.  Multiplying by 2^p is exact in floating point (barring
# overflow and underflow), so they scale extreme data internally and give bit
# for bit the groups of the same data at an ordinary scale.

# Data whose largest absolute value lies within 2^-256 .. 2^256 are used as
# they are (their squares and sums cannot overflow or underflow).
SAFE_LOG2_RANGE <- 256L

# The exponent e such that `largest` * 2^-e lies in [0.5, 1) (about), or 0
# when `largest` is 0 or within the safe range and `always` is FALSE.
pow2_exponent <- function(largest, always = FALSE) {
  if (!is.finite(largest) || !(largest > 0)) return(0L)
  e <- min(as.integer(floor(log2(largest))) + 1L, 1023L)   # 2^1024 is not a double
  if (!always && abs(e) <= SAFE_LOG2_RANGE) 0L else e
}

# x * 2^p (p may be a vector, recycled), in four equal steps: 2^p itself may
# not be a double, and steps of the same sign never overflow or underflow
# on the way to a result that is a double.
times_pow2 <- function(x, p) {
  if (all(p >= -1074 & p <= 1023)) return(x * 2^p)   # one exact step
  q <- trunc(p / 4)
  x * 2^q * 2^q * 2^q * 2^(p - 3 * q)
}

# Values brought back from an internal scale are only reported on the
# user's scale when none overflows, underflows or loses digits there.
fits_in_doubles <- function(internal, scaled) {
  all(is.finite(scaled) & (internal == 0 | abs(scaled) >= .Machine$double.xmin))
}

# Sums computed on an internal scale, in the user's units (times
# 2^exponent) when every one of them can be written there, otherwise left
# as they are: a list with `values` and `log2_unit` (0, or `exponent` when
# they stay on the internal scale).  The one rule of k_means(), its summary
# and wss_curve() for sums too large or too small to report.
sums_in_user_units <- function(sums, exponent) {
  scaled <- times_pow2(sums, exponent)
  if (fits_in_doubles(sums, scaled)) list(values = scaled, log2_unit = 0L)
  else list(values = sums, log2_unit = as.integer(exponent))
}

# The largest absolute value of a finite double matrix (without a copy).
largest_abs <- function(x) {
  if (!length(x)) return(0)
  # min() and max() read the matrix in place; range() would copy it first.
  max(-min(x), max(x))
}
