#!/usr/bin/env python3
"""Reflection: what one UDP SUBSCRIBE from an address that never answers makes the agent send, as in a forged-source
attack. The "victim" socket sends the SUBSCRIBE from its own address (the agent cannot tell that from a spoofed one)
and never answers; a second socket stands for a third host named in the Contact. Both count what reaches them.

  amplification.py --agent 127.0.0.1:5072 --alias rooms@vc.example.com [--source 127.0.0.3] [--contact 127.0.0.4]
                   [--wait 40]

Prints one JSON object: bytes sent by the attacker, bytes that reached the source and the Contact's host, datagrams,
and the factor (all bytes the agent sent because of it, over the bytes it received). UDP payload bytes only.
"""
import argparse, json, select, socket, time, uuid


def subscribe(agent, alias, source, contact, port, contact_port):
    call = uuid.uuid4().hex
    host, _ = agent
    lines = [
        f"SUBSCRIBE sip:{alias} SIP/2.0",
        f"Via: SIP/2.0/UDP {source}:{port};branch=z9hG4bK{call[:16]};rport",
        "Max-Forwards: 70",
        f"From: <sip:victim@{source}>;tag={call[:8]}",
        f"To: <sip:{alias}>",
        f"Call-ID: {call}@{source}",
        "CSeq: 1 SUBSCRIBE",
        f"Contact: <sip:victim@{contact}:{contact_port}>",
        "Event: presence",
        "Supported: eventlist",
        "Accept: application/pidf+xml, application/rlmi+xml, multipart/related",
        "Expires: 600",
        "Content-Length: 0",
        "", "",
    ]
    return "\r\n".join(lines).encode()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--agent", required=True)
    a.add_argument("--alias", required=True)
    a.add_argument("--source", default="127.0.0.3")
    a.add_argument("--contact", default=None, help="a third address named in the Contact (default: the source itself)")
    a.add_argument("--wait", type=float, default=40.0, help="seconds to listen: past Timer F (32 s)")
    args = a.parse_args()
    host, port = args.agent.rsplit(":", 1)
    agent = (host, int(port))

    victim = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    victim.bind((args.source, 0))
    third = None
    if args.contact:
        third = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        third.bind((args.contact, 0))
    contact_host, contact_port = (args.contact, third.getsockname()[1]) if third else (args.source, victim.getsockname()[1])

    request = subscribe(agent, args.alias, args.source, contact_host, victim.getsockname()[1], contact_port)
    victim.sendto(request, agent)
    counts = {"source": [0, 0], "contact": [0, 0]}
    sockets = {victim: "source"} | ({third: "contact"} if third else {})
    deadline = time.monotonic() + args.wait
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select(list(sockets), [], [], left)
        for s in ready:
            data, _ = s.recvfrom(65535)
            counts[sockets[s]][0] += len(data)
            counts[sockets[s]][1] += 1
    sent = counts["source"][0] + counts["contact"][0]
    print(json.dumps({
        "alias": args.alias, "request_bytes": len(request),
        "to_source_bytes": counts["source"][0], "to_source_datagrams": counts["source"][1],
        "to_contact_bytes": counts["contact"][0], "to_contact_datagrams": counts["contact"][1],
        "factor": round(sent / len(request), 2),
    }))


if __name__ == "__main__":
    main()
