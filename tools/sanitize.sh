#!/usr/bin/env bash
# tools/sanitize.sh -- run sdsante's C code under AddressSanitizer (ASan) and
# UndefinedBehaviorSanitizer (UBSan).
#
# Usage (from anywhere; never compiles inside the source tree):
#   tools/sanitize.sh               # the tree as it is (committed NAMESPACE and man/)
#   tools/sanitize.sh --roxygenise  # regenerate NAMESPACE and man/ in the copy first
#                                   # (for a work-in-progress tree; needs roxygen2)
#   tools/sanitize.sh --keep        # keep the work directory (logs, library) even on success
#
# What it does:
#   1. installs what it needs on a Debian machine if missing (compiler, R headers,
#      testthat, knitr, MASS and the packages the tests compare with);
#   2. copies the tree to a temporary directory and installs the package into a
#      private library, compiled with
#        -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
#        -fno-sanitize-recover=undefined,float-cast-overflow
#      through a private R_MAKEVARS_USER file (float-cast-overflow, e.g. a NaN or
#      a huge double converted to int, is undefined behaviour that GCC leaves
#      out of "undefined");
#   3. with gcc's ASan and UBSan runtimes preloaded into the ordinary R
#      (LD_PRELOAD), runs the whole test suite (tests/testthat), the R code of
#      every vignette (knitr::knit), the examples of every help page (tools::Rd2ex)
#      and the lecture's script inst/scripts/cours.R;
#   4. exits non-zero on any sanitizer report ("ERROR: AddressSanitizer",
#      "runtime error:", "SUMMARY:"), any crash, any test failure and any error
#      in a vignette or an example.  There are no suppressions.
# It takes about half a minute on two cores once the packages are installed
# (the log is in the work directory).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/lib.sh"
parse_tool_options "$0" 30 "$@"
start=$SECONDS

# ---- 1. What the run needs ------------------------------------------------
debian_packages=(
  gcc libasan8 libubsan1 r-base-dev r-cran-testthat r-cran-knitr r-cran-mass
  r-cran-caret r-cran-e1071 r-cran-proc r-cran-data.table r-cran-rpart r-cran-cluster
  r-cran-mlbench r-cran-bit64 r-cran-dbi r-cran-rsqlite
)
$roxygenise && debian_packages+=(r-cran-roxygen2)
install_debian_packages "${debian_packages[@]}"

libasan=$(gcc -print-file-name=libasan.so)
libubsan=$(gcc -print-file-name=libubsan.so)
for f in "$libasan" "$libubsan"; do
  [ -e "$f" ] || { echo "gcc's sanitizer runtime not found: $f" >&2; exit 2; }
done

export TZ="${TZ:-UTC}"   # no timedatectl on containers
export NOT_CRAN=true     # run the snapshot and skip_on_cran() tests too
export LANGUAGE=en

work=$(mktemp -d "${TMPDIR:-/tmp}/sdsante-sanitize.XXXXXX")
log="$work/sanitize.log"
finish() {
  local status=$?
  if [ "$status" -ne 0 ] || $keep; then
    echo "Work directory kept: $work (log: $log)"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT
mkdir -p "$work/pkg" "$work/lib" "$work/plain-lib" "$work/run"

# ---- 2. Copy, then build with the sanitizers --------------------------------
make_work_copy "$root" "$work/pkg" "$roxygenise" "$work/plain-lib"

sanitizers="-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer"
sanitizers="$sanitizers -fno-sanitize-recover=undefined,float-cast-overflow"
cat >"$work/Makevars" <<EOF
# Later makefiles win: these replace R's CFLAGS (which carry -O2 and
# -D_FORTIFY_SOURCE=2, the latter hiding some accesses from ASan).
CFLAGS = -g -O1 -Wall $sanitizers
LDFLAGS += -fsanitize=address,undefined,float-cast-overflow
EOF
build_start=$SECONDS
# --no-test-load: the instrumented library can only be loaded into an R that
# has the ASan runtime preloaded, which the install step has not.
if ! R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --preclean --no-test-load \
       -l "$work/lib" "$work/pkg" >"$work/install.log" 2>&1; then
  tail -n 40 "$work/install.log" >&2
  echo "The sanitizer build failed." >&2
  exit 1
fi
if ! grep -q -- "-fsanitize=address" "$work/install.log"; then
  echo "The package was not compiled with the sanitizer flags; see $work/install.log" >&2
  exit 1
fi
build_time=$((SECONDS - build_start))

# ---- 3. Run everything in the ordinary R with the runtimes preloaded -------
# detect_leaks=0: R does not free its own heap (the object pool, the symbol
#   table, loaded DLLs) at exit, so LeakSanitizer would report thousands of
#   R's own blocks; leaks of the package's code are checked by tools/valgrind.sh.
# allocator_may_return_null=1: R asks malloc() for huge blocks and turns a NULL
#   into the error "cannot allocate vector of size ..."; without this option
#   ASan aborts on such a request instead of returning NULL as glibc does.
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:halt_on_error=1:abort_on_error=0:print_summary=1:detect_odr_violation=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:print_summary=1"
export R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}"
preload="$libasan $libubsan"

