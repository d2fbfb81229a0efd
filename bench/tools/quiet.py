#!/usr/bin/env python3
"""Is the machine quiet enough to measure?  Samples every process's CPU over
--sample seconds; "busy" = processes other than --ignore-pid (and their
children) together above --max-other-pct of one core.  With --wait S it
retries (every 15 s) for at most S seconds.  Appends one line per check to
--log (time, loadavg, other CPU %, top other processes) and exits 0 when
quiet, 1 when still busy after the wait (the caller goes on and notes it).

  quiet.py --wait 180 --log contention.log --ignore-pid 1234
"""
import argparse, os, sys, time

HZ = os.sysconf('SC_CLK_TCK')

def snap():
    out = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            s = open(f'/proc/{d}/stat').read()
            comm = s[s.index('(') + 1:s.rfind(')')]
            rest = s[s.rfind(')') + 2:].split()
            out[int(d)] = (comm, int(rest[1]), int(rest[11]) + int(rest[12]))
        except Exception:
            pass
    return out

def descendants(snapshot, roots):
    keep = set(roots)
    changed = True
    while changed:
        changed = False
        for pid, (_, ppid, _) in snapshot.items():
            if ppid in keep and pid not in keep:
                keep.add(pid); changed = True
    return keep

def check(a):
    s0 = snap(); time.sleep(a.sample); s1 = snap()
    ign = descendants(s1, a.ignore_pid + [os.getpid()])
    busy = []
    for pid, (comm, _, t) in s1.items():
        if pid in ign or comm in a.ignore_comm:
            continue
        d = t - s0.get(pid, (comm, 0, t))[2] if pid in s0 else t * 0
        pct = 100.0 * d / HZ / a.sample
        if pct >= 1:
            busy.append((pct, pid, comm))
    busy.sort(reverse=True)
    other = sum(b[0] for b in busy)
    load = open('/proc/loadavg').read().split()[:3]
    top = ' '.join(f'{c}[{p}]={v:.0f}%' for v, p, c in busy[:6])
    return other, f"{time.strftime('%H:%M:%S')} load={'/'.join(load)} other_cpu={other:.0f}% {top}"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wait', type=float, default=0)
    ap.add_argument('--sample', type=float, default=2)
    ap.add_argument('--max-other-pct', type=float, default=15)
    ap.add_argument('--ignore-pid', type=int, action='append', default=[])
    ap.add_argument('--ignore-comm', action='append', default=['sipp', 'kamailio'])
    ap.add_argument('--log')
    a = ap.parse_args()
    deadline = time.time() + a.wait
    while True:
        other, line = check(a)
        quiet = other <= a.max_other_pct
        line += ' QUIET' if quiet else ' BUSY'
        print(line)
        if a.log:
            with open(a.log, 'a') as f:
                f.write(line + '\n')
        if quiet:
            return 0
        if time.time() + 15 > deadline:
            return 1
        time.sleep(13)

if __name__ == '__main__':
    sys.exit(main())
