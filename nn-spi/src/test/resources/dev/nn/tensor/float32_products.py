"""Writes float32_products.txt: numpy float32 products A B, for FloatGemmTest.

The operands are exact float32 numbers both sides compute from an integer hash (FloatGemmTest.operand):
h = (index + 1) * 0x9E3779B1 + salt (mod 2^32), h ^= h >> 15, h = h * 0x85EBCA6B (mod 2^32), h ^= h >> 13,
value = (h >> 8) * 2^-23 - 1, in [-1, 1) with salt 1 for A (rows x depth, row-major) and 2 for B (depth x cols).
Each case is a line "case rows cols depth" and two lines: numpy's float32 A @ B (written as the shortest decimal that
reads back as that float) and the float64 product of the same values, the exact value up to float64 rounding.
numpy sums in its BLAS's own order, so the test compares to a tolerance, not bits.
Run: python3 float32_products.py > float32_products.txt
"""
import numpy as np

SHAPES = [(1, 1, 1), (3, 5, 7), (64, 10, 128), (37, 53, 300), (13, 131, 257)]
M = 0xFFFFFFFF


def operands(count, salt):
    h = (np.arange(count, dtype=np.uint64) + 1) * 0x9E3779B1 + salt & M
    h ^= h >> 15
    h = h * 0x85EBCA6B & M
    h ^= h >> 13
    return ((h >> 8).astype(np.float64) * 2.0 ** -23 - 1).astype(np.float32)


print("# numpy", np.__version__, "float32 products; regenerate with float32_products.py")
for rows, cols, depth in SHAPES:
    a = operands(rows * depth, 1).reshape(rows, depth)
    b = operands(depth * cols, 2).reshape(depth, cols)
    c32 = a @ b
    assert c32.dtype == np.float32
    c64 = a.astype(np.float64) @ b.astype(np.float64)
    print("case", rows, cols, depth)
    print(" ".join(str(v) for v in c32.ravel()))
    print(" ".join(repr(float(v)) for v in c64.ravel()))
