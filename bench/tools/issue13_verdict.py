#!/usr/bin/env python3
"""Issue 13 §2's targets read from one bench/run_issue13.sh session: each figure beside Kamailio's from the same
session, the ratio, its spread over runs, and whether the target holds, read in the issue's own words (every run
where it says so) and, where the owner has not yet chosen between readings, in the looser one beside it.

    issue13_verdict.py SESSION_DIR            (Markdown on stdout; run_issue13.sh writes it to SESSION_DIR/verdict.md)

The session's layout is run_issue13.sh's: cpu*/ (run_cpu_session.sh passes: summary.tsv, alloc.txt),
max_rate/{agent,kamailio}/ (find_max_rate.sh), connections_sipp/ and connections_pool/ (run_connections.sh),
kamailio_tls_pool/ (run_kamailio_tls.sh), and machine.tsv files wherever a script probed the machine. A phase that
is missing reads "not measured", never "holds".
"""
import csv, glob, json, os, re, statistics, sys

from cpu_ratio import ratios, read_rows, server_us   # the CPU ratios as run_cpu_session.sh prints them

CPU_RATE = 10000          # the rate the issue names for CPU and p99
TN_RATE = 5000            # TCP, a connection per call
HALF, P99_MS, ALLOC_B, TLS_SHARE = 0.50, 10.0, 2048, 0.70


def med(xs):
    return statistics.median(xs) if xs else None


def span(xs, fmt="{:.2f}"):
    if not xs:
        return "-"
    low, high = fmt.format(min(xs)), fmt.format(max(xs))
    return low if low == high else f"{low}-{high}"


def yes(ok):
    return "not measured" if ok is None else ("**holds**" if ok else "**does not hold**")


def at(rate, ok):
    """A verdict that counts only at the issue's rate: elsewhere it says what the figure would mean."""
    return yes(ok) if rate == CPU_RATE else f"not at the issue's rate ({'met' if ok else 'not met'} at this one)"


def cpu_session(root):
    """Every pass's rows (cpu*/summary.tsv), runs named PASS.RUN so that rounds pair within a pass."""
    return read_rows(sorted(glob.glob(os.path.join(root, "cpu*", "summary.tsv"))))


def cpu_verdict(rows):
    r = ratios(rows)
    a, k, n = r["agent"], r["kamailio"], r["runs"]
    if not n["agent"] and not n["kamailio"]:
        return None, ["| CPU per call at most half of Kamailio's | not measured | | | not measured |"]
    rate = int(next(x for x in rows if x["server"] in ("agent", "kamailio"))["rate"])
    if not a or not k:
        return False, [f"| CPU per call at {rate}/s | agent clean {len(a)} of {n['agent']} | Kamailio clean {len(k)} of "
                       f"{n['kamailio']} | no ratio | **does not hold** |"]
    met = r["ratio"] <= HALF
    every = bool(r["rounds"]) and max(r["rounds"]) <= HALF and (len(a), len(k)) == (n["agent"], n["kamailio"])
    note = "" if rate == CPU_RATE else f" (at {rate}/s, not the issue's {CPU_RATE})"
    runs = lambda clean, median: f"{median:.1f} µs ({span(list(map(server_us, clean)), '{:.1f}')}), clean {len(clean)}"
    return (met if rate == CPU_RATE else "elsewhere"), [
        f"| CPU per call at most half of Kamailio's{note} | {runs(a, r['median'][0])} of {n['agent']} | "
        f"{runs(k, r['median'][1])} of {n['kamailio']} | **{r['ratio']:.2f}** median to median; round by round "
        f"{span(r['rounds'])}; against SIPp's cost {r['sipp_ratio']:.2f} | "
        f"{at(rate, met)} median to median; {'met' if every else 'not met'} in every round |"]


def p99_verdict(rows):
    a = [r for r in rows if r["server"] == "agent"]
    k = [r for r in rows if r["server"] == "kamailio" and r["clean"] == "True"]
    if not a:
        return None, [f"| SUBSCRIBE p99 at most {P99_MS:g} ms | not measured | | | not measured |"]
    rate = int(a[0]["rate"])
    p = [float(r["sub_p99"]) if r["clean"] == "True" else float("inf") for r in a]
    every = all(x <= P99_MS for x in p)
    median_run = med(p) <= P99_MS
    shown = " / ".join("broke" if x == float("inf") else f"{x:g}" for x in p)
    kam = " / ".join(f"{float(r['sub_p99']):g}" for r in k) or "-"
    note = "" if rate == CPU_RATE else f" (at {rate}/s)"
    return (every if rate == CPU_RATE else "elsewhere"), [f"| SUBSCRIBE p99 at most {P99_MS:g} ms{note} | {shown} ms | {kam} ms | {sum(x <= P99_MS for x in p)} of {len(p)} runs | "
                   f"{at(rate, every)} in every run; {'met' if median_run else 'not met'} in the median run |"]


