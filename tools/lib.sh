# Shell helpers shared by tools/check.sh, tools/sanitize.sh and tools/valgrind.sh.
# Source it: . "$(dirname "$0")/lib.sh"

# pg_start / pg_stop: a throwaway PostgreSQL server for the SQL tests.
. "$(dirname "${BASH_SOURCE[0]}")/pg.sh"

# The options of tools/sanitize.sh and tools/valgrind.sh: sets `roxygenise`
# and `keep`; --help prints lines 2 to HELP_END of the calling script.
parse_tool_options() {
  local script=$1 help_end=$2
  shift 2
  roxygenise=false
  keep=false
  for arg in "$@"; do
    case "$arg" in
      --roxygenise|--roxygenize) roxygenise=true ;;
      --keep) keep=true ;;
      -h|--help) sed -n "2,${help_end}p" "$script"; exit 0 ;;
      *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
  done
}

# Install the Debian packages that are not installed yet (as root, or with sudo),
# with their recommended packages: LaTeX needs some of them for the PDF manual.
install_debian_packages() {
  command -v apt-get >/dev/null 2>&1 || return 0
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    "${missing[@]}" >/dev/null
}

# Install the CRAN packages that are not installed yet (those Debian lacks:
# learnr, HistData), from the machine's CRAN mirror, into R's first library
# (LIB, if given as LIB=... before the names); fails if one is still missing.
install_cran_packages() {
  local lib=""
  case "${1:-}" in LIB=*) lib=${1#LIB=}; shift ;; esac
  SDS_LIB="$lib" Rscript -e '
    pkgs <- commandArgs(TRUE)
    lib <- Sys.getenv("SDS_LIB"); if (!nzchar(lib)) lib <- .libPaths()[1]
    missing <- pkgs[!vapply(pkgs, requireNamespace, TRUE, quietly = TRUE)]
    if (length(missing)) {
      cat("Installing from CRAN:", missing, "\n")
      utils::install.packages(missing, lib = lib, quiet = TRUE)
    }
    still <- pkgs[!vapply(pkgs, requireNamespace, TRUE, quietly = TRUE)]
    if (length(still)) stop("not installed: ", paste(still, collapse = ", "))' "$@"
}

# Copy the source tree ROOT into DEST (no .git, no compiled files); with
# ROXYGENISE=true, regenerate NAMESPACE and man/ there, through a plain build
# installed into PLAIN_LIB.  Never compiles inside ROOT.
make_work_copy() {
  local root=$1 dest=$2 roxygenise=$3 plain_lib=$4
  mkdir -p "$dest" "$plain_lib"
  tar -C "$root" --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.dll' \
    -cf - . | tar -C "$dest" -xf -
  if $roxygenise; then
    R CMD INSTALL --no-test-load -l "$plain_lib" "$dest" >"$dest.plain-install.log" 2>&1 ||
      { tail -n 40 "$dest.plain-install.log" >&2; return 1; }
    (cd "$dest" && R_LIBS="$plain_lib${R_LIBS:+:$R_LIBS}" \
       Rscript -e 'roxygen2::roxygenise(load_code = "installed")' >"$dest.roxygen.log" 2>&1) ||
      { tail -n 40 "$dest.roxygen.log" >&2; return 1; }
  fi
  find "$dest/src" \( -name '*.o' -o -name '*.so' \) -delete
}
