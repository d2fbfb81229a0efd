#!/usr/bin/env python3
"""A client that sends one SUBSCRIBE per TCP connection and resets the connection (SO_LINGER 0) right after, as a
crashed or hostile client does: what such connections cost the agent, and how it logs them (issue 13, seventh session).

  subscribe_then_reset.py COUNT PORT [PAUSE_S]     (127.0.0.1:PORT; PAUSE_S between the send and the reset)
"""
import socket, struct, sys, time
if len(sys.argv) < 3:
    sys.exit(__doc__)
n=int(sys.argv[1]); port=int(sys.argv[2])
sub=("SUBSCRIBE sip:room1@conf.bench.local SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:{p};branch=z9hG4bK{i}\r\nMax-Forwards: 70\r\n"
     "From: <sip:w{i}@bench.local>;tag={i}\r\nTo: <sip:room1@conf.bench.local>\r\nCall-ID: {i}-r@x\r\nCSeq: 1 SUBSCRIBE\r\n"
     "Contact: <sip:w@127.0.0.1:{p};transport=tcp>\r\nEvent: presence\r\nAccept: application/pidf+xml\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n")
t=time.time()
for i in range(n):
    s=socket.socket(); s.connect(("127.0.0.1",port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii',1,0))
    s.sendall(sub.format(i=i,p=s.getsockname()[1]).encode())
    if len(sys.argv)>3: time.sleep(float(sys.argv[3]))
    s.close()
print(n, "in", round(time.time()-t,2),"s")
