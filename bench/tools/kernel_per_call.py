#!/usr/bin/env python3
"""Kernel work per call, Kamailio beside the agent, from two perf recordings of the same length at the same rate.

  kernel_per_call.py KAMAILIO.data AGENT.data CALLS_IN_WINDOW

Each sample's share of its recording times that recording's CPU (the event count of perf's cpu-clock, in ns),
divided by the calls in the window, gives µs per call: by DSO, then by kernel symbol (self time), and the kernel
total with and without the context switch's return (finish_task_switch), where a sleeping thread's wake-up lands.
"""
import collections, re, subprocess, sys

def report(data, sort):
    out = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", sort, "--stdio", "-g", "none"],
                         capture_output=True, text=True).stdout
    found = re.search(r"Event count \(approx\.\): (\d+)", out)
    if not found:
        sys.exit(f"perf report read no samples from {data}")
    count = int(found.group(1))
    rows = [l.split(None, 1) for l in out.splitlines() if re.match(r"\s+[0-9.]+%", l)]
    return count, [(float(p.rstrip('%')), name.strip()) for p, name in rows]

kam, agent, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
servers = {"Kamailio": kam, "agent": agent}
for name, data in servers.items():
    count, dsos = report(data, "dso")
    us = count / 1000 / calls
    print(f"## {name}: {count / 1e9:.2f} s of CPU in the window, {us:.1f} µs per call; by DSO")
    for share, dso in dsos[:6]:
        print(f"  {share:6.2f} %  {share * us / 100:6.2f} µs  {dso}")

per = collections.defaultdict(dict)
for name, data in servers.items():
    count, syms = report(data, "symbol")
    us = count / 1000 / calls
    for share, sym in syms:
        if sym.startswith("[k] "):
            per[sym[4:].split()[0]][name] = share * us / 100
print("## kernel symbols, self, µs per call")
print(f"{'symbol':42s} {'Kamailio':>9s} {'agent':>9s}")
for sym, v in sorted(per.items(), key=lambda kv: -max(kv[1].values()))[:40]:
    print(f"{sym[:42]:42s} {v.get('Kamailio', 0):9.2f} {v.get('agent', 0):9.2f}")
total = {n: sum(v.get(n, 0) for v in per.values()) for n in servers}
switch = per.get("finish_task_switch.isra.0", {})
print(f"{'all kernel symbols':42s} {total['Kamailio']:9.1f} {total['agent']:9.1f}")
print(f"{'  less finish_task_switch':42s} {total['Kamailio'] - switch.get('Kamailio', 0):9.1f} "
      f"{total['agent'] - switch.get('agent', 0):9.1f}")
