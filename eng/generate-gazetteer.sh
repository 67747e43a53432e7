#!/usr/bin/env bash
# Regenerates src/Compliant.AI/Pii/Resources/generated-*.txt from Bogus's locale data. Commit the result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet run --project "$root/eng/gazetteer" -c Release -- "$root/src/Compliant.AI/Pii/Resources"
