#!/usr/bin/env bash
# Installs sdsante (it needs only R and a C compiler) and runs the lecture's
# worked examples end to end (inst/scripts/cours.R).
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(Rscript -e 'cat(.libPaths()[1])')
if [ ! -w "$lib" ]; then
  lib="${R_LIBS_USER:-$HOME/R/library}"
  mkdir -p "$lib"
fi
R CMD INSTALL --library="$lib" . >/dev/null
LANGUAGE=fr R_LIBS="$lib${R_LIBS:+:$R_LIBS}" Rscript -e 'source(system.file("scripts", "cours.R", package = "sdsante"), echo = TRUE, max.deparse.length = Inf, encoding = "UTF-8")'
