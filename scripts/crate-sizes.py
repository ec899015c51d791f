"""Sums `nm --print-size -C` lines (address, size, type, name) per crate: the first path segment
of a demangled Rust name, `<impl …>` and generic wrappers looked through; other symbols count
as `[C and other]`. Prints `bytes  crate`, largest first (only the first N with an argument N)."""

import re
import sys
from collections import Counter

totals = Counter()
for line in sys.stdin:
    parts = line.split(None, 3)
    if len(parts) < 4:
        continue
    size, name = int(parts[1]), parts[3].strip()
    name = re.sub(r"^(<|&|dyn |\()+", "", name)
    match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", name)
    totals[match.group(1) if match else "[C and other]"] += size
limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
for crate, size in totals.most_common(limit):
    print(f"{size:>10}  {crate}")
