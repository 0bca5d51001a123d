#!/usr/bin/env bash
# Usage: bash tools/test-check-site.sh [SITE_DIR]   (run by tools/site.sh)
# Shows that tools/check-site.py fails on what it must catch: breaks a copy of
# the built site (and of the package's metadata) one way at a time and expects
# the checker to exit 1 naming the problem.
set -euo pipefail
cd "$(dirname "$0")/.."
site=$(cd "${1:-site}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fresh() {  # a clean copy of the site and of what the checker reads from the package
  rm -rf "$tmp/site" "$tmp/pkg"
  cp -R "$site" "$tmp/site"
  mkdir -p "$tmp/pkg"
  cp -R DESCRIPTION NAMESPACE man vignettes "$tmp/pkg/"
  [ -d data ] && cp -R data "$tmp/pkg/"
  [ -d inst ] && cp -R inst "$tmp/pkg/"
  return 0
}

expect() {  # expect WHAT PATTERN: the checker fails and prints PATTERN
  local what=$1 pattern=$2 out status=0
  out=$(python3 tools/check-site.py "$tmp/site" "$tmp/pkg" 2>&1) || status=$?
  if [ "$status" -eq 1 ] && grep -qF -- "$pattern" <<<"$out"; then
    echo "check-site self-test: caught $what"
  else
    echo "check-site self-test: NOT caught: $what (exit $status, expected a line with: $pattern)" >&2
    failures=$((failures + 1))
  fi
}

fresh
python3 tools/check-site.py "$tmp/site" "$tmp/pkg" >/dev/null ||
  { echo "check-site self-test: the site does not pass to begin with" >&2; exit 1; }

fresh; rm "$tmp/site/reference/k_means-1.png"
expect "a missing example plot" "reference/k_means.html: broken image k_means-1.png"

fresh; sed -i 's|<img src="plot.sdsante_roc-[0-9]*.png"[^>]*>||g' "$tmp/site/reference/plot.sdsante_roc.html"
expect "an example plot not shown" "reference/plot.sdsante_roc.html: the examples draw a plot but the page shows none"

fresh; sed -i '0,/<span class="r-out co">/s//<span class="r-err co">/' "$tmp/site/reference/confusion_matrix.html"
expect "an example that stopped with an error" "reference/confusion_matrix.html: an example stopped with an error"

fresh; sed -i 's|href="reference/index.html"|href="reference/indx.html"|' "$tmp/site/index.html"
expect "a broken link" "index.html: broken link reference/indx.html"

fresh; sed -i 's|href="#algorithms"|href="#algorithmes"|' "$tmp/site/reference/k_means.html"
expect "a link to a missing anchor" "no anchor #algorithmes"

fresh; sed -i 's|</head>|<script src="file:///usr/share/javascript/mathjax/MathJax.js"></script></head>|' "$tmp/site/articles/td.html"
expect "a file:// path" "articles/td.html: refers to a file:// path"

fresh; sed -i 's|</head>|<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>|' "$tmp/site/news/index.html"
expect "a style from the network" "news/index.html: <link> loads https://cdn.example.org/x.css"

fresh; rm -r "$tmp/site/vendor/fontawesome/webfonts"
expect "a missing font" "broken url(../webfonts/"

fresh
cat > "$tmp/pkg/man/db_not_in_the_site.Rd" <<'EOF'
\name{db_not_in_the_site}
\alias{db_not_in_the_site}
\title{k-means inside a database}
\usage{db_not_in_the_site(con, table, k)}
\description{Added by another branch.}
EOF
echo 'export(db_not_in_the_site)' >> "$tmp/pkg/NAMESPACE"
expect "a topic without its page" "reference topic db_not_in_the_site (man/db_not_in_the_site.Rd): no page reference/db_not_in_the_site.html"
touch "$tmp/site/reference/db_not_in_the_site.html"
expect "an exported function left out of the index" "exported db_not_in_the_site: its topic db_not_in_the_site is not in the reference index"

fresh; printf -- '---\ntitle: "Un article absent"\n---\n' > "$tmp/pkg/vignettes/not-in-the-site.Rmd"
expect "a vignette without its article" "article not-in-the-site (vignettes/not-in-the-site.Rmd): no page articles/not-in-the-site.html"
cp "$tmp/site/articles/td.html" "$tmp/site/articles/not-in-the-site.html"
expect "an article left out of the index" "article not-in-the-site: not in the articles index"
expect "an article left out of the home page" "article not-in-the-site: the home page does not link articles/not-in-the-site.html"

fresh; t=absent-du-site; mkdir -p "$tmp/pkg/inst/tutorials/$t"
printf -- '---\ntitle: "Absent"\n---\n' > "$tmp/pkg/inst/tutorials/$t/$t.Rmd"
expect "an interactive tutorial not listed" "interactive tutorial $t (inst/tutorials/$t): not listed"

fresh; sed -i '0,/class="titre-fr"/s/<dd class="titre-fr">/<dd>/' "$tmp/site/reference/index.html"
expect "a topic without its French description" "no French one-line description"

fresh; python3 - "$tmp/site/index.html" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("Deux cas\u00a0:", "Deux cas :", 1)
open(p, "w", encoding="utf-8").write(s)
EOF
expect "a plain space before a colon" "index.html: French typography, plain space before the mark"

fresh; sed -i 's/^Version: .*/Version: 9.9.9/' "$tmp/pkg/DESCRIPTION"
expect "a home page naming another version's tarball" "the package is version 9.9.9"

fresh; sed -i 's/<html lang="fr">/<html lang="en">/' "$tmp/site/authors.html"
expect "a page not in French" 'authors.html: <html lang="en">'

if [ "$failures" -gt 0 ]; then
  echo "check-site self-test: $failures case(s) not caught" >&2
  exit 1
fi
echo "check-site self-test: every case caught"