run_asan() {  # run_asan <label> <R script> : runs one R script, output appended to the log
  local label=$1 script=$2 t0=$SECONDS status=0
  echo "==== $label" | tee -a "$log"
  (cd "$work/run" && LD_PRELOAD="$preload" R --no-save --no-restore --no-echo -f "$script") \
    >>"$log" 2>&1 || status=$?
  echo "==== $label: exit status $status, $((SECONDS - t0)) s" | tee -a "$log"
  return "$status"
}

# The preamble every run starts with: the instrumented sdsante, ASan mapped in.
cat >"$work/preamble.R" <<EOF
options(warn = 1, useFancyQuotes = FALSE)
maps <- readLines("/proc/self/maps")
if (!any(grepl("libasan", maps))) stop("the ASan runtime is not loaded")
library(sdsante)
if (!startsWith(normalizePath(find.package("sdsante")), normalizePath("$work/lib")))
  stop("not the instrumented sdsante: ", find.package("sdsante"))
EOF

failures=()
step() {  # step <label> <R code>
  local label=$1 code=$2 file
  file="$work/run/$(echo "$label" | tr -c 'A-Za-z0-9\n' '_').R"
  { cat "$work/preamble.R"; printf '%s\n' "$code"; } >"$file"
  run_asan "$label" "$file" || failures+=("$label")
}

# 3a. The test suite.
step "tests" "
library(testthat)
results <- as.data.frame(test_dir('$work/pkg/tests/testthat', package = 'sdsante',
  load_package = 'installed', reporter = 'check', stop_on_failure = TRUE))
print(aggregate(cbind(tests = nb, failed, skipped, error, warning) ~ file, results, sum))
"

# 3b. The vignettes, knitted as R CMD build knits them (knit() without pandoc):
# an error stops the step unless its chunk says error = TRUE (the TD shows
# some errors on purpose).
mkdir -p "$work/vignettes"
for rmd in "$work"/pkg/vignettes/*.Rmd; do
  [ -e "$rmd" ] || continue
  name=$(basename "$rmd" .Rmd)
  step "vignette $name" "
setwd('$work/vignettes')
knitr::opts_chunk\$set(error = FALSE)
invisible(knitr::knit('$rmd', output = '$work/vignettes/$name.md', quiet = TRUE,
                      envir = new.env(), encoding = 'UTF-8'))
"
done

# 3c. The examples of every help page, in one session as R CMD check runs them;
# an error in one page is recorded and the next pages still run.
step "examples" "
source('$root/tools/run_examples.R')
failed_pages <- run_examples('$work/pkg/man')
if (length(failed_pages)) stop('examples failed: ', paste(failed_pages, collapse = ', '))
"

# 3d. The lecture's script.
if [ -f "$work/pkg/inst/scripts/cours.R" ]; then
  step "inst/scripts/cours.R" "
source('$work/pkg/inst/scripts/cours.R', echo = TRUE, max.deparse.length = Inf, encoding = 'UTF-8')
"
fi

# ---- 4. Verdict ------------------------------------------------------------
reports=$(grep -c -E 'ERROR: AddressSanitizer|runtime error:|SUMMARY: |caught segfault|ERROR: LeakSanitizer' "$log" || true)
total=$((SECONDS - start))
echo
echo "Sanitizer build: ${build_time} s; total: ${total} s."
if [ "$reports" -gt 0 ]; then
  echo "Sanitizer reports ($reports lines):" >&2
  grep -n -E -A 14 'ERROR: AddressSanitizer|runtime error:|caught segfault' "$log" | head -n 200 >&2 || true
  grep -E 'SUMMARY: ' "$log" >&2 || true
fi
if [ "${#failures[@]}" -gt 0 ]; then
  echo "Failed steps: ${failures[*]}" >&2
  for label in "${failures[@]}"; do
    echo "---- tail of '$label':" >&2
    awk -v l="==== $label" '$0 == l {p = 1; next} index($0, l ": exit status") == 1 {p = 0} p' "$log" |
      tail -n 40 >&2
  done
fi
if [ "$reports" -gt 0 ] || [ "${#failures[@]}" -gt 0 ]; then
  exit 1
fi
echo "ASan/UBSan: zero reports; tests, vignettes, examples and inst/scripts/cours.R passed."
