#!/usr/bin/env python3
"""The agent's CPU per call as a ratio to Kamailio's, from one run_cpu_session.sh session's summary.tsv.

  cpu_ratio.py SUMMARY.tsv [SUMMARY.tsv ...]

Several files (passes of one session) are read as one set of runs; rounds pair within a file.

Only clean runs count. Prints the ratio round by round (both servers clean in the same round), median to median,
and the same with each run's server CPU divided by SIPp's CPU per call in that run: SIPp does the same work for
both servers, so that quotient takes out how fast the machine was in that minute, which on a shared VM changes
within minutes.
"""
import csv, statistics, sys

rows = [dict(r, run=f"{i}.{r['run']}") for i, path in enumerate(sys.argv[1:])
        for r in csv.DictReader(open(path), delimiter='\t') if r['server'] in ('agent', 'kamailio')]
clean = [r for r in rows if r['clean'] == 'True']
by = {s: [r for r in clean if r['server'] == s] for s in ('agent', 'kamailio')}
server = lambda r: float(r['server_us_per_call'])
per_sipp = lambda r: float(r['server_us_per_call']) / float(r['client_us_per_call'])

print(f"clean runs: agent {len(by['agent'])} of {sum(r['server'] == 'agent' for r in rows)}, "
      f"Kamailio {len(by['kamailio'])} of {sum(r['server'] == 'kamailio' for r in rows)}")
if not by['agent'] or not by['kamailio']:
    print("no ratio: a server has no clean run")
    sys.exit(0)

rounds = []
for a in by['agent']:
    k = next((k for k in by['kamailio'] if k['run'] == a['run']), None)
    if k:
        rounds.append(f"{server(a) / server(k):.2f}")
print("round by round:", ", ".join(rounds) if rounds else "no round with both clean")

ma, mk = statistics.median(map(server, by['agent'])), statistics.median(map(server, by['kamailio']))
print(f"median to median: agent {ma:.1f} us, Kamailio {mk:.1f} us per call: {ma / mk:.2f}")

qa, qk = [per_sipp(r) for r in by['agent']], [per_sipp(r) for r in by['kamailio']]
print(f"against SIPp's CPU per call in the same run: agent {min(qa):.2f}-{max(qa):.2f}, "
      f"Kamailio {min(qk):.2f}-{max(qk):.2f}; median to median {statistics.median(qa) / statistics.median(qk):.2f}, "
      f"any pairing {min(qa) / max(qk):.2f}-{max(qa) / min(qk):.2f}")
