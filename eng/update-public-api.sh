#!/usr/bin/env bash
# Adds every symbol reported by RS0016 ("not part of the declared public API") to the project's PublicAPI.Unshipped.txt
# and removes entries reported by RS0017 ("part of the declared API, but is either not public or could not be found").
# Usage: eng/update-public-api.sh [project-or-solution]   (default: Compliant.AI.sln). Re-run until the build is clean.
set -euo pipefail
target="${1:-Compliant.AI.sln}"
log=$(mktemp)
dotnet build "$target" --no-incremental -p:TreatWarningsAsErrors=false -clp:NoSummary 2>&1 > "$log" || true
python3 - "$log" <<'PY'
import re, sys, os, collections
add = collections.defaultdict(set); remove = collections.defaultdict(set)
pat = re.compile(r"(RS0016|RS0017): Symbol '(.*)' is (?:not part of the declared public API|part of the declared API).*\[(.*\.csproj)\]")
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = pat.search(line)
    if not m: continue
    code, sym, proj = m.groups()
    (add if code == "RS0016" else remove)[os.path.dirname(proj)].add(sym)
import glob
# Every PublicAPI file is normalized (deduplicated, sorted), so union merges of parallel branches stay clean.
dirs = set(add) | set(remove) | {os.path.dirname(p) for p in glob.glob("src/*/PublicAPI.Unshipped.txt")}
for d in dirs:
    p = os.path.join(d, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(p, encoding="utf-8")] if os.path.exists(p) else ["#nullable enable"]
    header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
    body = {l for l in lines if l and not l.startswith("#")}
    body |= add[d]; body -= remove[d]
    open(p, "w", encoding="utf-8").write("\n".join(header + sorted(body, key=lambda s: s.replace("static ", "").replace("const ", "").replace("override ", "").replace("virtual ", "").replace("abstract ", ""))) + "\n")
    print(f"{p}: +{len(add[d])} -{len(remove[d])}")
PY
rm -f "$log"
