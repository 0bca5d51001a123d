#!/usr/bin/env bash
# Installs sdsante with its French tutorials (vignettes), then runs the
# lecture's worked examples end to end (inst/scripts/cours.R), showing the
# script's French comments and the matrices the slides expect.
#
# `R CMD INSTALL .` would skip the vignettes, so the package is built first
# (R CMD build knits them, which needs pandoc, knitr and rmarkdown; the health
# tutorial uses MASS) and the tarball is installed: afterwards
# `vignette(package = "sdsante")` lists the tutorials.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. tools/lib.sh

# MASS: the health tutorial; DBI and RSQLite: the SQL tutorial.
install_debian_packages pandoc r-cran-knitr r-cran-rmarkdown r-cran-mass r-cran-dbi r-cran-rsqlite

lib=$(Rscript -e 'cat(.libPaths()[1])')
if [ ! -w "$lib" ]; then
  lib="${R_LIBS_USER:-$HOME/R/library}"
  mkdir -p "$lib"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && R CMD build "$root" >build.log 2>&1) ||
  { tail -n 40 "$work/build.log" >&2; exit 1; }
tarball=$(ls "$work"/sdsante_*.tar.gz)
R CMD INSTALL --library="$lib" "$tarball" >"$work/install.log" 2>&1 ||
  { tail -n 40 "$work/install.log" >&2; exit 1; }
echo "Installed $(basename "$tarball") into $lib, with its vignettes:"
R_LIBS="$lib${R_LIBS:+:$R_LIBS}" Rscript -e \
  'v <- vignette(package = "sdsante")$results; cat(paste0("  vignette(\"", v[, "Item"], "\", package = \"sdsante\")\n"), sep = "")'

# keep.source = TRUE: the echo shows the script as written, French comments
# and expected matrices included (Rscript drops them by default).
LANGUAGE=fr R_LIBS="$lib${R_LIBS:+:$R_LIBS}" Rscript -e \
  'source(system.file("scripts", "cours.R", package = "sdsante"), echo = TRUE, keep.source = TRUE, max.deparse.length = Inf, encoding = "UTF-8")'

# The interactive tutorials run in RStudio's Tutorial pane through learnr:
# its dependencies from Debian, then learnr itself from CRAN (it is not in
# Debian).  Afterwards learnr::available_tutorials("sdsante") lists them and
# learnr::run_tutorial("td", package = "sdsante") runs the TD.
install_debian_packages r-cran-shiny r-cran-checkmate r-cran-digest r-cran-evaluate \
  r-cran-htmltools r-cran-htmlwidgets r-cran-jsonlite r-cran-lifecycle r-cran-markdown \
  r-cran-promises r-cran-rappdirs r-cran-rlang r-cran-rprojroot r-cran-withr
install_cran_packages "LIB=$lib" learnr
R_LIBS="$lib${R_LIBS:+:$R_LIBS}" Rscript -e 'print(learnr::available_tutorials("sdsante"))'
