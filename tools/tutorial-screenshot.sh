#!/usr/bin/env bash
# Runs one of sdsante's learnr tutorials on 127.0.0.1, as a student would
# (learnr::run_tutorial(), solutions hidden), checks the page the browser gets
# (exercises present, no solution), and takes a screenshot with headless
# Chromium, to be looked at.
#
# Usage: tools/tutorial-screenshot.sh [TUTORIAL [OUTPUT.png [SECTION]]]   (default: td,
# tutorial-td.png, the first section; SECTION: the id of a section, e.g.
# section-exercice-1-une-autre-règle)
# Needs sdsante installed with learnr, curl and chromium.
set -euo pipefail
name=${1:-td}
section=${3:-}
out=$(realpath -m "${2:-tutorial-$name.png}")
work=$(mktemp -d)
port=$(Rscript -e 'cat(httpuv::randomPort(min = 20000, max = 40000))')
Rscript -e "learnr::run_tutorial('$name', package = 'sdsante',
              shiny_args = list(host = '127.0.0.1', port = $port, launch.browser = FALSE))" \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -sf -o "$work/page.html" "http://127.0.0.1:$port/" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done
[ -s "$work/page.html" ] || { echo "the tutorial did not start" >&2; cat "$work/server.log" >&2; exit 1; }
grep -q 'class="tutorial-exercise"' "$work/page.html" ||
  { echo "no exercise in the page" >&2; exit 1; }
if grep -q -- '-solution' "$work/page.html"; then
  echo "the page holds a solution" >&2; exit 1
fi
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/chromium" \
  --window-size=1200,1600 --virtual-time-budget=20000 --screenshot="$out" \
  "http://127.0.0.1:$port/${section:+#$section}" >"$work/chromium.log" 2>&1
[ -s "$out" ] || { cat "$work/chromium.log" >&2; exit 1; }
echo "screenshot of the tutorial $name: $out"