def ceiling_verdict(rows):
    c = [r for r in rows if r["server"] == "agent_ceiling"]
    if not c:
        return None, ["| clean at the machine's ceiling, 3 runs of 3 | not measured | | | not measured |"]
    ok = sum(r["clean"] == "True" for r in c)
    holds = len(c) >= 3 and ok == len(c)
    us = [float(r["server_us_per_call"]) for r in c if r["clean"] == "True"]
    sipp = [float(r["client_us_per_call"]) for r in c]
    return holds, [f"| clean at the machine's ceiling ({c[0]['rate']}/s, {c[0]['generators']} SIPps), 3 runs of 3 | clean {ok} of "
                   f"{len(c)}; {span(us, '{:.1f}')} µs per call | | SIPp {span(sipp, '{:.1f}')} µs per call | {yes(holds)} |"]


def alloc_verdict(root):
    found = []
    for path in sorted(glob.glob(os.path.join(root, "cpu*", "alloc.txt"))):
        m = re.search(r"allocated per call under load: (\d+) B", open(path).read())
        if m:
            found.append(int(m.group(1)))
    if not found:
        return None, ["| allocations per call at most 2 KB | not measured | | | not measured |"]
    holds = all(b <= ALLOC_B for b in found)
    return holds, [f"| allocations per call at most 2 KB (GC counters under load) | {' and '.join(map(str, found))} B | | | {yes(holds)} |"]


def max_rates(root):
    """MAX_CLEAN_RATE of each server and, for the agent, its generators' CPU in the trials at that rate."""
    got = {}
    for server in ("agent", "kamailio"):
        path = os.path.join(root, "max_rate", server, "max.txt")
        if os.path.exists(path):
            m = re.search(r"MAX_CLEAN_RATE (\d+)", open(path).read())
            trials = [json.loads(l) for l in open(os.path.join(root, "max_rate", server, "search.jsonl")) if l.strip()]
            clean_at_max = [t for t in trials if m and t["rate"] == int(m.group(1)) and t["sipp"]["clean"]]
            got[server] = (int(m.group(1)) if m else None, clean_at_max)
    if not got:
        return ["| highest clean rate (two clean 30 s trials in a row) | not measured | | | |"]
    a, k = got.get("agent", (None, [])), got.get("kamailio", (None, []))
    gen = lambda trials: f"; generators {span([t['cpu']['client_cpu_avg_pct'] for t in trials], '{:.0f}')} % of a core" if trials else ""
    ratio = f"{a[0] / k[0]:.2f} ×" if a[0] and k[0] else "-"
    return [f"| highest clean rate (two clean 30 s trials in a row) | {a[0]}/s{gen(a[1])} | {k[0]}/s{gen(k[1])} | {ratio} | (no target) |"]


def summaries(folder):
    for path in sorted(glob.glob(os.path.join(folder, "*", "summary.json"))):
        if "warmup" not in os.path.basename(os.path.dirname(path)):
            yield json.load(open(path))


def tn_verdict(root):
    runs = [d for d in summaries(os.path.join(root, "connections_sipp")) if d.get("generator") != "loadgen"]
    if not runs:
        return None, ["| TCP, a connection per call (SIPp `-t tn`), clean at 5 000/s | not measured | | | not measured |"]
    rate = max(d["rate"] for d in runs)
    top = [d for d in runs if d["rate"] == rate]
    ok = sum(bool(d["sipp"]["clean"]) for d in top)
    us = [d["cpu"]["server_cpu_us_per_call"] for d in top if d["sipp"]["clean"]]
    holds = rate >= TN_RATE and ok == len(top)
    return holds, [f"| TCP, a connection per call (SIPp `-t tn`), clean at {TN_RATE}/s | clean {ok} of {len(top)} at {rate}/s; "
                   f"{span(us, '{:.1f}')} µs per call | | | {yes(holds)}{'' if rate >= TN_RATE else f' (not run at {TN_RATE}/s)'} |"]


