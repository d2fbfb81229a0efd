#!/usr/bin/env python3
"""What a function calls, by share of all samples: for every sample whose stack holds a frame matching PATTERN (the
first such frame from the leaf), the frame just below it toward the leaf, or "(self)" when the match is the leaf.

    perf script -i perf.data -F ip,sym > stacks.txt
    python3 bench/tools/perf_children.py stacks.txt 'TransactionLayer::OnRequest' [TOP=12]

Written for this project's profiles (bench/RESULTS.md): perf's own caller/callee views fold recursion and stubs in ways
that hide a layer's direct work.
"""
import collections
import re
import sys


def stacks(path):
    frames = []
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        if not line:
            if frames:
                yield frames
            frames = []
            continue
        parts = line.split(" ", 1)
        frames.append(parts[1] if len(parts) > 1 else parts[0])
    if frames:
        yield frames


def short(frame):
    frame = re.sub(r"\[[\w.]+\] ", "", frame)
    frame = frame.replace("PresenceAgent.", "")
    return re.sub(r"\(.*", "", frame)[:150]


def main():
    path, pattern = sys.argv[1], re.compile(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    total, matching, below = 0, 0, collections.Counter()
    for frames in stacks(path):
        total += 1
        for i, frame in enumerate(frames):
            if pattern.search(frame):
                matching += 1
                below[short(frames[i - 1]) if i > 0 else "(self)"] += 1
                break
    if total == 0:
        sys.exit(f"{path}: no samples")
    print(f"samples {total}, with {sys.argv[2]} {matching} ({100 * matching / total:.1f}%)")
    for name, count in below.most_common(top):
        print(f"{100 * count / total:6.2f}% {name}")


if __name__ == "__main__":
    main()
