#!/usr/bin/env python3
"""Markdown report of one run_connections.sh session: every run's summary.json under DIR (warm-ups left out), the
agent's CPU per clean call by kind and rate with the TLS/TCP ratios of both shapes (a connection per call, and a
pool of long-lived connections of the same size), TLS beside TCP at the same rate where the session ran both there
(per call the CPU falls as the rate rises: more work per wake-up), and the highest clean rates when the session searched for them (DIR/max.txt).

  connections_report.py DIR [SERVER]     (SERVER names the server's columns: "agent" unless given, e.g. Kamailio)
"""
import glob, json, os, re, statistics, sys

TLS_KINDS = ('tls', 'tls-resume', 'tls12', 'tls12-resume')


def tcp_counterpart(kind):
    """The TCP kind a TLS kind compares with: tcp for a connection per call, 'tcp pool N' for 'tls pool N'."""
    m = re.match(r'tls\S* (pool \d+)$', kind)
    if m:
        return f"tcp {m.group(1)}"
    return 'tcp' if kind in TLS_KINDS else None


def main():
    root = sys.argv[1]
    server = sys.argv[2] if len(sys.argv) > 2 else 'agent'
    rows = []
    per_call, client = {}, {}
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
            per_call.setdefault((kind, d.get('rate')), []).append(c['server_cpu_us_per_call'])
            if c.get('client_cpu_us_per_call'):
                client.setdefault((kind, d.get('rate')), []).append(c['client_cpu_us_per_call'])
        setup = q('setup', 'p99') if d.get('generator') == 'loadgen' and 'pool' not in kind else '-'
        rows.append(f"| {rel} | {kind} | {d.get('rate')} | {s.get('clean')} | {s.get('successful')}/{d.get('calls')} | "
                    f"{s.get('failed')} | {setup} | {q('sub', 'p50')} / {q('sub', 'p99')} | {q('unsub', 'p99')} | "
                    f"{c.get('server_cpu_avg_pct')} | {c.get('server_cpu_us_per_call')} | {c.get('client_cpu_avg_pct')} | "
                    f"{c.get('client_cpu_us_per_call')} | {c.get('other_cpu_avg_pct')} |")
    print(f"| run | client | calls/s | clean | ok | failed | setup p99 ms | sub p50 / p99 ms | unsub p99 ms | {server} CPU % | "
          f"{server} µs/call | client CPU % | client µs/call | others CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    # The agent's own capacity ratio, whatever limits the client: CPU per clean call, TCP's over TLS's (medians).
    med = {k: statistics.median(v) for k, v in per_call.items()}
    if med:
        print()
        print(f"| kind | calls/s | {server} µs per clean call (median) | clean runs | client µs per call (median) | {server} calls per CPU second, TLS / TCP |")
        print("|---|---|---|---|---|---|")
        for k, rate in sorted(med, key=lambda kr: (('pool' in kr[0]), kr[0], kr[1])):
            tcp = tcp_counterpart(k)
            same = [(tcp, rate)] if (tcp, rate) in med else sorted(kr for kr in med if kr[0] == tcp)
            ratio = '; '.join(f"{med[kr] / med[(k, rate)]:.0%} (vs {tcp} at {kr[1]}/s)" for kr in same)
            cl = f"{statistics.median(client[(k, rate)]):.0f}" if (k, rate) in client else ''
            print(f"| {k} | {rate} | {med[(k, rate)]:.0f} | {len(per_call[(k, rate)])} | {cl} | {ratio} |")
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
        for k, v in best.items():
            tcp = 'tcp' if k in TLS_KINDS else re.sub(r'^tls(12)?-pool', 'tcp-pool', k) if k.startswith('tls') else None
            if tcp and best.get(tcp):
                print(f"* {k} / {tcp} (same generator): {v / best[tcp]:.0%} (target: at least 70 %)")


main()
