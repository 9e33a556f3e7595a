# listen.py PORT... - listen on 127.0.0.1 and ::1 on each port (no
# accept needed: the kernel completes the handshake), touch READY, and
# exit after at most 120 s.
import socket, sys, time
socks = []
for p in sys.argv[2:]:
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(p)))
        s.listen(64)
        socks.append(s)
open(sys.argv[1], "w").close()
time.sleep(120)
