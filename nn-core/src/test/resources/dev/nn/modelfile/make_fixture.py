"""Writes fixture.safetensors, the safetensors layout made with numpy and the json module alone (not by nn), for
SafeTensorsTest: tensors "layers.0.weights" (2x3), "layers.0.bias" ([3]) and "layers.1.gamma" ([1]); element i of
each holds (i + 1) / 7 + offset, offset 0, 10 and 20. Run: python3 make_fixture.py"""
import json
import struct

import numpy as np


def values(shape, offset):
    count = int(np.prod(shape))
    return (np.arange(count, dtype=np.float64) + 1) / 7 + offset


tensors = [("layers.0.weights", [2, 3], 0.0), ("layers.0.bias", [3], 10.0), ("layers.1.gamma", [1], 20.0)]
header = {}
data = b""
for name, shape, offset in tensors:
    array = values(shape, offset).reshape(shape).astype("<f8")
    header[name] = {"dtype": "F64", "shape": shape, "data_offsets": [len(data), len(data) + array.nbytes]}
    data += array.tobytes()
header["__metadata__"] = {"format": "fixture"}
text = json.dumps(header, separators=(",", ":")).encode("utf-8")
text += b" " * (-len(text) % 8)
with open("fixture.safetensors", "wb") as out:
    out.write(struct.pack("<Q", len(text)) + text + data)
