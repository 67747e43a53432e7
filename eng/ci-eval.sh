#!/usr/bin/env bash
# Runs the project's quality floors (eval/dogfood.suite.json) through `compliant eval` and writes the JUnit report to
# artifacts/eval-junit.xml (and report.json/report.html to artifacts/eval/). Datasets come from ../shared/data beside
# the repository when present; absent ones are reported as skipped. Exit code: that of `compliant eval`
# (0 pass, 1 a gate failed, 2 bad suite or input).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
if [ ! -d ../shared/data ]; then
  echo "ci-eval: ../shared/data not found: the third-party datasets are skipped (the suite's own fixtures still run)." >&2
fi
dotnet build src/Compliant.AI.Cli -c Release -nologo -v quiet
dotnet src/Compliant.AI.Cli/bin/Release/net10.0/compliant.dll eval eval/dogfood.suite.json \
  --output-dir artifacts/eval --junit artifacts/eval-junit.xml --no-cache --no-progress --max-parallel 2 "$@"
