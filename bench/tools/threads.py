#!/usr/bin/env python3
"""Per-thread CPU of one process from /proc/PID/task/*/stat (no profiler needed).

  threads.py PID                      # snapshot: tid comm utime stime (ticks)
  threads.py PID --since before.txt   # CPU seconds per thread name since that snapshot, biggest first
"""
import argparse, os

HZ = os.sysconf('SC_CLK_TCK')

def snap(pid):
    out = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            s = open(f'/proc/{pid}/task/{t}/stat').read()
            comm = s[s.index('(') + 1:s.rfind(')')].replace(' ', '_')
            rest = s[s.rfind(')') + 2:].split()
            out[t] = (comm, int(rest[11]), int(rest[12]))
        except Exception:
            pass
    return out

ap = argparse.ArgumentParser()
ap.add_argument('pid')
ap.add_argument('--since')
a = ap.parse_args()
now = snap(a.pid)
if not a.since:
    for t, (c, u, s) in sorted(now.items()):
        print(t, c, u, s)
else:
    before = {}
    for line in open(a.since):
        t, c, u, s = line.split()
        before[t] = (c, int(u), int(s))
    by = {}
    for t, (c, u, s) in now.items():
        b = before.get(t, (c, 0, 0))
        du, ds = u - b[1], s - b[2]
        e = by.setdefault(c, [0, 0, 0])
        e[0] += du; e[1] += ds; e[2] += 1
    tot = sum(v[0] + v[1] for v in by.values()) or 1
    print(f"{'thread name':<20} {'threads':>7} {'user s':>8} {'sys s':>8} {'share':>6}")
    for c, (u, s, n) in sorted(by.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        if u + s:
            print(f"{c:<20} {n:>7} {u / HZ:8.2f} {s / HZ:8.2f} {100 * (u + s) / tot:5.1f}%")
