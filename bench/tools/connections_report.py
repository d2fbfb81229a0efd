#!/usr/bin/env python3
"""Markdown table of one run_connections.sh session: every run's summary.json under DIR (warm-ups left out), and
the highest clean rates with the TLS/TCP ratio when the session searched for them (DIR/max.txt).

  connections_report.py DIR
"""
import glob, json, os, re, statistics, sys

def main():
    root = sys.argv[1]
    rows = []
    per_call = {}
    for path in sorted(glob.glob(os.path.join(root, '**', 'summary.json'), recursive=True)):
        rel = os.path.relpath(os.path.dirname(path), root)
        if 'warmup' in rel:
            continue
        d = json.load(open(path))
        s, c = d.get('sipp', {}), d.get('cpu', {})
        r = s.get('rtd_ms') or {}
        q = lambda k, p: (r.get(k) or {}).get(p)
        kind = 'sipp tn' if d.get('generator') != 'loadgen' else d.get('transport')
        if s.get('clean') and c.get('server_cpu_us_per_call'):
            per_call.setdefault(kind, []).append(c['server_cpu_us_per_call'])
        rows.append(f"| {rel} | {kind} | {d.get('rate')} | {s.get('clean')} | {s.get('successful')}/{d.get('calls')} | "
                    f"{s.get('failed')} | {q('setup', 'p99') if kind != 'sipp tn' else '-'} | {q('sub', 'p50')} / {q('sub', 'p99')} | "
                    f"{c.get('server_cpu_avg_pct')} | {c.get('server_cpu_us_per_call')} | {c.get('client_cpu_avg_pct')} | {c.get('other_cpu_avg_pct')} |")
    print("| run | client | calls/s | clean | ok | failed | setup p99 ms | sub p50 / p99 ms | agent CPU % | agent µs/call | client CPU % | others CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    # The agent's own capacity ratio, whatever limits the client: CPU per clean call, TCP's over TLS's (medians).
    med = {k: statistics.median(v) for k, v in per_call.items()}
    if med:
        print()
        for k, v in med.items():
            print(f"* agent CPU per clean call, {k}: {v:.0f} µs (median of {len(per_call[k])})")
        for tls in ('tls', 'tls-resume', 'tls12', 'tls12-resume'):
            if 'tcp' in med and tls in med:
                print(f"* agent calls per CPU second, {tls} / tcp: {med['tcp'] / med[tls]:.0%}")
    mx = os.path.join(root, 'max.txt')
    if os.path.exists(mx):
        best = {}
        for line in open(mx):
            m = re.match(r'(\S+) MAX_CLEAN_RATE (\d+)', line)
            if m:
                best[m.group(1)] = int(m.group(2))
        print()
        for k, v in best.items():
            print(f"* max clean rate, {k}: {v} calls/s")
        for tls in ('tls', 'tls-resume', 'tls12', 'tls12-resume'):
            if best.get('tcp') and tls in best:
                print(f"* {tls} / tcp (same generator): {best[tls] / best['tcp']:.0%} (target: at least 70 %)")

main()
