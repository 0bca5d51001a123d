#!/usr/bin/env bash
# Builds the course's French website with Debian's pkgdown (2.0.7) into site/
# (git-ignored; another folder with SDSANTE_SITE_DIR=...), offline, then checks
# every link and image in it (tools/check-site.py, whose own test
# tools/test-check-site.sh runs next): exits non-zero if the site does not build
# or if a link, an image, a reference topic or an article is missing.  Installs
# its Debian packages on a fresh machine (as root, or with sudo).
#
# The site works from a web server or from a folder (a USB stick): Bootstrap 5 is
# compiled by bslib into site/deps/, and pkgdown/templates/head.html takes Font
# Awesome (from R's fontawesome package) and MathJax (Debian's libjs-mathjax) from
# site/vendor/, copied here, instead of file:///usr/share/javascript or a CDN.
# Only the search box's scripts come from a CDN (see pkgdown/index.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. tools/lib.sh

# pkgdown brings bslib and libjs-mathjax; MASS, DBI and RSQLite: the vignettes.
install_debian_packages pandoc python3 r-cran-pkgdown r-cran-bslib r-cran-fontawesome \
  libjs-mathjax r-cran-knitr r-cran-rmarkdown r-cran-mass r-cran-dbi r-cran-rsqlite

site="${SDSANTE_SITE_DIR:-$root/site}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make_work_copy "$root" "$work/src" false "$work/lib"
rm -rf "$work/src/site" "$work/src/sdsante.Rcheck" "$work"/src/sdsante_*.tar.gz
# pkgdown finds the logo at the package's top level only; it stays out of the package.
cp pkgdown/logo.svg "$work/src/logo.svg"

# vendor/: what the pages load, from this machine's packages.
vendor="$work/src/pkgdown/assets/vendor"
fontawesome=$(Rscript -e 'cat(system.file("fontawesome", package = "fontawesome"))')
[ -f "$fontawesome/css/all.min.css" ] || { echo "R package fontawesome not found" >&2; exit 1; }
mkdir -p "$vendor/fontawesome"
cp -R "$fontawesome/css" "$fontawesome/webfonts" "$vendor/fontawesome/"
mathjax=/usr/share/javascript/mathjax
[ -f "$mathjax/MathJax.js" ] || { echo "MathJax not found in $mathjax (libjs-mathjax)" >&2; exit 1; }
# TeX input, CommonHTML output and their fonts: what config=TeX-AMS_CHTML loads.
for p in MathJax.js config/TeX-AMS_CHTML.js jax/input/TeX jax/output/CommonHTML \
         jax/element extensions localization/fr fonts/HTML-CSS/TeX/woff; do
  mkdir -p "$vendor/mathjax/$(dirname "$p")"
  cp -RL "$mathjax/$p" "$vendor/mathjax/$p"
done

R CMD INSTALL --no-test-load --library="$work/lib" "$work/src" >"$work/install.log" 2>&1 ||
  { tail -n 40 "$work/install.log" >&2; exit 1; }

# The home page's first five commands run and give what the page says.
R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}" Rscript tools/site-home.R pkgdown/index.md vignettes

# French output in the examples; no request to CRAN (pkgdown.internet); TZ: no
# timedatectl on the offline machine.
export TZ="${TZ:-UTC}"
rm -rf "$site"
LANGUAGE=fr R_LIBS="$work/lib${R_LIBS:+:$R_LIBS}" Rscript -e '
  options(pkgdown.internet = FALSE)
  args <- commandArgs(trailingOnly = TRUE)
  pkgdown::build_site(args[1], override = list(destination = args[2]),
                      devel = FALSE, install = FALSE, new_process = FALSE, preview = FALSE)
' "$work/src" "$site"

Rscript tools/site-titles.R "$site" pkgdown/_pkgdown.yml
python3 tools/check-site.py "$site" "$root"
# The checker itself: it must fail on a broken copy of this site.
bash tools/test-check-site.sh "$site"
