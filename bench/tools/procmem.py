#!/usr/bin/env python3
"""Memory of one process (a .NET agent) from /proc, printed as the single line
run_memory.sh expects:  nprocs rss_kb pss_kb gc_rss_bytes anon_rss_bytes

gc_rss_bytes: resident bytes inside the .NET GC's reserved address range
  (regions GC, .NET 7+: one PROT_NONE reservation of GCRegionRange bytes,
  256 GiB here; committed regions are split out of its low end as separate
  VMAs).  We take the largest anonymous VMA (the uncommitted rest), whose
  end is the end of the reservation, and sum Rss over [end - 256 GiB, end).  An approximation of the resident managed heap
  (includes GC bookkeeping; excludes nothing the GC touched).
anon_rss_bytes: RssAnon from /proc/PID/status (all private anonymous memory:
  GC heap + native allocations + JIT code heaps + thread stacks touched).

  procmem.py PID            # one line
  procmem.py PID --verbose  # also the contiguous GC VMAs
"""
import os, sys

# .NET's default GCRegionRange on a 24 GiB machine: 256 GiB (override: GC_RANGE_GIB)
GC_RANGE = int(os.environ.get('GC_RANGE_GIB', '256')) << 30

def vmas(pid):
    out, cur = [], None
    with open(f'/proc/{pid}/smaps') as f:
        for line in f:
            p = line.split()
            if '-' in p[0] and len(p) >= 5 and ':' not in p[0]:
                lo, hi = (int(x, 16) for x in p[0].split('-'))
                cur = dict(lo=lo, hi=hi, perm=p[1], name=p[5] if len(p) > 5 else '', rss=0)
                out.append(cur)
            elif p[0] == 'Rss:' and cur is not None:
                cur['rss'] = int(p[1]) * 1024
    return out

def gc_rss(pid, verbose=False):
    v = vmas(pid)
    big = [m for m in v if m['hi'] - m['lo'] > 64 << 30 and not m['name']]
    if not big:
        return 0
    b = max(big, key=lambda m: m['hi'] - m['lo'])
    lo = b['hi'] - GC_RANGE            # the reservation is [hi - GCRegionRange, hi)
    if not any(m['lo'] == lo for m in v):
        print(f"warning: no VMA starts at {lo:x}; GC_RANGE wrong?", file=sys.stderr)
    inside = [m for m in v if m['lo'] >= lo and m['hi'] <= b['hi']]
    if verbose:
        for m in inside:
            if m['rss']:
                print(f"  {m['lo']:x}-{m['hi']:x} {m['perm']} size={(m['hi']-m['lo'])>>10}kB rss={m['rss']>>10}kB", file=sys.stderr)
    return sum(m['rss'] for m in inside)

def field(path, key):
    with open(path) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0

if __name__ == '__main__':
    pid = int(sys.argv[1])
    rss = field(f'/proc/{pid}/status', 'VmRSS:')
    anon = field(f'/proc/{pid}/status', 'RssAnon:')
    pss = field(f'/proc/{pid}/smaps_rollup', 'Pss:')
    print(1, rss, pss, gc_rss(pid, '--verbose' in sys.argv), anon * 1024)
