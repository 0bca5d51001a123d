#!/usr/bin/env bash
# tools/valgrind.sh -- run sdsante's test suite under valgrind's memcheck.
#
# Usage (from anywhere; never compiles inside the source tree):
#   tools/valgrind.sh               # the tree as it is (committed NAMESPACE and man/)
#   tools/valgrind.sh --roxygenise  # regenerate NAMESPACE and man/ in the copy first
#   tools/valgrind.sh --keep        # keep the work directory (logs) even on success
#   SDS_VALGRIND_CFLAGS="-g -O2" tools/valgrind.sh   # the optimisation users get
#
# What it does:
#   1. installs valgrind, the compiler, R headers, testthat and the packages the
#      tests compare with if they are missing (Debian);
#   2. copies the tree to a temporary directory and installs the package into a
#      private library with CFLAGS="-g -O0 -Wall" (exact lines in the reports);
#   3. runs every tests/testthat/test-*.R file, then the examples of every help
#      page (tools::Rd2ex), each in its own R process under
#        R -d "valgrind --tool=memcheck --leak-check=full --track-origins=yes
#                     --errors-for-leak-kinds=definite --error-exitcode=99 ..."
#      (one valgrind log per process, so that a report names its test file);
#   4. reads the logs and fails on:
#        - any invalid read or write, invalid or mismatched free, overlapping
#          memcpy, "fishy" (negative) allocation size,
#        - any use of an uninitialised value (conditional jump, use, syscall),
#        - any block "definitely lost" whose allocation stack goes through the
#          package's code (sdsante.so / src/*.c),
#        - a process killed by a signal, any test failure, any failing example.
#      Leaks of R itself or of other packages are counted and printed, not fatal.
#      tools/valgrind.supp, if present, is passed with --suppressions (meant for
#      R's own known reports only; there is none today, none for the package).
# It takes about 15 minutes on two cores for the current tests and examples.
# SDS_VALGRIND_TESTS="kmeans|silhouette" runs only the matching test files, and
# SDS_VALGRIND_EXAMPLES=false leaves the examples out.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/lib.sh"
parse_tool_options "$0" 32 "$@"
start=$SECONDS

debian_packages=(
  valgrind gcc r-base-dev r-cran-testthat r-cran-mass
  r-cran-caret r-cran-e1071 r-cran-proc r-cran-data.table r-cran-rpart r-cran-cluster
  r-cran-mlbench r-cran-bit64 r-cran-dbi r-cran-rsqlite
)
$roxygenise && debian_packages+=(r-cran-roxygen2)
install_debian_packages "${debian_packages[@]}"
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }

export TZ="${TZ:-UTC}"
export NOT_CRAN=true
export SDS_UNDER_VALGRIND=true   # tests that depend on 80-bit long double skip
export LANGUAGE=en

work=$(mktemp -d "${TMPDIR:-/tmp}/sdsante-valgrind.XXXXXX")
finish() {
  local status=$?
  if [ "$status" -ne 0 ] || $keep; then
    echo "Work directory kept: $work (logs: $work/logs)"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT
mkdir -p "$work/pkg" "$work/lib" "$work/logs" "$work/run"

make_work_copy "$root" "$work/pkg" "$roxygenise" "$work/lib"

cat >"$work/Makevars" <<EOF
CFLAGS = ${SDS_VALGRIND_CFLAGS:--g -O0} -Wall
EOF
if ! R_MAKEVARS_USER="$work/Makevars" R CMD INSTALL --preclean -l "$work/lib" "$work/pkg" \
       >"$work/install.log" 2>&1; then
  tail -n 40 "$work/install.log" >&2
  echo "The build failed." >&2
  exit 1
fi
export R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}"

valgrind_options="--tool=memcheck --leak-check=full --track-origins=yes"
valgrind_options="$valgrind_options --errors-for-leak-kinds=definite --error-exitcode=99"
valgrind_options="$valgrind_options --fullpath-after= --num-callers=12"
[ -f "$root/tools/valgrind.supp" ] &&
  valgrind_options="$valgrind_options --suppressions=$root/tools/valgrind.supp"

# ---- Run each test file, then the examples, in its own R process under valgrind
failed_tests=()
run_valgrind() {  # run_valgrind <name> : runs $work/run/<name>.R, which creates <name>.ok on success
  local name=$1 t0=$SECONDS status=0 verdict
  (cd "$work/run" && R -d "valgrind $valgrind_options --log-file=$work/logs/$name.log" \
     --no-save --no-restore --no-echo -f "$work/run/$name.R") >"$work/logs/$name.Rout" 2>&1 ||
    status=$?
  if [ -f "$work/run/$name.ok" ]; then verdict="passed"; else verdict="FAILED"; failed_tests+=("$name"); fi
  printf '%-28s %s, exit status %s, %s s\n' "$name" "$verdict" "$status" "$((SECONDS - t0))"
}
preamble="options(warn = 1)
library(sdsante)
if (!startsWith(normalizePath(find.package('sdsante')), normalizePath('$work/lib')))
  stop('not the sdsante built here: ', find.package('sdsante'))"

