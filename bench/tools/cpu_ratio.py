#!/usr/bin/env python3
"""The agent's CPU per call as a ratio to Kamailio's, from one run_cpu_session.sh session's summary.tsv.

  cpu_ratio.py SUMMARY.tsv [SUMMARY.tsv ...]

Several files (passes of one session) are read as one set of runs; rounds pair within a file.

Only clean runs count. Prints the ratio round by round (both servers clean in the same round), median to median,
and the same with each run's server CPU divided by SIPp's CPU per call in that run: SIPp does the same work for
both servers, so that quotient takes out how fast the machine was in that minute, which on a shared VM changes
within minutes. tools/issue13_verdict.py reads the same figures through read_rows and ratios.
"""
import csv, statistics, sys


def read_rows(paths):
    """Every row of the files, its run named PASS.RUN so that rounds pair within a pass."""
    return [dict(r, run=f"{i}.{r['run']}") for i, path in enumerate(paths)
            for r in csv.DictReader(open(path), delimiter='\t')]


def server_us(r):
    return float(r['server_us_per_call'])


def per_sipp(r):
    return float(r['server_us_per_call']) / float(r['client_us_per_call'])


def ratios(rows):
    """The clean runs of each server, their count of runs, and, when both have one, the ratios: round by round,
    median to median, and median to median of each run's CPU over SIPp's."""
    main = [r for r in rows if r['server'] in ('agent', 'kamailio')]
    out = {s: [r for r in main if r['server'] == s and r['clean'] == 'True'] for s in ('agent', 'kamailio')}
    out['runs'] = {s: sum(r['server'] == s for r in main) for s in ('agent', 'kamailio')}
    a, k = out['agent'], out['kamailio']
    if a and k:
        out['rounds'] = [server_us(x) / server_us(y) for x in a for y in k if x['run'] == y['run']]
        out['median'] = statistics.median(map(server_us, a)), statistics.median(map(server_us, k))
        out['ratio'] = out['median'][0] / out['median'][1]
        out['per_sipp'] = [per_sipp(x) for x in a], [per_sipp(y) for y in k]
        out['sipp_ratio'] = statistics.median(out['per_sipp'][0]) / statistics.median(out['per_sipp'][1])
    return out


def main():
    r = ratios(read_rows(sys.argv[1:]))
    a, k = r['agent'], r['kamailio']
    print(f"clean runs: agent {len(a)} of {r['runs']['agent']}, Kamailio {len(k)} of {r['runs']['kamailio']}")
    if not a or not k:
        print("no ratio: a server has no clean run")
        return
    print("round by round:", ", ".join(f"{x:.2f}" for x in r['rounds']) if r['rounds'] else "no round with both clean")
    print(f"median to median: agent {r['median'][0]:.1f} us, Kamailio {r['median'][1]:.1f} us per call: {r['ratio']:.2f}")
    qa, qk = r['per_sipp']
    print(f"against SIPp's CPU per call in the same run: agent {min(qa):.2f}-{max(qa):.2f}, "
          f"Kamailio {min(qk):.2f}-{max(qk):.2f}; median to median {r['sipp_ratio']:.2f}, "
          f"any pairing {min(qa) / max(qk):.2f}-{max(qa) / min(qk):.2f}")


if __name__ == "__main__":
    main()
