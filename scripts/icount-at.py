#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Instruction counts of QEMU -icount at points of its console output.

usage: icount-at.py SOCKET PATTERN... -- COMMAND...

Runs COMMAND, which starts QEMU with -icount and its QMP monitor on the
unix socket SOCKET (qemu-system-arm ... -qmp unix:SOCKET,server=on,wait=off),
and reads the console COMMAND prints. When the output first matches each
regular expression PATTERN, in order, asks QEMU how many instructions it
has run (QMP query-replay: its icount field, which counts instructions
whether or not record/replay is on) and prints `ICOUNT N PATTERN`. After
the last pattern it ends QEMU (QMP quit) and exits 0; 1 if COMMAND ended
first. The console is copied to stderr.

Instructions, not virtual time: with -icount an idle CPU runs none, and
QEMU then moves its clock on without counting. What reaches the prompt
is the work done, the way make bench counts every round trip.
"""
import json
import re
import socket
import subprocess
import sys
import time


class Qmp:
    def __init__(self, path, timeout=30.0):
        end = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > end:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.reply()  # the greeting
        self.cmd("qmp_capabilities")

    def reply(self):
        while True:
            while b"\n" not in self.buf:
                data = self.sock.recv(4096)
                if not data:
                    raise EOFError("QMP closed")
                self.buf += data
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, name):
        self.sock.sendall(json.dumps({"execute": name}).encode() + b"\n")
        msg = self.reply()
        if "error" in msg:
            raise RuntimeError(f"QMP {name}: {msg['error']}")
        return msg["return"]


def main():
    if "--" not in sys.argv or sys.argv.index("--") < 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    sep = sys.argv.index("--")
    sock, patterns, command = sys.argv[1], sys.argv[2:sep], sys.argv[sep + 1:]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE)
    qmp = None
    seen = b""
    for pat in patterns:
        rx = re.compile(pat.encode())
        while not rx.search(seen):
            data = proc.stdout.read1(4096)
            if not data:
                print(f"icount-at: the command ended before '{pat}'",
                      file=sys.stderr)
                return 1
            sys.stderr.buffer.write(data)
            sys.stderr.flush()
            # a window, not everything: a pattern may straddle two reads
            seen = (seen + data)[-65536:]
        if qmp is None:
            qmp = Qmp(sock)
        print(f"ICOUNT {qmp.cmd('query-replay')['icount']} {pat}", flush=True)
        seen = seen[rx.search(seen).end():]
    qmp.cmd("quit")
    proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
