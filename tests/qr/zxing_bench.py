"""zxing-cpp on the QR frame set, measured as `egate qr bench DIR --json` measures egate.

Usage: python zxing_bench.py DIR  (DIR written by egate-qr-frames: CLASS/*.pgm and truth.tsv)

Each frame's 8-bit luma goes to zxing-cpp as an ImageView (format Lum, its row stride) with
formats=QRCode and every other option at its default; only the read_barcodes call is timed.
Prints JSON: the decoder and version, and per class and overall the frames, the frames read
right (the expected text found, or nothing found where there is no code), the frames with a
text that is not theirs, and the median and 95th percentile decode time in microseconds.
"""

import importlib.metadata
import json
import sys
import time
from pathlib import Path

import zxingcpp


def read_pgm(path):
    """Width, height and the luma rows of a binary PGM (P5) file with a 255 maximum."""
    data = path.read_bytes()
    magic, size, maximum, pixels = data.split(b"\n", 3)
    if magic != b"P5" or maximum != b"255":
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = map(int, size.split())
    return width, height, memoryview(pixels).cast("B", (height, width))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(rows):
    micros = [row["micros"] for row in rows]
    correct = sum(row["correct"] for row in rows)
    return {
        "frames": len(rows),
        "correct": correct,
        "rate": round(correct / max(len(rows), 1), 3),
        "wrong": sum(row["wrong"] for row in rows),
        "median_us": percentile(micros, 0.5),
        "p95_us": percentile(micros, 0.95),
    }


def main():
    directory = Path(sys.argv[1])
    truth = {}
    for line in (directory / "truth.tsv").read_text().splitlines():
        name, _, text = line.partition("\t")
        truth[name] = text
    rows = []
    first = True
    for name, expected in truth.items():
        width, height, pixels = read_pgm(directory / name)
        view = zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum, width)
        if first:
            zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)
            first = False
        start = time.perf_counter_ns()
        found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)
        micros = (time.perf_counter_ns() - start) / 1000
        texts = [barcode.text for barcode in found]
        correct = (expected in texts) if expected else not texts
        wrong = any(text != expected for text in texts)
        rows.append({"class": name.split("/")[0], "width": width, "micros": micros,
                     "code": bool(expected), "correct": correct, "wrong": wrong})
    classes = {}
    for row in rows:
        classes.setdefault(row["class"], []).append(row)
    with_code = [row for row in rows if row["code"]]
    report = {
        "decoder": f"zxing-cpp {importlib.metadata.version('zxing-cpp')}",
        "classes": {name: summary(members) for name, members in classes.items()},
        "overall": summary(with_code),
        "p95_us_1280x720": percentile([r["micros"] for r in rows if r["width"] == 1280], 0.95),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
