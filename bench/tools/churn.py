#!/usr/bin/env python3
"""Churn: many rooms, a few watchers each, many state changes a second; does every watcher end on the right state?

  churn.py --sip 127.0.0.1:5070 --http 127.0.0.1:8099 [--rooms 1000] [--watchers 10] [--rate 500] [--seconds 60]

Watchers are UDP SIP dialogs spread over a few local sockets: each SUBSCRIBEs to roomN@conf.bench.local (Accept PIDF),
answers every NOTIFY with 200 and keeps the last body. The driver PUTs /api/services/roomN/presence at --rate per
second for --seconds over keep-alive HTTP connections, each change a random status for a random room, and remembers
each room's last status. Then it waits for the NOTIFYs to settle and checks every watcher's last document against its
room's last status (PIDF basic and RPID activities of that status). Prints one JSON line: changes made, those that
changed what the room shows (a status set twice in a row changes nothing), NOTIFYs received (retransmissions apart),
how many watchers ended
right, and the NOTIFYs saved by coalescing (effective changes x watchers - NOTIFYs). Ours.
"""
import argparse, asyncio, http.client, json, random, re, socket, sys, threading, time

STATUSES = {  # what each status looks like in PIDF: basic, RPID activities (docs/sip-clients.md)
    'Available': ('open', ()), 'Busy': ('open', ('busy',)), 'DoNotDisturb': ('closed', ('busy',)),
    'Away': ('open', ('away',)), 'Offline': ('closed', ()),
}


def parse(data):
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.decode('utf-8', 'replace').split('\r\n')
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(':')
        headers.setdefault(name.strip().lower(), value.strip())
    return lines[0], headers, body


def pidf_state(body):
    text = body.decode('utf-8', 'replace')
    m = re.search(r'<basic>(\w+)</basic>', text)
    acts = tuple(re.findall(r'<rpid:([\w-]+) ?/>', text))
    return (m.group(1) if m else None, acts)


class Watchers(asyncio.DatagramProtocol):
    def __init__(self, owner):
        self.owner = owner

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        start, h, body = parse(data)
        call_id = h.get('call-id') or h.get('i')
        if start.startswith('NOTIFY'):
            via = [l for l in data.decode('utf-8', 'replace').split('\r\n') if l.lower().startswith(('via:', 'v:'))]
            resp = ('SIP/2.0 200 OK\r\n' + '\r\n'.join(via) + '\r\n'
                    f"From: {h.get('from') or h.get('f')}\r\nTo: {h.get('to') or h.get('t')}\r\nCall-ID: {call_id}\r\n"
                    f"CSeq: {h.get('cseq')}\r\nContent-Length: 0\r\n\r\n")
            self.transport.sendto(resp.encode(), addr)
            key = (call_id, h.get('cseq'))
            if key in self.owner.seen:
                self.owner.retransmitted += 1
                return
            self.owner.seen.add(key)
            self.owner.notifies += 1
            if body:
                self.owner.last[call_id] = pidf_state(body)
        elif start.startswith('SIP/2.0 200'):
            self.owner.subscribed.add(call_id)


