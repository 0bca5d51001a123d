#!/usr/bin/env bash
# Installs what `R CMD check` needs on a fresh Debian machine (pandoc, knitr,
# rmarkdown, LaTeX, tidy, qpdf, the packages the tests compare with, DBI with
# SQLite and PostgreSQL), starts a throwaway PostgreSQL server on a Unix socket
# (tools/pg.sh) for the SQL tests, then builds the package and checks the
# tarball with --as-cran, vignettes and PDF manual included; the server is
# stopped at the end.  Exits non-zero unless the check ends with "Status: OK".
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/lib.sh

debian_packages=(
  pandoc qpdf tidy ghostscript
  texlive-latex-base texlive-latex-recommended texlive-fonts-recommended
  r-cran-knitr r-cran-rmarkdown r-cran-testthat
  r-cran-caret r-cran-e1071 r-cran-proc r-cran-data.table r-cran-cluster
  r-cran-dbi r-cran-rsqlite r-cran-rpostgresql postgresql r-cran-mlbench r-cran-bit64
)
install_debian_packages "${debian_packages[@]}"

# The teaching tools: learnr's dependencies from Debian, learnr
# itself from CRAN (it is not in Debian); callr and processx for the grader.
# The R CMD check-based tests (a project made from the template, the grader
# on made-up submissions, about three minutes) run with
# SDSANTE_TEACHING_CHECKS=true.
install_debian_packages r-cran-shiny r-cran-checkmate r-cran-digest r-cran-evaluate \
  r-cran-htmltools r-cran-htmlwidgets r-cran-jsonlite r-cran-lifecycle r-cran-markdown \
  r-cran-promises r-cran-rappdirs r-cran-rlang r-cran-rprojroot r-cran-withr \
  r-cran-callr r-cran-processx r-cran-mass
# HistData (CRAN only): the test that compares the Snow data sets with their source.
install_cran_packages learnr HistData
export SDSANTE_TEACHING_CHECKS=true

# The offline machine: no clock server, no CRAN incoming checks, no timedatectl;
# the Times fonts replace inconsolata, which Debian's LaTeX lacks.
export TZ="${TZ:-UTC}"
export _R_CHECK_SYSTEM_CLOCK_=0
export _R_CHECK_CRAN_INCOMING_=false
export R_RD4PDF="times,hyper"
export NOT_CRAN=true   # run the snapshot tests too

work=$(mktemp -d)
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start   # exports SDSANTE_PG_HOST, _PORT, _USER, _DB, read by test-sql.R
R CMD build . 
tarball=$(ls -t sdsante_*.tar.gz | head -n 1)
mv "$tarball" "$work/"
status=0
R CMD check --as-cran --output="$work" "$work/$tarball" || status=$?
log="$work/sdsante.Rcheck/00check.log"
if [ "$status" -ne 0 ] || ! grep -q "^Status: OK" "$log"; then
  echo "R CMD check did not end with 'Status: OK'." >&2
  for f in "$work"/sdsante.Rcheck/tests/*.Rout.fail "$work"/sdsante.Rcheck/00install.out; do
    [ -f "$f" ] && { echo "==== $f" >&2; tail -n 60 "$f" >&2; }
  done
  exit 1
fi
# The tests' tally and why any were skipped (e.g. no PostgreSQL server).
rout="$work/sdsante.Rcheck/tests/testthat.Rout"
if [ -f "$rout" ]; then
  sed -n '/^══ Skipped tests/,/^\[ FAIL/p' "$rout"
  # The tally as a plain line too: "N passed, N failed, N skipped".
  grep '^\[ FAIL' "$rout" | tail -n 1 |
    sed -E 's/^\[ FAIL ([0-9]+) \| WARN [0-9]+ \| SKIP ([0-9]+) \| PASS ([0-9]+) \]$/tests: \3 passed, \1 failed, \2 skipped/' || true
fi
echo "R CMD check: Status: OK"