# SDS_VALGRIND_TESTS: an extended regular expression; only the test files whose
# name matches it run (e.g. "kmeans|silhouette"), and SDS_VALGRIND_EXAMPLES=false
# leaves out the examples: for a second pass over the code a change touched.
for test in "$work"/pkg/tests/testthat/test-*.R; do
  [ -e "$test" ] || continue
  name=$(basename "$test" .R)
  if [ -n "${SDS_VALGRIND_TESTS:-}" ] && ! echo "$name" | grep -Eq -- "$SDS_VALGRIND_TESTS"; then
    continue
  fi
  # test-interrupt.R is left out: its cases are sized to run for seconds
  # natively so that a time limit stops them, and under valgrind (some 50
  # times slower) their set-up alone takes most of an hour.  The interrupt
  # paths run under AddressSanitizer in tools/sanitize.sh.
  if [ "$name" = test-interrupt ] && [ -z "${SDS_VALGRIND_TESTS:-}" ]; then
    echo "$name: left out (timing cases; see tools/sanitize.sh)"
    continue
  fi
  cat >"$work/run/$name.R" <<EOF
$preamble
library(testthat)
results <- as.data.frame(test_file("$test", package = "sdsante", load_package = "installed",
                                   reporter = "check"))
print(colSums(results[c("nb", "failed", "skipped", "warning")]))
if (!any(results\$failed > 0 | results\$error)) invisible(file.create("$work/run/$name.ok"))
EOF
  run_valgrind "$name"
done

if [ "${SDS_VALGRIND_EXAMPLES:-true}" != false ]; then
# The examples of every help page: they reach code whose tests are not written yet.
cat >"$work/run/examples.R" <<EOF
$preamble
source("$root/tools/run_examples.R")
failed_pages <- run_examples("$work/pkg/man")
if (length(failed_pages)) cat("Examples failed:", failed_pages, "\n") else
  invisible(file.create("$work/run/examples.ok"))
EOF
run_valgrind examples
fi

# ---- Read the logs ---------------------------------------------------------
# A valgrind report is a run of "==PID== " lines ended by an empty "==PID== ".
summary=$(awk -v src="$work/pkg/src/" '
  function flush() {
    if (head == "") return
    kind = ""
    if (head ~ /^Invalid (read|write)/) kind = "invalid read/write"
    else if (head ~ /^(Invalid free|Mismatched free|Source and destination overlap|Argument .* fishy)/) kind = "invalid free/overlap/size"
    else if (head ~ /uninitialised/) kind = "uninitialised value"
    else if (head ~ /definitely lost in loss record/) kind = (ours ? "definitely lost (sdsante)" : "")
    else if (head ~ /^Process terminating/) kind = "crash"
    if (head ~ /definitely lost in loss record/ && !ours) other_lost++
    if (kind != "") {
      n[kind]++
      report = report sprintf("---- %s: %s\n%s", FILENAME, kind, block)
    }
    head = ""; block = ""; ours = 0
  }
  FNR == 1 { flush() }
  /^==[0-9]+== / {
    line = $0; sub(/^==[0-9]+== ?/, "", line)
    if (line == "") { flush(); next }
    if (head == "" && line !~ /^ /) head = line
    if (head != "") {
      block = block $0 "\n"
      if (index(line, "sdsante.so") || index(line, src)) ours = 1
    }
    next
  }
  /ERROR SUMMARY/ { }
  END {
    flush()
    total = 0
    for (k in n) { printf "%s: %d\n", k, n[k]; total += n[k] }
    printf "definitely lost, not from sdsante: %d\n", other_lost
    printf "TOTAL %d\n", total
    printf "%s", report > "/dev/stderr"
  }' "$work"/logs/*.log 2>"$work/reports.txt")

echo
echo "Valgrind summaries (per test file):"
for log in "$work"/logs/*.log; do
  printf '  %-28s %s; definitely lost: %s\n' "$(basename "$log" .log)" \
    "$(grep -h 'ERROR SUMMARY' "$log" | tail -n 1 | sed 's/^==[0-9]*== //')" \
    "$(grep -h 'definitely lost:' "$log" | tail -n 1 | sed 's/^==[0-9]*== *definitely lost: //')"
done
echo "$summary" | grep -v '^TOTAL' | sed 's/^/  /'
total=$(echo "$summary" | sed -n 's/^TOTAL //p')
echo "Total time: $((SECONDS - start)) s."

status=0
if [ "$total" -gt 0 ]; then
  echo "Valgrind reports ($total):" >&2
  head -n 300 "$work/reports.txt" >&2
  status=1
fi
if [ "${#failed_tests[@]}" -gt 0 ]; then
  echo "Failed: ${failed_tests[*]}" >&2
  for name in "${failed_tests[@]}"; do
    echo "---- $name:" >&2
    grep -E "^(ERROR in|Examples failed)" "$work/logs/$name.Rout" >&2 || tail -n 30 "$work/logs/$name.Rout" >&2
  done
  status=1
fi
[ "$status" -eq 0 ] && echo "valgrind: zero invalid accesses, zero uninitialised values, nothing definitely lost from sdsante."
exit "$status"