class Churn:
    def __init__(self, a):
        self.a = a
        self.last = {}
        self.subscribed = set()
        self.notifies = 0
        self.retransmitted = 0
        self.seen = set()
        self.room_of = {}

    async def subscribe(self, loop):
        host, port = self.a.sip.split(':')
        target = (host, int(port))
        sockets = []
        for _ in range(self.a.sockets):
            transport, proto = await loop.create_datagram_endpoint(lambda: Watchers(self), local_addr=('127.0.0.1', 0))
            sock = transport.get_extra_info('socket')
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
            sockets.append(transport)
        n = 0
        for room in range(1, self.a.rooms + 1):
            for w in range(self.a.watchers):
                t = sockets[n % len(sockets)]
                lhost, lport = t.get_extra_info('sockname')[:2]
                call_id = f'churn-{room}-{w}-{random.getrandbits(32):x}'
                self.room_of[call_id] = room
                msg = (f'SUBSCRIBE sip:room{room}@conf.bench.local SIP/2.0\r\n'
                       f'Via: SIP/2.0/UDP {lhost}:{lport};rport;branch=z9hG4bK{random.getrandbits(48):x}\r\n'
                       'Max-Forwards: 70\r\n'
                       f'From: <sip:w{room}x{w}@bench.local>;tag={random.getrandbits(32):x}\r\n'
                       f'To: <sip:room{room}@conf.bench.local>\r\nCall-ID: {call_id}\r\nCSeq: 1 SUBSCRIBE\r\n'
                       f'Contact: <sip:w@{lhost}:{lport}>\r\nEvent: presence\r\nAccept: application/pidf+xml\r\n'
                       'Expires: 600\r\nContent-Length: 0\r\n\r\n')
                t.sendto(msg.encode(), target)
                n += 1
                if n % 200 == 0:
                    await asyncio.sleep(0.1)  # 2 000 SUBSCRIBEs a second
        deadline = time.time() + 30
        while len(self.subscribed) < n and time.time() < deadline:
            await asyncio.sleep(0.2)
        return n

    def drive(self, final):
        """PUTs from threads with keep-alive connections; final[room] = last status set (in the order answered)."""
        total = self.a.rate * self.a.seconds
        per_thread = total // self.a.http_threads
        lock = threading.Lock()
        errors = [0]
        effective = [0]  # changes that changed what the room shows
        host, port = self.a.http.split(':')
        start = time.time()

        def worker(k):
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            for i in range(per_thread):
                due = start + (i * self.a.http_threads + k) / self.a.rate
                delay = due - time.time()
                if delay > 0:
                    time.sleep(delay)
                room = random.randint(1, self.a.rooms)
                status = random.choice(list(STATUSES))
                with lock:  # one change per room in flight, so the order answered is the order applied
                    conn.request('PUT', f'/api/services/room{room}/presence', json.dumps({'status': status}),
                                 {'Content-Type': 'application/json'})
                    r = conn.getresponse(); r.read()
                    if r.status == 200:
                        if final.get(room, 'Available') != status:
                            effective[0] += 1
                        final[room] = status
                    else:
                        errors[0] += 1
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(self.a.http_threads)]
        for t in threads: t.start()
        for t in threads: t.join()
        return per_thread * self.a.http_threads, effective[0], errors[0], time.time() - start


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sip', default='127.0.0.1:5070'); ap.add_argument('--http', default='127.0.0.1:8099')
    ap.add_argument('--rooms', type=int, default=1000); ap.add_argument('--watchers', type=int, default=10)
    ap.add_argument('--rate', type=int, default=500); ap.add_argument('--seconds', type=int, default=60)
    ap.add_argument('--sockets', type=int, default=16); ap.add_argument('--http-threads', type=int, default=1)
    ap.add_argument('--settle', type=float, default=10)
    a = ap.parse_args()
    c = Churn(a)
    loop = asyncio.get_running_loop()
    n = await c.subscribe(loop)
    if len(c.subscribed) < n:
        print(json.dumps(dict(error=f'only {len(c.subscribed)} of {n} subscribed'))); return 1
    await asyncio.sleep(3)
    before, before_retransmitted = c.notifies, c.retransmitted
    final = {}
    changes, effective, errors, took = await loop.run_in_executor(None, c.drive, final)
    await asyncio.sleep(a.settle)
    right = wrong = 0
    for call_id, room in c.room_of.items():
        expected = STATUSES[final[room]] if room in final else STATUSES['Available']
        if c.last.get(call_id) == expected:
            right += 1
        else:
            wrong += 1
    notified = c.notifies - before
    print(json.dumps(dict(rooms=a.rooms, watchers=n, changes=changes, change_errors=errors, drive_seconds=round(took, 1),
                          change_rate=round(changes / took, 1), effective_changes=effective, notifies=notified,
                          coalesced=effective * a.watchers - notified, retransmitted=c.retransmitted - before_retransmitted,
                          watchers_on_the_right_state=right, watchers_wrong=wrong)))
    return 0 if wrong == 0 and errors == 0 else 1

if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
