"""Expected predictions for PredictorTest, computed with numpy, independently of the Java code.

scaled-classifier.yaml: softmax(0.5 * x W^T + b) for the rows below.
csv_binary_sigmoid: the golden final parameters of nn-it's csv_binary_sigmoid.expected.json (themselves computed by
generate_golden.py), applied to every row of csv_binary_label.csv: y = sigmoid(tanh(x W1^T + b1) W2^T + b2), the
values [1 - y, y] and the predicted class 'yes' when y > 0.5.

Run from this folder: python3 expected_predictions.py  (writes expected_predictions.json)
"""
import csv
import json
import os

import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "..", "nn-it", "src", "test", "resources", "golden")

SCALED_ROWS = [[1.0, 2.0], [-3.0, 0.5], [0.0, 0.0], [10.0, -10.0]]


def scaled():
    spec = yaml.safe_load(open(os.path.join(HERE, "scaled-classifier.yaml")))
    layer = spec["layers"][0]
    w = np.array(layer["weights"], dtype=np.float64)
    b = np.array(layer["bias"], dtype=np.float64)
    x = np.array(SCALED_ROWS, dtype=np.float64) * spec["metadata"]["input_scale"]
    z = x @ w.T + b
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    classes = spec["metadata"]["classes"]
    return {"rows": SCALED_ROWS, "values": p.tolist(), "predicted": [classes[i] for i in p.argmax(axis=1)]}


def binary():
    golden = json.load(open(os.path.join(GOLDEN, "csv_binary_sigmoid.expected.json")))
    params = {k: np.array(v, dtype=np.float64) for k, v in golden["parameters"].items()}
    with open(os.path.join(GOLDEN, "csv_binary_label.csv")) as f:
        rows = [[float(r["a"]), float(r["b"])] for r in csv.DictReader(f)]
    x = np.array(rows, dtype=np.float64)
    h = np.tanh(x @ params["W1"].T + params["b1"].reshape(-1))
    y = 1.0 / (1.0 + np.exp(-(h @ params["W2"].T + params["b2"].reshape(-1))))
    y = y[:, 0]
    return {"rows": rows, "values": [[1.0 - v, v] for v in y.tolist()],
            "predicted": ["yes" if v > 0.5 else "no" for v in y.tolist()]}


if __name__ == "__main__":
    with open(os.path.join(HERE, "expected_predictions.json"), "w") as out:
        json.dump({"scaled_classifier": scaled(), "csv_binary_sigmoid": binary()}, out)
        out.write("\n")