def pool_medians(records):
    """Median server µs per clean call, and the clean runs, by (kind, rate) from (kind, rate, clean, µs) records."""
    by = {}
    for kind, rate, clean, us in records:
        if clean:
            by.setdefault((kind, int(rate)), []).append(us)
    return {k: (med(v), len(v)) for k, v in by.items()}


def tls_verdict(root):
    agent = pool_medians((d.get("transport"), d["rate"], d["sipp"]["clean"], d["cpu"]["server_cpu_us_per_call"])
                         for d in summaries(os.path.join(root, "connections_pool")) if d.get("generator") == "loadgen")
    kam_path = os.path.join(root, "kamailio_tls_pool", "summary.tsv")
    kam = pool_medians((r["phase"].replace("-pool", ""), r["rate"], r["clean"] == "True", float(r["server_us_per_call"]))
                       for r in csv.DictReader(open(kam_path), delimiter="\t") if r["phase"].endswith("-pool")) if os.path.exists(kam_path) else {}
    lines, verdicts = [], []
    for (tcp, rate) in sorted(k for k in agent if k[0].startswith("tcp pool")):
        for tls, name in (("tls", "TLS 1.3"), ("tls12", "TLS 1.2")):
            kind = tcp.replace("tcp", tls, 1)
            if (kind, rate) not in agent:
                continue
            ours, base = agent[(kind, rate)], agent[(tcp, rate)]
            share = base[0] / ours[0]
            verdicts.append(share >= TLS_SHARE)
            ktcp, ktls = kam.get(("tcp", rate)), kam.get((tls, rate))
            kshare = (f"{ktcp[0] / ktls[0]:.1%} of its TCP (clean {ktls[1]} and {ktcp[1]})" if ktcp and ktls else
                      "no clean run" if ktcp or os.path.exists(kam_path) else "not measured")
            per_call = f"; ours per call {ours[0] / ktls[0]:.2f} of Kamailio's" if ktls else ""
            lines.append(f"| {name} at least 70 % of TCP ({tcp}, {rate}/s) | {ours[0]:.0f} µs against TCP's {base[0]:.0f} "
                         f"(clean {ours[1]} and {base[1]}): **{share:.1%}** | {kshare}{per_call} | | {yes(share >= TLS_SHARE)} |")
    if not lines:
        return None, ["| TLS at least 70 % of TCP (pooled connections) | not measured | | | not measured |"]
    return all(verdicts), lines


def machine(root):
    probes = []
    for path in sorted(glob.glob(os.path.join(root, "**", "machine.tsv"), recursive=True)):
        for r in csv.DictReader(open(path), delimiter="\t"):
            try:
                probes.append((float(r["load_4M_ns"]), float(r["udp_rtt_us"])))
            except (KeyError, ValueError):
                pass
    if not probes:
        return "No machine probe in this session."
    return (f"Machine probes: {len(probes)}; a dependent load over 4 MiB took {span([p[0] for p in probes], '{:.0f}')} ns, "
            f"a loopback UDP round trip {span([p[1] for p in probes], '{:.0f}')} µs (tools/machine_probe.sh).")


def main():
    root = sys.argv[1]
    rows = cpu_session(root)
    parts = [cpu_verdict(rows), alloc_verdict(root), p99_verdict(rows), ceiling_verdict(rows), tn_verdict(root), tls_verdict(root)]
    print(f"# Issue 13 §2 in one session: {os.path.abspath(root)}\n")
    print("| target | agent | Kamailio, same session | ratio, spread | verdict |")
    print("|---|---|---|---|---|")
    for _, lines in parts:
        print("\n".join(lines))
    print("\n".join(max_rates(root)))
    verdicts = [ok for ok, _ in parts]
    print()
    if all(ok is True for ok in verdicts):
        print("Every target holds in this session (CPU median to median, p99 in every run).")
    else:
        failing, missing = sum(ok is False for ok in verdicts), sum(ok is None for ok in verdicts)
        elsewhere = sum(ok == "elsewhere" for ok in verdicts)
        print(f"Not every target holds: {failing} do not, {elsewhere} measured at another rate than the issue's, "
              f"{missing} not measured.")
    print()
    print(machine(root))


if __name__ == "__main__":
    main()
