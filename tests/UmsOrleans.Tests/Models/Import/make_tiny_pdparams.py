#!/usr/bin/env python3
"""Write a small random-weight UMS/DeiT checkpoint in the layout of a PaddlePaddle `.pdparams` file.

`paddle.save(layer.state_dict(), path)` pickles a dict {structured name: numpy.ndarray} plus one entry
"StructuredToParameterName@@" ({structured name: internal parameter name}). numpy is not installed on the
machines this project is built on, so this script stands in for it: tiny classes registered under numpy's
module names reduce themselves exactly as numpy.ndarray and numpy.dtype do (ndarray: `_reconstruct(ndarray,
(0,), b'b')` then the state `(1, shape, dtype, is_fortran, raw bytes)`; dtype: `dtype('f4', False, True)`
then the state `(3, '<', None, None, None, -1, -1, 0)`), so CPython's own pickler writes the same opcodes.

Beside the checkpoint it writes the same weights as JSON ({name: {"shape": [...], "values": [...]}}) so that
a test can read the weights without going through the pickle reader. A full-size random checkpoint for speed
measurements: make_tiny_pdparams.py big.pdparams --depth 12 --width 768 --heads 12 --patch 16 --image 224

Usage: make_tiny_pdparams.py OUT.pdparams [OUT.json] [--depth 2 --width 64 --heads 4 --patch 8 --image 32
       --seed 1 --protocol 4 --dtype f4 --numpy-module numpy.core.multiarray --omit KEY --reshape KEY=D,D --fortran KEY]
"""
import argparse
import json
import pickle
import random
import struct
import sys
import types


def install_fake_numpy(multiarray_module):
    """Registers stand-ins for numpy.ndarray, numpy.dtype and <multiarray>._reconstruct in sys.modules."""
    numpy = types.ModuleType("numpy")
    parts = multiarray_module.split(".")
    modules = {"numpy": numpy}
    for i in range(2, len(parts) + 1):
        modules[".".join(parts[:i])] = types.ModuleType(".".join(parts[:i]))

    def _reconstruct(*args):
        raise RuntimeError("stand-in only: never called when pickling")

    _reconstruct.__module__ = multiarray_module
    _reconstruct.__qualname__ = "_reconstruct"

    class dtype:
        def __init__(self, code):
            self.code = code  # 'f4', 'f8' or 'f2'

        def __reduce__(self):
            return (dtype, (self.code, False, True), (3, "<", None, None, None, -1, -1, 0))

    dtypes = {}

    class ndarray:
        def __init__(self, shape, code, raw, fortran=False):
            # numpy's dtypes are singletons, so the pickle memoizes one and refers back to it.
            self.shape, self.dtype, self.raw = tuple(shape), dtypes.setdefault(code, dtype(code)), raw
            self.fortran = fortran

        def __reduce__(self):
            return (_reconstruct, (ndarray, (0,), b"b"), (1, self.shape, self.dtype, self.fortran, self.raw))

    for cls in (dtype, ndarray):
        cls.__module__, cls.__qualname__ = "numpy", cls.__name__
    numpy.dtype, numpy.ndarray = dtype, ndarray
    setattr(modules[multiarray_module], "_reconstruct", _reconstruct)
    sys.modules.update(modules)
    return ndarray


def expected_shapes(depth, width, heads, patch, image):
    tokens = (image // patch) ** 2 + 1
    shapes = {
        "patch_embed.proj.weight": [width, 3, patch, patch],
        "patch_embed.proj.bias": [width],
        "cls_token": [1, 1, width],
        "pos_embed": [1, tokens, width],
    }
    for b in range(depth):
        p = f"blocks.{b}."
        shapes.update({
            p + "norm1.weight": [width], p + "norm1.bias": [width],
            p + "attn.qkv.weight": [width, 3 * width], p + "attn.qkv.bias": [3 * width],
            p + "attn.proj.weight": [width, width], p + "attn.proj.bias": [width],
            p + "norm2.weight": [width], p + "norm2.bias": [width],
            p + "mlp.fc1.weight": [width, 4 * width], p + "mlp.fc1.bias": [4 * width],
            p + "mlp.fc2.weight": [4 * width, width], p + "mlp.fc2.bias": [width],
        })
    shapes.update({"norm.weight": [width], "norm.bias": [width]})
    return shapes


def column_major(values, shape):
    """The row-major values reordered as numpy stores a Fortran-ordered array (first index fastest)."""
    strides, stride = [], 1
    for d in reversed(shape):
        strides.insert(0, stride)
        stride *= d
    out, index = [], [0] * len(shape)
    for _ in range(len(values)):
        out.append(values[sum(i * s for i, s in zip(index, strides))])
        for axis in range(len(shape)):
            index[axis] += 1
            if index[axis] < shape[axis]:
                break
            index[axis] = 0
    return out


def random_values(rng, name, shape):
    count = 1
    for d in shape:
        count *= d
    if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "norm.weight":
        return [1.0 + rng.gauss(0.0, 0.1) for _ in range(count)]
    if name in ("cls_token", "pos_embed"):
        return [rng.gauss(0.0, 0.5) for _ in range(count)]
    if name.endswith(".weight"):
        # Linear weights are [in, out]; the patch conv is [out, in, kh, kw]: scale by the fan-in.
        fan_in = count // shape[0] if name == "patch_embed.proj.weight" else shape[0]
        return [rng.gauss(0.0, 1.0 / fan_in ** 0.5) for _ in range(count)]
    return [rng.gauss(0.0, 0.1) for _ in range(count)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pdparams")
    parser.add_argument("json", nargs="?", help="also write the weights as JSON here (omit for large models)")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--patch", type=int, default=8)
    parser.add_argument("--image", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--protocol", type=int, default=4)
    parser.add_argument("--dtype", choices=["f4", "f8", "f2"], default="f4")
    parser.add_argument("--numpy-module", default="numpy.core.multiarray")
    parser.add_argument("--omit", action="append", default=[], help="leave this key out")
    parser.add_argument("--reshape", action="append", default=[], help="KEY=D,D,...: store KEY with this shape")
    parser.add_argument("--fortran", action="append", default=[], help="store KEY in Fortran (column-major) order")
    args = parser.parse_args()

    ndarray = install_fake_numpy(args.numpy_module)
    shapes = expected_shapes(args.depth, args.width, args.heads, args.patch, args.image)
    for spec in args.reshape:
        key, dims = spec.split("=")
        shapes[key] = [int(d) for d in dims.split(",")]
    rng = random.Random(args.seed)
    pack = {"f4": "f", "f8": "d", "f2": "e"}[args.dtype]

    state, sidecar, name_table = {}, {}, {}
    for index, (name, shape) in enumerate(shapes.items()):
        values = random_values(rng, name, shape)
        count = len(values)
        # The values as rounded to the stored precision, row-major.
        stored = list(struct.unpack(f"<{count}{pack}", struct.pack(f"<{count}{pack}", *values)))
        if name in args.omit:
            continue
        fortran = name in args.fortran
        raw = struct.pack(f"<{count}{pack}", *(column_major(stored, shape) if fortran else stored))
        state[name] = ndarray(shape, args.dtype, raw, fortran)
        if args.json:
            sidecar[name] = {"shape": shape, "values": stored}
        name_table[name] = f"param_{index}"
    state["StructuredToParameterName@@"] = name_table

    with open(args.pdparams, "wb") as f:
        pickle.dump(state, f, protocol=args.protocol)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(sidecar, f)


if __name__ == "__main__":
    main()
