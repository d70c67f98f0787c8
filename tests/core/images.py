"""Images for upload tests, made without decoding them (a bomb is tiny on disk, huge in memory)."""

import functools
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@functools.cache
def blank_png(width: int, height: int) -> bytes:
    """A valid 1-bit black PNG of any size: 30000 x 30000 pixels is about 110 KB.

    Written a thousand rows at a time through zlib, so making it never holds the decoded image in memory.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    parts = []
    for first in range(0, height, 1000):
        parts.append(compressor.compress(row * min(1000, height - first)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )
