#!/usr/bin/env python3
"""Markdown tables from one bench/run.sh session directory (side by side).

  report.py $BENCH_WORK/results/SESSION > report.md
"""
import glob, json, os, re, statistics, sys

D = sys.argv[1]
CONTENDED = 15   # other processes' CPU (% of one core) above which a run counts as contended
NAMES = {'agent': 'PresenceAgent', 'kam': 'Kamailio'}

def load(p):
    try:
        return json.load(open(p))
    except Exception:
        return None

def med(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return '-'
    m = statistics.median(xs)
    s = f"{m:g}" if isinstance(m, int) else f"{m:.1f}".rstrip('0').rstrip('.')
    if len(xs) > 1 and min(xs) != max(xs):
        s += f" ({min(xs):g}-{max(xs):g})"
    return s

def rtd(d, k, p):
    return ((d['sipp'].get('rtd_ms') or {}).get(k) or {}).get(p)

def runs_table(sub, title):
    rows = {}
    for f in glob.glob(os.path.join(D, sub, '*_r*_run*', 'summary.json')):
        m = re.match(r'(\w+?)_r(\d+)_run(\d+)$', os.path.basename(os.path.dirname(f)))
        if m:
            rows.setdefault((int(m.group(2)), m.group(1)), []).append(load(f))
    if not rows:
        return
    print(f"\n### {title}\n")
    print("| calls/s | server | clean | contended runs | server CPU % | server CPU µs/call | SIPp CPU % | other procs CPU % | sub p50/p90/p99 ms | unsub p50/p90/p99 ms | sub/unsub mean ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (rate, s), ds in sorted(rows.items()):
        ds = [d for d in ds if d]
        ok = sum(1 for d in ds if d['sipp']['clean'])
        c = [d['cpu'] for d in ds]
        pcts = lambda k: '/'.join(med([rtd(d, k, p) for d in ds]) for p in ('p50', 'p90', 'p99'))
        means = f"{med([rtd(d, 'sub', 'mean') for d in ds])} / {med([rtd(d, 'unsub', 'mean') for d in ds])}"
        busy = sum(1 for x in c if x.get('other_cpu_avg_pct', 0) > CONTENDED)
        print(f"| {rate} | {NAMES.get(s, s)} | {ok}/{len(ds)} | {busy} | {med([x['server_cpu_avg_pct'] for x in c])} | "
              f"{med([x.get('server_cpu_us_per_call') for x in c])} | {med([x['client_cpu_avg_pct'] for x in c])} | "
              f"{med([x.get('other_cpu_avg_pct') for x in c])} | {pcts('sub')} | {pcts('unsub')} | {means} |")
    bad = [(r, s, d) for (r, s), ds in rows.items() for d in ds if d and not d['sipp']['clean']]
    for r, s, d in sorted(bad, key=lambda x: (x[0], x[1])):
        x = d['sipp']
        print(f"\n* not clean: {NAMES.get(s, s)} {r}/s: ok {x.get('successful')}/{d['calls']}, failed {x.get('failed')}, "
              f"retrans {x.get('sipp_retransmissions')}+{x.get('msg_retrans_all')}, unexpected {x.get('msg_unexpected')}, "
              f"elapsed {x.get('elapsed_s')} s, other processes {d['cpu'].get('other_cpu_avg_pct')} % CPU")

print(f"# Session {os.path.basename(D.rstrip('/'))}\n")
if os.path.exists(os.path.join(D, 'versions.txt')):
    print("```\n" + open(os.path.join(D, 'versions.txt')).read().strip() + "\n```")

mr = sorted(glob.glob(os.path.join(D, 'maxrate_*')))
if mr:
    print("\n### Maximum clean rate (bisection, 30 s trials)\n")
    print("| server | result | trials: calls/s clean? server CPU % µs/call |")
    print("|---|---|---|")
    for m in mr:
        s = m.rsplit('_', 1)[1]
        res = open(os.path.join(m, 'max.txt')).read().strip() if os.path.exists(os.path.join(m, 'max.txt')) else 'incomplete'
        trials = []
        if os.path.exists(os.path.join(m, 'search.jsonl')):
            for line in open(os.path.join(m, 'search.jsonl')):
                d = json.loads(line)
                busy = d['cpu'].get('other_cpu_avg_pct', 0) > CONTENDED
                trials.append(f"{d['rate']} {'ok' if d['sipp']['clean'] else 'FAIL'}{' (contended: other ' + str(d['cpu']['other_cpu_avg_pct']) + '%)' if busy else ''} "
                              f"{d['cpu']['server_cpu_avg_pct']}% {d['cpu'].get('server_cpu_us_per_call', '-')}")
        print(f"| {NAMES.get(s, s)} | {res} | {'; '.join(trials)} |")

runs_table('fixed', 'Fixed rates (fresh server + 5 s warm-up at 3000/s, then 30 s runs)')
runs_table('latency', 'Response times at 50 % and 90 % of our max rate')

mems = sorted(glob.glob(os.path.join(D, 'memory_*', 'memory.json')))
if mems:
    print("\n### Memory with active subscriptions (subscribe.xml, Expires 600, rooms_100.csv)\n")
    print("| server | subscriptions | RSS MiB | PSS MiB | extra 1 | extra 2 | bytes/sub RSS | bytes/sub PSS | bytes/sub extra 1 | bytes/sub extra 2 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for f in mems:
        name = os.path.basename(os.path.dirname(f))
        envf = os.path.join(D, name + '.env')
        label = name + (f" ({open(envf).read().strip() or 'shipped config'})" if os.path.exists(envf) else '')
        d = load(f)
        base = d['baseline']
        keys = [k for k in base if k not in ('nprocs', 'rss_kb', 'pss_kb')]
        for lv in [dict(base, subscriptions=0)] + d['levels'][1:]:
            b = lv.get('bytes_per_sub', {})
            ex = [f"{k}={(lv.get(k) or 0) / 2**20:.1f} MiB" if lv.get(k) is not None else '-' for k in keys]
            print(f"| {label} | {lv['subscriptions']} | {lv['rss_kb'] / 1024:.1f} | {lv['pss_kb'] / 1024:.1f} | {ex[0] if ex else '-'} | "
                  f"{ex[1] if len(ex) > 1 else '-'} | {b.get('rss', '-')} | {b.get('pss', '-')} | "
                  f"{b.get(keys[0], '-') if keys else '-'} | {b.get(keys[1], '-') if len(keys) > 1 else '-'} |")

pd = os.path.join(D, 'profile')
if os.path.isdir(pd):
    print("\n### Profile of the agent under load\n")
    for n in ('run.txt', 'threads.txt', 'perf_dso.txt', 'perf_sym.txt'):
        p = os.path.join(pd, n)
        if os.path.exists(p):
            print(f"`{n}`:\n```\n" + ''.join(open(p).readlines()[:60]) + "```\n")
