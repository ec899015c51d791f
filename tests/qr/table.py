"""The README's QR table from `egate qr bench --json` and `zxing_bench.py` reports.

Usage: python table.py EGATE.json ZXING.json
"""

import json
import sys

CLASSES = ["clean", "rotation", "perspective", "blur", "noise", "low-contrast", "uneven-light",
           "glare", "inverted", "quiet-zone", "moire", "mixed", "no-code"]


def main():
    egate, zxing = (json.load(open(path)) for path in sys.argv[1:3])
    print(f"{egate['decoder']} against {zxing['decoder']} (formats=QRCode, default options), "
          "one core each, decode time only; frames at 1280×720 and 1920×1080.\n")
    print("| class | frames | egate read | zxing-cpp read | egate median µs | zxing-cpp median µs "
          "| egate p95 µs | zxing-cpp p95 µs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = [(name, egate["classes"][name], zxing["classes"][name]) for name in CLASSES]
    rows.append(("**all with a code**", egate["overall"], zxing["overall"]))
    for name, ours, theirs in rows:
        print(f"| {name} | {ours['frames']} | {ours['correct']} | {theirs['correct']} "
              f"| {ours['median_us']:.0f} | {theirs['median_us']:.0f} "
              f"| {ours['p95_us']:.0f} | {theirs['p95_us']:.0f} |")
    wrong = (egate["overall"]["wrong"] + egate["classes"]["no-code"]["wrong"],
             zxing["overall"]["wrong"] + zxing["classes"]["no-code"]["wrong"])
    print(f"\nWrong texts (a text that is not the frame's, or any text in a frame without a code): "
          f"egate {wrong[0]}, zxing-cpp {wrong[1]}. 95th percentile at 1280×720: egate "
          f"{egate['p95_us_1280x720']:.0f} µs, zxing-cpp {zxing['p95_us_1280x720']:.0f} µs.")


if __name__ == "__main__":
    main()
