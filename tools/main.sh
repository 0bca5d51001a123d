#!/usr/bin/env bash
# Installs sdsante (it needs only R and a C compiler) and runs the lecture's
# worked examples end to end: demo("cours", package = "sdsante").
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(Rscript -e 'cat(.libPaths()[1])')
if [ ! -w "$lib" ]; then
  lib="${R_LIBS_USER:-$HOME/R/library}"
  mkdir -p "$lib"
fi
R CMD INSTALL --library="$lib" . >/dev/null
R_LIBS="$lib${R_LIBS:+:$R_LIBS}" Rscript -e 'demo("cours", package = "sdsante", ask = FALSE, echo = TRUE)'
