#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: tests/fuzz/corpus/<target>/<name> (a few KB each).

Run from anywhere: python3 tests/fuzz/make_corpus.py. Standard library only (struct, zlib,
zipfile); the .npy files are written by hand in numpy's format (no numpy needed). Deterministic:
running it again rewrites the same bytes.
"""
import io
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def npy(descr, shape, payload, fortran=False, major=1):
    shape_text = "(" + "".join(f"{s}, " for s in shape).rstrip(" ") + ")" if len(shape) != 1 else f"({shape[0]},)"
    if len(shape) > 1:
        shape_text = "(" + ", ".join(str(s) for s in shape) + ")"
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", shape_text)
    pre = 10 if major == 1 else 12
    d += " " * ((64 - (pre + len(d) + 1) % 64) % 64) + "\n"
    head = b"\x93NUMPY" + bytes([major, 0]) + (struct.pack("<H", len(d)) if major == 1 else struct.pack("<I", len(d)))
    return head + d.encode() + payload


def f8(vals):
    return struct.pack("<%dd" % len(vals), *vals)


def npz(members, compress, zip64=False):
    buf = io.BytesIO()
    # fixed timestamps so the bytes are reproducible
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            with z.open(info, "w", force_zip64=zip64) as f:
                f.write(data)
    return buf.getvalue()


def raw_deflate(data, level, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return c.compress(data) + c.flush()


# ---- text ------------------------------------------------------------------------------------
pts = [(0.5 * i, (i * i) % 7 - 3.25, i % 3) for i in range(12)]
write("fuzz_text", "csv_header_label", b"\x00" + b"x,y,label\n" + b"".join(b"%g,%g,%d\n" % p for p in pts))
write("fuzz_text", "csv_quoted_bom_crlf", b"\x02" + b"\xef\xbb\xbf\"a\",\"b\"\r\n# c\r\n1.5,\"2\"\r\n\r\n3e2,-4\r\n")
write("fuzz_text", "tsv_spaces", b"\x08" + b"sepal length\tsepal width\tclass\n5.1\t3.5\t0\n4.9\t 3.0 \t2\n")
write("fuzz_text", "semicolon", b"\x0c" + b"a;b\n1.5;2\n3;4,5\n")
write("fuzz_text", "whitespace_dat", b"\x13" + b"  1 2 3\n\t4  5 6\n7 8 9  \n1e-310 -0 inf\n")
write("fuzz_text", "labels_only", b"\x01" + b"label\n0\n1\n-1\n2.0\n1e3\n")
write("fuzz_text", "bare_cr", b"\x20" + b"1,2\r3,4\r5,6\r")

# ---- .npy ------------------------------------------------------------------------------------
write("fuzz_npy", "f8_2d", npy("<f8", (4, 2), f8([0.5, -1, 2, 3.5, 1e-3, 42, 0, 7])))
write("fuzz_npy", "f4_fortran", npy("<f4", (2, 3), struct.pack("<6f", 1, 2, 3, 4, 5, 6), fortran=True))
write("fuzz_npy", "i4_big_endian", npy(">i4", (3,), struct.pack(">3i", -1, 2, 3)))
write("fuzz_npy", "u1_3d_v2", npy("|u1", (2, 2, 2), bytes(range(8)), major=2))
write("fuzz_npy", "f2_v3", npy("<f2", (4,), struct.pack("<4H", 0x3C00, 0x0001, 0x7C00, 0x7E00), major=3))
write("fuzz_npy", "b1_0d", npy("|b1", (), b"\x01"))
write("fuzz_npy", "i8_labels_col", npy("<i8", (3, 3), struct.pack("<9q", 1, 2, 0, 3, 4, 1, 5, 6, 0)))

# ---- .npz ------------------------------------------------------------------------------------
X = npy("<f8", (5, 2), f8([0.5, -1.25, 2, 3.5, 0.001, 42, 1, 1, -3, 9]))
y = npy("<i8", (5,), struct.pack("<5q", 0, 1, -1, 1, 0))
write("fuzz_npz", "stored", npz([("X.npy", X), ("labels.npy", y)], False))
write("fuzz_npz", "deflated_zip64", npz([("X.npy", X), ("y.npy", y)], True, zip64=True))
write("fuzz_npz", "deflated_plain", npz([("data.npy", npy("<f4", (3, 2), struct.pack("<6f", 1, 2, 3, 4, 5, 6)))], True))
write("fuzz_npz", "stored_readme", npz([("readme.txt", b"hello"), ("points.npy", npy("<i2", (2, 2), struct.pack("<4h", 1, 2, 3, 4)))], False))

# ---- inflate ---------------------------------------------------------------------------------
text = b"".join(b"%d,%d\n" % (i, i * i % 97) for i in range(60))
write("fuzz_inflate", "dynamic_raw", b"\x01" + raw_deflate(text, 9))
write("fuzz_inflate", "fixed_raw", b"\x03" + raw_deflate(b"hello hello hello hello, deflate!", 9, zlib.Z_FIXED))
write("fuzz_inflate", "stored_raw", b"\x05" + raw_deflate(bytes(range(200)), 0))
write("fuzz_inflate", "rle_raw", b"\x07" + raw_deflate(b"a" * 3000 + b"b" * 10, 6, zlib.Z_RLE))
write("fuzz_inflate", "data_level6", b"\x0c" + text)
write("fuzz_inflate", "data_binary", b"\x12" + bytes((i * 37) & 0xFF for i in range(700)))

# ---- numbers (bytes index the target's alphabet) ------------------------------------------------
alphabet = "0123456789012345678901234567890123456789....eeEE++--xXpPaAfFnNiItTyY"


def field(s):
    return bytes(alphabet.index(ch) for ch in s)


for i, (mode, s) in enumerate([(0, "3.141592653589793"), (0, "-1e-310"), (0, "2.2250738585072011e-308"),
                                (0, "9007199254740993"), (0, "1e23"), (0, "0x1.8p3"), (0, "inf"),
                                (0, "1e400"), (0, ".5e-2"), (1, "42"), (1, "-9223372036854775808"),
                                (1, "1e3"), (1, "2.5"), (1, "99999999999999999999")]):
    write("fuzz_numbers", "n%02d" % i, bytes([mode]) + field(s))


# ---- analysis: n, d, scale, flags, maxk, k, then int16 coordinates -------------------------------
def analysis_input(n, d, scale_byte, flags, maxk, k, coords):
    return bytes([n - 3, d - 1, scale_byte, flags, maxk, k]) + b"".join(struct.pack("<h", c) for c in coords)


two_blobs = []
for i in range(40):
    cx = 0 if i < 20 else 4000
    two_blobs += [cx + (i * 97) % 300, (i * 53) % 300]
write("fuzz_analysis", "two_blobs_pak", analysis_input(40, 2, 128, 0x10 | 0x20, 0, 9, two_blobs))
write("fuzz_analysis", "two_blobs_knn_brute", analysis_input(40, 2, 128, 2 + 6 + 0x10, 20, 5, two_blobs))
write("fuzz_analysis", "line_kstar_kd", analysis_input(30, 1, 120, 1 + 3 + 0x30, 0, 3, [i * i for i in range(30)]))
write("fuzz_analysis", "dups_3d", analysis_input(24, 3, 130, 0x70, 0, 0, [(i % 6) * 100 for i in range(72)]))
write("fuzz_analysis", "tiny_scale", analysis_input(20, 2, 2, 0, 0, 0, [(i * 31) % 500 for i in range(40)]))


# ---- graph: n, k, self mode, flags, maxk, k, then per cell (index byte, uint16 distance * 64) ----
def graph_input(n, k, self_mode, flags, rows):
    out = bytes([n - 2, k - 1, self_mode, flags, 0, 4])
    for row in rows:
        for j, dist in row:
            out += bytes([j + 1]) + struct.pack("<H", int(dist * 64))
    return out


def line_graph(n, k, with_self):
    rows = []
    for i in range(n):
        order = sorted((abs(i - j) * (1 + (j % 3) * 0.1), j) for j in range(n) if j != i)[:k - (1 if with_self else 0)]
        rows.append(([(i, 0.0)] if with_self else []) + [(j, dd) for dd, j in order])
    return rows


write("fuzz_graph", "line_with_self", graph_input(30, 6, 2, 0x30, line_graph(30, 6, True)))
write("fuzz_graph", "line_without_self", graph_input(25, 5, 1, 0x12, line_graph(25, 5, False)))
write("fuzz_graph", "line_auto_knn", graph_input(20, 8, 0, 0x02, line_graph(20, 8, True)))
print("corpus written under", os.path.join(HERE, "corpus"))
