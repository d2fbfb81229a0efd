#!/usr/bin/env python3
"""SUBSCRIBE p99 second by second of SIPp runs, from their -trace_rtt files: shows whether a run's p99 comes from one
stall (a few seconds) or from a slow machine (many). One line per run folder, one column per second (ms, in SIPp's steps).
With --windows, a second line per run lists the 100 ms windows whose slowest answer took 16 ms or more (time:ms),
which places a stall to a tenth of a second.

    python3 bench/tools/p99_by_second.py [--windows] RUN_DIR [RUN_DIR ...]
"""
import collections
import glob
import sys

args = sys.argv[1:]
windows = '--windows' in args
for d in (a for a in args if a != '--windows'):
    files = glob.glob(d + '/subscribe_unsubscribe_*_rtt.csv')
    if not files:
        continue
    by, slowest, t0 = collections.defaultdict(list), collections.defaultdict(float), None
    for line in open(files[0]):
        p = line.strip().split(';')
        if len(p) < 3 or p[0] == 'Date_ms':
            continue
        t = float(p[0])
        t0 = t if t0 is None else t0
        if p[2] == 'sub':
            by[int((t - t0) / 1000)].append(float(p[1]))
            w = int((t - t0) / 100)
            slowest[w] = max(slowest[w], float(p[1]))
    cols = []
    for s in sorted(by)[:31]:
        v = sorted(by[s])
        cols.append(f"{v[int(len(v) * 0.99)]:.0f}")
    print(d, ' '.join(cols))
    if windows:
        print(d, 'windows', ' '.join(f"{w / 10}:{ms:.0f}" for w, ms in sorted(slowest.items()) if ms >= 16))
