#!/usr/bin/env bash
# The GitHub Action's logic (action.yml runs it with miglint on PATH); tested
# locally, with the environment GitHub sets, by
# internal/cli/testdata/script/action.txtar.
#
# Inputs, from the environment:
#   MIGLINT_PATHS         directories and files to lint, separated by white space (default .)
#   MIGLINT_CONFIG        configuration file for --config (default: none given)
#   MIGLINT_FORMAT        github (annotations and job summary) or text (default github)
#   MIGLINT_FAIL_LEVEL    error, warning or never (default error)
#   MIGLINT_NEW_FROM_REV  report only what changed since this revision (default: the
#                         pull request's base branch, origin/$GITHUB_BASE_REF, if any)
#   MIGLINT_SARIF_FILE    also write a SARIF report of the whole history there
# Outputs, appended to $GITHUB_OUTPUT: errors, warnings, sarif-file.
set -euo pipefail

cd "${GITHUB_WORKSPACE:-.}"

paths=()
while read -r -a words; do
  paths+=("${words[@]}")
done <<<"${MIGLINT_PATHS:-.}"
((${#paths[@]})) || paths=(.)

format=${MIGLINT_FORMAT:-github}
fail_level=${MIGLINT_FAIL_LEVEL:-error}
case $format in github | text) ;; *)
  echo "::error title=miglint::format must be github or text, not ${format//[$'\r\n%']/?}"
  exit 2
  ;;
esac
case $fail_level in error | warning | never) ;; *)
  echo "::error title=miglint::fail-level must be error, warning or never, not ${fail_level//[$'\r\n%']/?}"
  exit 2
  ;;
esac

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "$1=$2" >>"$GITHUB_OUTPUT"
  fi
}

common=(--color never)
if [ -n "${MIGLINT_CONFIG:-}" ]; then
  common+=(--config "$MIGLINT_CONFIG")
fi

# Code scanning tracks alerts across runs, so SARIF covers the whole
# history: a diff-only upload would mark the other alerts fixed.
if [ -n "${MIGLINT_SARIF_FILE:-}" ]; then
  status=0
  miglint lint "${common[@]}" --format sarif "${paths[@]}" >"$MIGLINT_SARIF_FILE" || status=$?
  if ((status > 1)); then
    echo "::error title=miglint::miglint could not write the SARIF report (exit $status)"
    exit "$status"
  fi
  output sarif-file "$MIGLINT_SARIF_FILE"
fi

base=${MIGLINT_NEW_FROM_REV:-}
if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  base=origin/$GITHUB_BASE_REF
fi
if [ -n "$base" ] && ! git rev-parse --quiet --verify "$base^{commit}" >/dev/null; then
  # A shallow checkout may lack the base: fetch it.
  if git fetch --quiet --depth=1 origin "${base#origin/}" 2>/dev/null; then
    base=$(git rev-parse FETCH_HEAD)
  fi
fi

args=(lint "${common[@]}" --format "$format")
if [ -z "$base" ]; then
  args+=("${paths[@]}")
elif miglint lint -h 2>&1 | grep -q -- '-new-from-rev'; then
  args+=(--new-from-rev "$base" "${paths[@]}")
else
  # A miglint without --new-from-rev: name the migrations the change added
  # or modified; file mode replays each one's whole directory.
  files=()
  while IFS= read -r -d '' f; do
    case ${f,,} in *.sql) files+=("$f") ;; esac
  done < <(git diff -z --name-only --diff-filter=AM "$base...HEAD" -- "${paths[@]}")
  if ((${#files[@]} == 0)); then
    echo "miglint: no migration added or changed since $base"
    if [ "$format" = github ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      echo "### miglint: no migration added or changed" >>"$GITHUB_STEP_SUMMARY"
    fi
    output errors 0
    output warnings 0
    exit 0
  fi
  args+=("${files[@]}")
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
miglint "${args[@]}" | tee "$log" || status=${PIPESTATUS[0]}

# Both formats end with the summary line: "N errors, M warnings, ...".
if ((status > 1)) || ! [[ $(tail -n 1 "$log") =~ ^([0-9]+)\ errors?,\ ([0-9]+)\ warnings?, ]]; then
  echo "::error title=miglint::miglint failed (exit $status)"
  exit 2
fi
errors=${BASH_REMATCH[1]} warnings=${BASH_REMATCH[2]}
output errors "$errors"
output warnings "$warnings"

if [ "$fail_level" = error ] && ((errors > 0)); then
  exit 1
fi
if [ "$fail_level" = warning ] && ((errors + warnings > 0)); then
  exit 1
fi
exit 0
