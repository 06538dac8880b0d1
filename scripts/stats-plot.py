#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Turn `bhyvectl --vm=NAME --top --csv=FILE` into an SVG line plot.

    scripts/stats-plot.py stats.csv [-o stats.svg] [--log] [--all]

One line per counter (exits per second, summed over the vCPUs) against
the seconds since the first row; counters that stayed at 0 are left out
unless --all. --log plots log10(1 + rate), for counters of very
different sizes. Python 3's standard library only: open the SVG in any
browser.
"""
import argparse
import csv
import math
import sys
from xml.sax.saxutils import escape

W, H = 960, 540
LEFT, RIGHT, TOP, BOTTOM = 70, 300, 40, 50
COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def die(msg):
    sys.exit("stats-plot: " + msg)


def read(path):
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        die(f"{path}: {e.strerror}")
    if not rows or rows[0][:2] != ["time", "interval"]:
        die(f"{path}: not a bhyvectl --top --csv file "
            "(no time,interval header)")
    names, data = rows[0][2:], rows[1:]
    if not data:
        die(f"{path}: no rows yet (one comes per interval)")
    times, cols = [], [[] for _ in names]
    for n, row in enumerate(data, start=2):
        if len(row) != len(names) + 2:
            die(f"{path}:{n}: {len(row)} fields, the header has "
                f"{len(names) + 2}")
        try:
            times.append(float(row[0]))
            for i, v in enumerate(row[2:]):
                cols[i].append(float(v))
        except ValueError:
            die(f"{path}:{n}: not a number")
    t0 = times[0]
    return names, [t - t0 for t in times], cols


def nice_max(v):
    """A round number at or above v for the axis' top."""
    if v <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * e >= v:
            return m * e
    return 10 * e


def plot(names, xs, cols, log, title):
    f = (lambda v: math.log10(1 + v)) if log else (lambda v: v)
    ymax = nice_max(max((f(v) for c in cols for v in c), default=1))
    xmax = xs[-1] if xs[-1] > 0 else 1.0
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x):
        return LEFT + x / xmax * pw

    def py(y):
        return TOP + ph - f(y) / ymax * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" '
           f'height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="15">{escape(title)}</text>']
    for i in range(6):  # grid and y labels
        yv = ymax * i / 5
        y = TOP + ph - ph * i / 5
        label = f"{10 ** yv - 1:.3g}" if log else f"{yv:.4g}"
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" '
                   f'y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{label}</text>')
    for i in range(6):  # x labels
        xv = xmax * i / 5
        x = px(xv)
        out.append(f'<text x="{x:.1f}" y="{TOP + ph + 18}" '
                   f'text-anchor="middle">{xv:.4g}</text>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 12}" '
               'text-anchor="middle">seconds</text>')
    out.append(f'<text x="16" y="{TOP + ph / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {TOP + ph / 2})">exits per second'
               f'{" (log scale)" if log else ""}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" '
               'fill="none" stroke="black"/>')
    for n, (name, c) in enumerate(zip(names, cols)):
        color = COLORS[n % len(COLORS)]
        dash = "" if n < len(COLORS) else ' stroke-dasharray="6 3"'
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, c))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}"'
                   f' stroke-width="1.5"{dash}><title>{escape(name)}'
                   '</title></polyline>')
        ly = TOP + 8 + n * 18
        out.append(f'<line x1="{LEFT + pw + 12}" y1="{ly}" '
                   f'x2="{LEFT + pw + 32}" y2="{ly}" stroke="{color}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{LEFT + pw + 38}" y="{ly + 4}">'
                   f'{escape(name[:40])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(
        description="SVG line plot of bhyvectl --top --csv output")
    ap.add_argument("csv", help="the file --csv wrote")
    ap.add_argument("-o", "--output", help="the SVG (default: stdout)")
    ap.add_argument("--log", action="store_true",
                    help="log scale (log10(1 + rate))")
    ap.add_argument("--all", action="store_true",
                    help="also the counters that stayed at 0")
    a = ap.parse_args()
    names, xs, cols = read(a.csv)
    keep = [i for i, c in enumerate(cols) if a.all or any(c)]
    if not keep:
        die(f"{a.csv}: every counter stayed at 0 (--all plots them)")
    svg = plot([names[i] for i in keep], xs, [cols[i] for i in keep],
               a.log, f"{a.csv}: exits per second, all vCPUs")
    if a.output:
        try:
            with open(a.output, "w") as f:
                f.write(svg)
        except OSError as e:
            die(f"{a.output}: {e.strerror}")
    else:
        sys.stdout.write(svg)


if __name__ == "__main__":
    main()
