#!/usr/bin/env python3
"""Per-thread CPU and context switches of one process from /proc/PID/task/* (no profiler needed).

  threads.py PID                      # snapshot: tid comm utime stime (ticks) switches (voluntary + not)
  threads.py PID --since before.txt   # CPU seconds and switches per thread name since that snapshot, biggest first
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
            switches = sum(int(l.split()[1]) for l in open(f'/proc/{pid}/task/{t}/status') if 'ctxt_switches' in l)
            out[t] = (comm, int(rest[11]), int(rest[12]), switches)
        except Exception:
            pass
    return out

ap = argparse.ArgumentParser()
ap.add_argument('pid')
ap.add_argument('--since')
a = ap.parse_args()
now = snap(a.pid)
if not a.since:
    for t, (c, u, s, w) in sorted(now.items()):
        print(t, c, u, s, w)
else:
    before = {}
    for line in open(a.since):
        t, c, u, s, w = (line.split() + ['0'])[:5]   # snapshots written before switches were counted have 4 columns
        before[t] = (c, int(u), int(s), int(w))
    by = {}
    for t, (c, u, s, w) in now.items():
        b = before.get(t, (c, 0, 0, 0))
        e = by.setdefault(c, [0, 0, 0, 0])
        e[0] += u - b[1]; e[1] += s - b[2]; e[2] += 1; e[3] += w - b[3]
    tot = sum(v[0] + v[1] for v in by.values()) or 1
    print(f"{'thread name':<20} {'threads':>7} {'user s':>8} {'sys s':>8} {'share':>6} {'switches':>9}")
    for c, (u, s, n, w) in sorted(by.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        if u + s or w:
            print(f"{c:<20} {n:>7} {u / HZ:8.2f} {s / HZ:8.2f} {100 * (u + s) / tot:5.1f}% {w:>9}")
