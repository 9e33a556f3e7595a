# conn.py HOST PORT - exit 0 connected, 1 refused, 2 timed out / other.
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.settimeout(1.5)
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
except ConnectionRefusedError:
    sys.exit(1)
except OSError:
    sys.exit(2)
sys.exit(0)
