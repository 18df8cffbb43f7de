#!/usr/bin/env python3
"""Independent reference for the image preprocessing of EVAL_SPEC.md (pure Python, no numpy, no Pillow).

Writes small PNG images (patterned pixels, a few rounding cases) and preprocess_expected.json: for each
image, the resized size, the crop offsets, the SHA-256 of the 224x224 RGB crop (uint8, row-major,
interleaved) and normalised float values at sample positions.

The resize follows Pillow's published ImagingResample for BILINEAR on 8-bit images (libImaging/Resample.c):
triangle filter, support = filterscale = max(in/out, 1), per-output weights normalised then fixed to 22
fractional bits (round half away from zero), horizontal pass first with results clipped to 8 bits, then the
vertical pass. Unlike the C# code (which only computes the crop window), this resizes the whole image.

Run from this folder: python3 make_preprocess_fixtures.py
"""
import hashlib
import json
import math
import struct
import zlib

PRECISION_BITS = 32 - 8 - 2
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
CROP = 224


def pixel(x, y, c):
    return (x * x * 3 + y * 7 + x * y * 5 + c * 85 + ((x ^ y) & 31) * 4) & 255


def write_png(path, width, height, channels, value):
    color_type = {1: 0, 3: 2, 4: 6}[channels]
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            for c in range(channels):
                raw.append(value(x, y, c))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def triangle(x):
    x = abs(x)
    return 1.0 - x if x < 1.0 else 0.0


def coefficients(in_size, out_size):
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    support = 1.0 * filterscale
    result = []
    for xx in range(out_size):
        center = (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), in_size) - xmin
        weights = [triangle((x + xmin - center + 0.5) / filterscale) for x in range(xmax)]
        total = sum(weights)
        if total != 0.0:
            weights = [w / total for w in weights]
        fixed = [int(-0.5 + w * (1 << PRECISION_BITS)) if w < 0 else int(0.5 + w * (1 << PRECISION_BITS)) for w in weights]
        result.append((xmin, fixed))
    return result


def clip8(v):
    v >>= PRECISION_BITS  # Python's >> floors, like C's arithmetic shift
    return 0 if v < 0 else 255 if v > 255 else v


def resize(img, width, height, new_w, new_h):
    """img: list of rows, each a list of (r, g, b). Returns the resized image the same way."""
    if new_w != width:
        coeffs = coefficients(width, new_w)
        out = []
        for row in img:
            new_row = []
            for xmin, k in coeffs:
                acc = [1 << (PRECISION_BITS - 1)] * 3
                for i, w in enumerate(k):
                    p = row[xmin + i]
                    for c in range(3):
                        acc[c] += p[c] * w
                new_row.append(tuple(clip8(a) for a in acc))
            out.append(new_row)
        img, width = out, new_w
    if new_h != height:
        coeffs = coefficients(height, new_h)
        out = []
        for ymin, k in coeffs:
            new_row = []
            for x in range(width):
                acc = [1 << (PRECISION_BITS - 1)] * 3
                for i, w in enumerate(k):
                    p = img[ymin + i][x]
                    for c in range(3):
                        acc[c] += p[c] * w
                new_row.append(tuple(clip8(a) for a in acc))
            out.append(new_row)
        img = out
    return img


def resized_size(width, height, s):
    short, long_ = min(width, height), max(width, height)
    if short == s:
        return width, height
    long_new = (s * long_) // short
    return (s, long_new) if width <= height else (long_new, s)


def crop_offset(size):
    return round((size - CROP) / 2)  # Python 3 round(): half to even


CASES = [
    # name, width, height, channels, S, why
    ("offset_half_to_zero", 224, 225, 3, 224, "short side already S: no resize; (225-224)/2 = 0.5 -> 0"),
    ("offset_one_and_half_to_two", 227, 224, 3, 224, "no resize; (227-224)/2 = 1.5 -> 2"),
    ("offset_two_and_half_to_two", 205, 200, 3, 224, "upscale to 229x224; 2.5 -> 2"),
    ("offset_three_and_half_to_four", 200, 207, 3, 224, "upscale to 224x231; 3.5 -> 4"),
    ("downscale_s248", 300, 400, 3, 248, "SOP size: 248x330, offsets 12 and 53"),
    ("strong_downscale", 610, 450, 3, 224, "303x224, 39.5 -> 40, support > 1"),
    ("upscale_small", 100, 150, 3, 224, "224x336, offset 56"),
    ("grey_no_resize", 230, 224, 1, 224, "grey replicated to RGB; offset 3"),
    ("rgba_alpha_dropped", 240, 260, 4, 224, "alpha dropped; 224x242, offset 9"),
]


def main():
    expected = []
    for name, width, height, channels, s, why in CASES:
        if channels == 1:
            value = lambda x, y, c: pixel(x, y, 0)
        elif channels == 4:
            value = lambda x, y, c: (x * 11 + y * 3) & 255 if c == 3 else pixel(x, y, c)
        else:
            value = pixel
        write_png(f"{name}.png", width, height, channels, value)
        rgb = [[tuple(value(x, y, 0 if channels == 1 else c) for c in range(3)) for x in range(width)] for y in range(height)]
        new_w, new_h = resized_size(width, height, s)
        resized = resize(rgb, width, height, new_w, new_h)
        left, top = crop_offset(new_w), crop_offset(new_h)
        crop = [row[left:left + CROP] for row in resized[top:top + CROP]]
        flat = bytes(v for row in crop for p in row for v in p)
        samples = []
        for i in range(40):
            c, y, x = i % 3, (i * 37 + 11) % CROP, (i * 53 + 5) % CROP
            if i < 4:
                c, y, x = i % 3, [0, 0, CROP - 1, CROP - 1][i], [0, CROP - 1, 0, CROP - 1][i]
            samples.append({"c": c, "y": y, "x": x, "value": (crop[y][x][c] / 255.0 - MEAN[c]) / STD[c]})
        expected.append({
            "file": f"{name}.png", "why": why, "shorterSide": s,
            "resizedWidth": new_w, "resizedHeight": new_h, "left": left, "top": top,
            "cropSha256": hashlib.sha256(flat).hexdigest(),
            "channelSums": [sum(p[c] for row in crop for p in row) for c in range(3)],
            "samples": samples,
        })
    with open("preprocess_expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
