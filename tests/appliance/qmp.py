"""A small driver for the appliance test: QEMU's QMP socket (screendump, touches through
a tablet, device_add/device_del, system_reset, quit), a root shell on the serial port,
and images read and compared without any library beyond Python's own (PPM from QEMU, PNG
from the kiosk's --screenshot, PNG written for a person to look at)."""

import json
import os
import re
import socket
import struct
import time
import zlib


class QMPError(RuntimeError):
    pass


class QMP:
    def __init__(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.sock.settimeout(timeout)
        self.buf = b""
        self.events = []
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise QMPError("QEMU closed the QMP socket")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, execute, **arguments):
        msg = {"execute": execute}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._read()
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise QMPError(f"{execute}: {reply['error'].get('desc')}")
            return reply.get("return")

    def screendump(self, ppm_path):
        if os.path.exists(ppm_path):
            os.unlink(ppm_path)
        self.cmd("screendump", filename=ppm_path)
        return read_ppm(ppm_path)

    def _abs(self, x, y, width, height):
        # an absolute pointer (the tablet): 0..32767 across the screen
        return [
            {"type": "abs", "data": {"axis": "x", "value": int(x * 32767 / max(1, width - 1))}},
            {"type": "abs", "data": {"axis": "y", "value": int(y * 32767 / max(1, height - 1))}},
        ]

    # The display whose bound input devices get the events (the tablet is bound to the
    # VM's screen with display=...): None sends them to whichever device QEMU picks.
    input_display = None

    def send_input(self, events):
        args = {"events": events}
        if self.input_display:
            args["device"] = self.input_display
        self.cmd("input-send-event", **args)

    def tap(self, x, y, width, height, hold=0.12):
        """A finger down at (x, y) pixels, held, lifted (a touchscreen seen as a tablet)."""
        self.send_input(self._abs(x, y, width, height))
        # the finger's position first: on a slow (TCG) guest the window must have the
        # pointer before the press, or the first tap is lost
        time.sleep(0.3)
        self.send_input([{"type": "btn", "data": {"down": True, "button": "left"}}])
        time.sleep(hold)
        self.send_input([{"type": "btn", "data": {"down": False, "button": "left"}}])

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Serial:
    """A root shell on the guest's serial port (a test-only unit in the test's copy of the
    image). Each command's output is framed by markers the echoed command line cannot match."""

    def __init__(self, path, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.sock.settimeout(1.0)
        self.log = open(path + ".log", "ab")
        self.n = 0

    def run(self, command, timeout=60):
        """Runs command in the guest's shell; (exit status, output), or (None, what came)
        when the shell did not answer in time."""
        self.n += 1
        # the markers are printed by printf from pieces, so the echoed command line never
        # holds them
        line = (f"printf '@B%s@\\n' {self.n}; {command}; "
                f"printf '@E%s@ %s@\\n' {self.n} $?\n")
        self.sock.sendall(line.encode())
        done = re.compile(rb"@B%d@\r?\n(.*)@E%d@ (\d+)@" % (self.n, self.n), re.S)
        data = b""
        deadline = time.monotonic() + timeout
        while True:
            m = done.search(data)
            if m:
                return int(m.group(2)), m.group(1).decode(errors="replace").replace("\r", "")
            if time.monotonic() > deadline:
                return None, data.decode(errors="replace")
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise QMPError("the serial console closed")
            self.log.write(chunk)
            self.log.flush()
            data += chunk

    def wait_ready(self, timeout):
        """True once the shell answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _ = self.run("true", timeout=min(10, max(1, deadline - time.monotonic())))
            if status == 0:
                return True
        return False

    def close(self):
        try:
            self.sock.close()
            self.log.close()
        except OSError:
            pass


# --- images --------------------------------------------------------------------------------

def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    pos += 1
    return w, h, data[pos:pos + w * h * 3]


def read_png(path):
    """8-bit RGB or RGBA, not interlaced (what the kiosk's --screenshot writes)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"{path}: only 8-bit RGB/RGBA PNGs are read")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray()
    prev = bytearray(stride)
    i = 0
    for _ in range(h):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        prev = line
        if bpp == 4:
            for x in range(w):
                out += line[x * 4:x * 4 + 3]
        else:
            out += line
    return w, h, bytes(out)


def write_png(path, w, h, rgb):
    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def thumb(w, h, rgb, tw=64, th=40):
    """Mean brightness of tw x th blocks: small enough to compare screens across renderers."""
    out = []
    for by in range(th):
        y0, y1 = by * h // th, (by + 1) * h // th
        for bx in range(tw):
            x0, x1 = bx * w // tw, (bx + 1) * w // tw
            total, n = 0, 0
            for y in range(y0, y1, 2):
                row = y * w * 3
                for x in range(x0, x1, 2):
                    p = row + x * 3
                    total += rgb[p] * 30 + rgb[p + 1] * 59 + rgb[p + 2] * 11
                    n += 1
            out.append(total / (100 * max(1, n)))
    return out


def distance(a, b):
    """Mean absolute difference of two thumbs, 0 (same) .. 255."""
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)


def mean_colour(w, h, rgb):
    n = w * h
    return tuple(sum(rgb[i::3]) / n for i in range(3))
