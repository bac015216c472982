#!/usr/bin/env python3
"""How late a listener with TCP_DEFER_ACCEPT (1 s, as --defer-accept sets it) offers a connection that sends nothing:
a loopback client connects and stays silent; prints when the listener becomes readable.
    python3 shardloop-bench/defer-accept-delay.py [tries]"""
import select, socket, sys, time

for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
    with socket.socket() as listener:
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        with socket.create_connection(listener.getsockname()):
            t0 = time.monotonic()
            ready, _, _ = select.select([listener], [], [], 10)
            print(f"silent connection acceptable after {time.monotonic() - t0:.2f} s" if ready
                  else "silent connection not acceptable within 10 s")
