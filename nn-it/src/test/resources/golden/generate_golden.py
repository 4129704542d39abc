#!/usr/bin/env python3
"""Independent reference implementation of the nn platform's training semantics, and golden-value generator.

Usage:  python3 generate_golden.py            (regenerates NAME.expected.json for every NAME.yaml in this folder
                                               but those with a batch_norm or layer_norm layer, whose values
                                               generate_golden_torch.py computes with PyTorch)
        python3 generate_golden.py --check    (regenerates in memory and fails if any file on disk differs)
        python3 generate_golden.py --selftest (checks every epoch-1 batch gradient against central differences)
        python3 generate_golden.py --initial NAME.yaml   (prints the initial parameters and the first three
                                                          epochs' sample orders, to debug initialisation/shuffling)

Covers inline data sets, CSV data sets (numeric `targets` columns, and a `label`: one-hot, or 0/1 for one output
with two classes), validation sets (data.validation or training.validation_split), early stopping, and the
optimizers sgd (momentum, nesterov, weight_decay) and adam (PyTorch's update rules). Written with numpy + PyYAML
only, in float64, from the documented semantics (docs/spec.md, and the javadoc of SplitMix64, Sgd, Adam,
EarlyStopping and the validation split), not by translating the Java code. Sums are taken in increasing index order, as the Java MatrixProducts javadoc promises, so results
should agree with the platform to a few ulps; the only expected differences come from exp/log/tanh/cos, where
Java's Math and the C library may differ by an ulp. Tests should compare with a relative tolerance of about
1e-10 (a 1-ulp change of every initial weight moves nothing here by more than 1e-15 relative).

The module is also imported by docs/notebook/compare.py.
"""
import json
import math
import os
import sys

import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------------------------
# SplitMix64, exactly as dev.nn.random.SplitMix64 specifies it.
# ---------------------------------------------------------------------------------------------------------------
MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
SHUFFLE_SEED_MIX = 0x2545F4914F6CDD1D


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64  # a Java long, kept as its unsigned 64-bit pattern

    def next_long(self):
        """The next 64 bits, as an unsigned Python int (Java's long read as unsigned)."""
        self.state = (self.state + GOLDEN_GAMMA) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        return float(self.next_long() >> 11) * 2.0 ** -53

    def next_gaussian(self):
        u1 = self.next_double()
        u2 = self.next_double()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def next_index(self, bound):
        if bound <= 0:
            raise ValueError("bound must be positive, was %d" % bound)
        return self.next_long() % bound

    def shuffled_indices(self, n):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next_index(i + 1)
            order[i], order[j] = order[j], order[i]
        return order


# Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
assert SplitMix64(0).next_long() == 0xE220A8397B1DCDAF

# ---------------------------------------------------------------------------------------------------------------
# Sequential-order linear algebra (each output element summed in increasing index order).
# ---------------------------------------------------------------------------------------------------------------


def mat_abT(a, b):
    """a (n x k) times b (m x k) transposed -> (n x m)."""
    n, k = a.shape
    m = b.shape[0]
    assert b.shape[1] == k, (a.shape, b.shape)
    out = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += a[i, p] * b[j, p]
            out[i, j] = s
    return out


def mat_aTb(a, b):
    """a (n x m) transposed times b (n x k) -> (m x k)."""
    n, m = a.shape
    k = b.shape[1]
    assert b.shape[0] == n, (a.shape, b.shape)
    out = np.zeros((m, k))
    for p in range(n):
        for i in range(m):
            for j in range(k):
                out[i, j] += a[p, i] * b[p, j]
    return out


def mat_ab(a, b):
    """a (n x m) times b (m x k) -> (n x k)."""
    n, m = a.shape
    k = b.shape[1]
    assert b.shape[0] == m, (a.shape, b.shape)
    out = np.zeros((n, k))
    for i in range(n):
        for j in range(k):
            s = 0.0
            for p in range(m):
                s += a[i, p] * b[p, j]
            out[i, j] = s
    return out


def column_sums(a):
    out = np.zeros(a.shape[1])
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[j] += a[i, j]
    return out


def row_sums(a):
    out = np.zeros(a.shape[0])
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j]
        out[i] = s
    return out


# ---------------------------------------------------------------------------------------------------------------
# Activations: forward(z) -> y; backward(z, y, g) -> dL/dz given g = dL/dy.
# ---------------------------------------------------------------------------------------------------------------


class Activation:
    def __init__(self, name, alpha=0.01):
        if name == "linear":
            name = "identity"
        if name not in ("identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"):
            raise ValueError("unknown activation " + name)
        self.name = name
        self.alpha = float(alpha)

    @staticmethod
    def parse(node):
        if node is None:
            return Activation("identity")
        if isinstance(node, str):
            return Activation(node)
        params = {k: v for k, v in node.items() if k != "name"}
        return Activation(node["name"], **params)

    def forward(self, z):
        if self.name == "identity":
            return z.copy()
        if self.name == "relu":
            return np.where(z > 0, z, 0.0)
        if self.name == "leaky_relu":
            return np.where(z > 0, z, self.alpha * z)
        if self.name == "sigmoid":
            return 1.0 / (1.0 + np.exp(-z))
        if self.name == "tanh":
            return np.tanh(z)
        # softmax, per row, after subtracting the row maximum
        y = np.zeros_like(z)
        for i in range(z.shape[0]):
            e = np.exp(z[i] - np.max(z[i]))
            s = 0.0
            for v in e:
                s += v
            y[i] = e / s
        return y

    def backward(self, z, y, g):
        if self.name == "identity":
            return g.copy()
        if self.name == "relu":
            return np.where(z > 0, g, 0.0)
        if self.name == "leaky_relu":
            return np.where(z > 0, g, self.alpha * g)
        if self.name == "sigmoid":
            return g * y * (1.0 - y)
        if self.name == "tanh":
            return g * (1.0 - y * y)
        # softmax: gIn_i = y_i (gOut_i - sum_j gOut_j y_j)
        dots = row_sums(g * y)
        return y * (g - dots[:, None])


# ---------------------------------------------------------------------------------------------------------------
# Losses.
# ---------------------------------------------------------------------------------------------------------------
EPS = 1e-15


class Loss:
    def __init__(self, name, factor=1.0):
        if name not in ("mse", "cross_entropy"):
            raise ValueError("unknown loss " + name)
        self.name = name
        self.factor = float(factor)

    @staticmethod
    def parse(node):
        if isinstance(node, str):
            return Loss(node)
        params = {k: v for k, v in node.items() if k != "name"}
        return Loss(node["name"], **params)

    def value(self, y, t):
        n, c = y.shape
        if self.name == "mse":
            s = 0.0
            for v in ((y - t) ** 2).ravel():
                s += v
            return self.factor * (s / (n * c))
        s = 0.0
        for v in (t * np.log(np.maximum(y, EPS))).ravel():
            s += v
        return -s / n

    def gradient(self, y, t):
        """dL/dy."""
        n, c = y.shape
        if self.name == "mse":
            return self.factor * 2.0 * (y - t) / (n * c)
        return -t / np.maximum(y, EPS) / n  # (not exercised by the golden specs)


# ---------------------------------------------------------------------------------------------------------------
# Spec, network, training.
# ---------------------------------------------------------------------------------------------------------------


TORCH_LAYER_TYPES = ("batch_norm", "layer_norm")


TORCH_OPTIMIZERS = ("adamw", "rmsprop")
TORCH_OPTIMIZER_KEYS = ("schedule", "clip_norm", "clip_value")


def is_torch_spec(spec_file):
    """Whether the spec has a layer, loss or optimizer setting this script leaves to generate_golden_torch.py
    (PyTorch's BatchNorm1d, LayerNorm, BCELoss, loss weights, AdamW, RMSprop, lr_scheduler and gradient clipping are
    the reference there)."""
    spec = load_spec(os.path.join(HERE, spec_file))
    loss = spec["loss"] if isinstance(spec["loss"], dict) else {"name": spec["loss"]}
    optimizer = spec["optimizer"] if isinstance(spec["optimizer"], dict) else {"name": spec["optimizer"]}
    return (any(isinstance(layer, dict) and layer.get("type") in TORCH_LAYER_TYPES for layer in spec["layers"])
            or loss["name"] == "binary_cross_entropy" or "class_weights" in loss
            or optimizer["name"] in TORCH_OPTIMIZERS or any(key in optimizer for key in TORCH_OPTIMIZER_KEYS))


def numpy_specs():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".yaml") and not is_torch_spec(f))


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    if spec.get("version", 1) != 1:
        raise ValueError("unsupported spec version")
    return spec


def init_weights(rng, init, units, fan_in):
    w = np.zeros((units, fan_in))
    for i in range(units):
        for j in range(fan_in):
            if init == "glorot_uniform":
                limit = math.sqrt(6.0 / (fan_in + units))
                w[i, j] = (2.0 * rng.next_double() - 1.0) * limit
            elif init == "he_uniform":
                limit = math.sqrt(6.0 / fan_in)
                w[i, j] = (2.0 * rng.next_double() - 1.0) * limit
            elif init == "glorot_normal":
                w[i, j] = math.sqrt(2.0 / (fan_in + units)) * rng.next_gaussian()
            elif init == "he_normal":
                w[i, j] = math.sqrt(2.0 / fan_in) * rng.next_gaussian()
            elif init == "zeros":
                w[i, j] = 0.0
            else:
                raise ValueError("unknown init " + init)
    return w


STEP_SEED_MIX = 0x3C6EF372FE94F82B


def step_stream(seed, layer, epoch, batch):
    """The random stream of one layer in one training step, as docs/spec.md's Determinism section specifies it (layer
    is the position in `layers`, epoch and batch count from 1)."""
    z = SplitMix64(seed ^ STEP_SEED_MIX).next_long()
    z = SplitMix64(z ^ layer).next_long()
    z = SplitMix64(z ^ epoch).next_long()
    z = SplitMix64(z ^ batch).next_long()
    return SplitMix64(z)


class Network:
    """The layers of a spec: dense (W, b and an activation), activation (an activation alone) and dropout (inverted:
    in a training step one next_double() of the step stream per element, row-major, keeping the element when it is
    >= rate and scaling it by 1 / (1 - rate); the identity otherwise). W and b list the dense layers' parameters in
    layer order, as the optimizer sees them."""

    def __init__(self, spec):
        self.seed = int(spec.get("seed", 0))
        rng = SplitMix64(self.seed)
        self.layers, self.activations, self.W, self.b = [], [], [], []
        fan_in = int(spec["input"])
        for position, layer in enumerate(spec["layers"], start=1):
            kind = layer.get("type", "dense")
            if kind == "activation":
                params = {k: v for k, v in layer.items() if k != "type"}
                self.layers.append({"kind": kind, "position": position, "act": Activation.parse(params)})
                continue
            if kind == "dropout":
                self.layers.append({"kind": kind, "position": position, "rate": float(layer.get("rate", 0.5))})
                continue
            assert kind == "dense", kind
            units = int(layer["units"])
            act = Activation.parse(layer.get("activation"))
            if layer.get("weights") is not None:
                w = np.array(layer["weights"], dtype=np.float64)
                assert w.shape == (units, fan_in), ("weights shape", w.shape, units, fan_in)
            else:
                default = "he_uniform" if act.name in ("relu", "leaky_relu") else "glorot_uniform"
                w = init_weights(rng, layer.get("init", default), units, fan_in)
            b = np.array(layer["bias"], dtype=np.float64) if layer.get("bias") is not None else np.zeros(units)
            assert b.shape == (units,)
            self.layers.append({"kind": kind, "position": position, "act": act, "dense": len(self.W)})
            self.activations.append(act)
            self.W.append(w)
            self.b.append(b)
            fan_in = units

    def forward(self, x, step=None):
        """Returns the list of (input, z, y) per layer: z is a dense layer's pre-activation, an activation layer's
        input, a dropout layer's mask (None outside training). step = (epoch, batch) for a training pass, None for
        inference."""
        cache = []
        for layer in self.layers:
            if layer["kind"] == "dense":
                z = mat_abT(x, self.W[layer["dense"]]) + self.b[layer["dense"]][None, :]
                y = layer["act"].forward(z)
            elif layer["kind"] == "activation":
                z = x
                y = layer["act"].forward(z)
            elif step is None:
                z, y = None, x
            else:
                rng = step_stream(self.seed, layer["position"], step[0], step[1])
                scale = 1.0 / (1.0 - layer["rate"])
                z = np.zeros(x.shape)
                for r in range(x.shape[0]):
                    for c in range(x.shape[1]):
                        z[r, c] = scale if rng.next_double() >= layer["rate"] else 0.0
                y = x * z
            cache.append((x, z, y))
            x = y
        return cache

    def gradients(self, cache, t, loss):
        """Returns ([dW], [db]) of the dense layers for one batch."""
        n = t.shape[0]
        dWs, dbs = [None] * len(self.W), [None] * len(self.W)
        last = len(self.layers) - 1
        x, z, y = cache[last]
        act = self.layers[last].get("act")
        if act is not None and act.name == "softmax" and loss.name == "cross_entropy":
            dz = (y * row_sums(t)[:, None] - t) / n  # dL/dz of the last activation, exact
        else:
            dz = None
            g = loss.gradient(y, t)
        for k in range(last, -1, -1):
            layer = self.layers[k]
            x, z, y = cache[k]
            if layer["kind"] == "dropout":
                g = g if z is None else g * z
                continue
            if dz is None:
                dz = layer["act"].backward(z, y, g)
            if layer["kind"] == "activation":
                g, dz = dz, None
                continue
            d = layer["dense"]
            dWs[d] = mat_aTb(dz, x)
            dbs[d] = column_sums(dz)
            g, dz = mat_ab(dz, self.W[d]), None
        return dWs, dbs

    def parameters(self):
        """W<k> and b<k> of every dense layer, k its position counting all layers from 1."""
        out = {}
        for layer in self.layers:
            if layer["kind"] == "dense":
                out["W%d" % layer["position"]] = self.W[layer["dense"]].tolist()
                out["b%d" % layer["position"]] = self.b[layer["dense"]].tolist()
        return out


def is_one_hot(t):
    return bool(np.all((t == 0) | (t == 1)) and np.all(np.sum(t == 1, axis=1) == 1))


# ---------------------------------------------------------------------------------------------------------------
# Optimizers, as PyTorch's torch.optim.SGD (dampening 0) and torch.optim.Adam (not AMSGrad) define them. Each keeps
# its state per parameter position (W1, b1, W2, b2, ...); step() returns the updated parameters.
# ---------------------------------------------------------------------------------------------------------------


class Sgd:
    """g <- g + weight_decay p; v <- momentum v + g (v starts at 0); p <- p - lr (g + momentum v) with Nesterov,
    else p <- p - lr v. Without momentum: p <- p - lr g."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=0.0):
        self.lr, self.momentum = float(learning_rate), float(momentum)
        self.nesterov, self.weight_decay = bool(nesterov), float(weight_decay)
        self.v = {}

    def step(self, params, grads):
        out = []
        for i, (p, g) in enumerate(zip(params, grads)):
            if self.weight_decay != 0.0:
                g = g + self.weight_decay * p
            if self.momentum == 0.0:
                out.append(p - self.lr * g)
                continue
            v = self.momentum * self.v.get(i, np.zeros_like(p)) + g
            self.v[i] = v
            out.append(p - self.lr * (g + self.momentum * v if self.nesterov else v))
        return out


class Adam:
    """At step t (counted over batches): g <- g + weight_decay p; m <- beta1 m + (1 - beta1) g;
    v <- beta2 v + (1 - beta2) g^2; p <- p - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.0):
        self.lr, self.beta1, self.beta2 = float(learning_rate), float(beta1), float(beta2)
        self.epsilon, self.weight_decay = float(epsilon), float(weight_decay)
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        c1 = 1.0 - self.beta1 ** self.t
        c2 = 1.0 - self.beta2 ** self.t
        out = []
        for i, (p, g) in enumerate(zip(params, grads)):
            if self.weight_decay != 0.0:
                g = g + self.weight_decay * p
            m = self.beta1 * self.m.get(i, np.zeros_like(p)) + (1.0 - self.beta1) * g
            v = self.beta2 * self.v.get(i, np.zeros_like(p)) + (1.0 - self.beta2) * g * g
            self.m[i], self.v[i] = m, v
            out.append(p - self.lr * (m / c1) / (np.sqrt(v / c2) + self.epsilon))
        return out


def make_optimizer(node):
    if isinstance(node, str):
        node = {"name": node}
    params = {k: v for k, v in node.items() if k != "name"}
    if node["name"] == "sgd":
        return Sgd(**params)
    if node["name"] == "adam":
        return Adam(**params)
    raise ValueError("unknown optimizer " + node["name"])


# ---------------------------------------------------------------------------------------------------------------
# Data sets: the training set, and a validation set given (data.validation) or split off (training.validation_split).
# ---------------------------------------------------------------------------------------------------------------
SPLIT_SEED_MIX = 0x6A09E667F3BCC909


def inline(data_set):
    return (np.array(data_set["inputs"], dtype=np.float64), np.array(data_set["targets"], dtype=np.float64))


def read_csv(data_set, outputs, classes=None):
    """A {format: csv, ...} data set as docs/data.md's "Data sets" section describes it, read with Python's csv module:
    (X, T, classes). `targets: [columns]` gives those columns as numbers, in that order (regression); `label` gives
    one-hot rows over the classes (sorted names, or `classes`), or, when the last layer has one unit and there are
    two classes, one column that is 1 for the second class. Inputs are the `features` (default every other column),
    times `scale`."""
    import csv
    with open(os.path.join(HERE, data_set["path"]), newline="", encoding="utf-8") as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f) if row and any(c.strip() for c in row)]
    header, body = rows[0], rows[1:]
    label, targets = data_set.get("label"), data_set.get("targets")
    outputs_named = [label] if label is not None else list(targets)
    features = data_set.get("features") or [c for c in header if c not in outputs_named]
    scale = float(data_set.get("scale", 1.0))
    X = np.array([[float(row[header.index(c)]) * scale for c in features] for row in body], dtype=np.float64)
    if label is None:
        return X, np.array([[float(row[header.index(c)]) for c in targets] for row in body], dtype=np.float64), None
    names = [row[header.index(label)] for row in body]
    classes = classes or data_set.get("classes") or sorted(set(names))
    T = np.zeros((len(body), len(classes)), dtype=np.float64)
    for r, name in enumerate(names):
        T[r, classes.index(name)] = 1.0
    if outputs == 1 and len(classes) == 2:
        T = T[:, 1:2]
    return X, T, classes


def load(spec, data_set, classes=None):
    """(X, T, classes) of an inline or csv data set; classes is None for inline data and regression."""
    if data_set.get("format") == "csv":
        return read_csv(data_set, int(spec["layers"][-1]["units"]), classes)
    X, T = inline(data_set)
    return X, T, None


def is_binary(T, classes):
    """A two-class label on one output: one column of 0 and 1; an output above 0.5 is the second class."""
    return classes is not None and len(classes) == 2 and T.shape[1] == 1 and bool(np.all((T == 0) | (T == 1)))


def count_correct(y, t, binary):
    if binary:
        return int(np.sum((y[:, 0] > 0.5) == (t[:, 0] == 1)))
    return int(np.sum(np.argmax(y, axis=1) == np.argmax(t, axis=1)))


def data_sets(spec):
    """(X, T, validation) where validation is (Xv, Tv) or None. validation_split holds out the first
    n - floor(n (1 - split)) indices of SplitMix64(seed ^ SPLIT_SEED_MIX).shuffled_indices(n); both parts keep file
    order."""
    X, T, classes = load(spec, spec["data"]["train"])
    if spec["data"].get("validation") is not None:
        return X, T, load(spec, spec["data"]["validation"], classes)[:2]
    split = spec["training"].get("validation_split")
    if split is None:
        return X, T, None
    n = X.shape[0]
    held = n - int(math.floor(n * (1.0 - float(split))))
    order = SplitMix64(int(spec.get("seed", 0)) ^ SPLIT_SEED_MIX).shuffled_indices(n)
    validation, train = sorted(order[:held]), sorted(order[held:])
    return X[train], T[train], (X[validation], T[validation])


def class_names(spec):
    """The training set's classes when it is read from a label column, else None."""
    return load(spec, spec["data"]["train"])[2]


def evaluate(net, loss, X, T, batch, binary=False):
    """Forward only, in batches of `batch` rows: (sum of rows x batch loss) / n, and the accuracy when one-hot (or
    a two-class label on one output)."""
    n, weighted, correct = X.shape[0], 0.0, 0
    for start in range(0, n, batch):
        y = net.forward(X[start:start + batch])[-1][2]
        t = T[start:start + batch]
        weighted += t.shape[0] * loss.value(y, t)
        correct += count_correct(y, t, binary)
    return weighted / n, (correct / n if binary or is_one_hot(T) else None)


class EarlyStopping:
    """Keras's rule: the first epoch is the best so far; a later one is better when it improves on the best by more
    than min_delta (accuracies up, losses down); training stops after `patience` epochs without improvement. With
    restore_best, the best epoch's parameters are restored at the end, whether training stopped early or not."""

    def __init__(self, monitor="val_loss", patience=5, restore_best=True, min_delta=0.0):
        self.monitor, self.patience = monitor, int(patience)
        self.restore_best, self.min_delta = bool(restore_best), float(min_delta)
        self.best, self.best_epoch, self.wait, self.snapshot = None, 0, 0, None

    def update(self, entry, net):
        """Records an epoch; returns whether to stop."""
        value = entry[self.monitor]
        maximize = self.monitor.endswith("accuracy")
        better = self.best_epoch == 0 or (value > self.best + self.min_delta if maximize
                                          else value < self.best - self.min_delta)
        if better:
            self.best, self.best_epoch, self.wait = value, entry["epoch"], 0
            if self.restore_best:
                self.snapshot = ([w.copy() for w in net.W], [b.copy() for b in net.b])
            return False
        self.wait += 1
        return self.wait >= self.patience

    def restore(self, net):
        """Restores the best parameters when asked to; returns the restored epoch or 0."""
        if not self.restore_best or self.snapshot is None:
            return 0
        net.W, net.b = [w.copy() for w in self.snapshot[0]], [b.copy() for b in self.snapshot[1]]
        return self.best_epoch


def train(spec, record=False):
    """Trains as the platform does. Returns {"epochs": [...], "network": Network, "records": [...],
    "stopped_early": bool, "restored_epoch": int}.

    Each epoch entry has loss (and accuracy when the training targets are one-hot), plus val_loss (and val_accuracy)
    with a validation set. With record=True, records[e] holds, for epoch e+1, the per-batch dicts
    {"loss", "dW", "db", "y"} taken before that batch's update.
    """
    net = Network(spec)
    loss = Loss.parse(spec["loss"])
    optimizer = make_optimizer(spec["optimizer"])
    training = spec["training"]
    epochs = int(training["epochs"])
    X, T, validation = data_sets(spec)
    n = X.shape[0]
    batch = int(training.get("batch_size", n))
    shuffle = bool(training.get("shuffle", batch < n))
    shuffle_rng = SplitMix64(int(spec.get("seed", 0)) ^ SHUFFLE_SEED_MIX)
    binary = is_binary(T, class_names(spec))
    one_hot = is_one_hot(T) or binary
    stopping = EarlyStopping(**training["early_stopping"]) if training.get("early_stopping") is not None else None
    history, records, stopped = [], [], False
    for epoch in range(1, epochs + 1):
        order = shuffle_rng.shuffled_indices(n) if shuffle else list(range(n))
        weighted, correct, batches = 0.0, 0, []
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            xb, tb = X[idx], T[idx]
            cache = net.forward(xb, (epoch, start // batch + 1))
            y = cache[-1][2]
            lv = loss.value(y, tb)
            weighted += len(idx) * lv
            if one_hot:
                correct += count_correct(y, tb, binary)
            dWs, dbs = net.gradients(cache, tb, loss)
            if record:
                batches.append({"loss": lv, "dW": [d.copy() for d in dWs], "db": [d.copy() for d in dbs],
                                "y": y.copy()})
            params = optimizer.step([p for k in range(len(net.W)) for p in (net.W[k], net.b[k])],
                                    [d for k in range(len(net.W)) for d in (dWs[k], dbs[k])])
            net.W, net.b = params[0::2], params[1::2]
        entry = {"epoch": epoch, "loss": weighted / n}
        if one_hot:
            entry["accuracy"] = correct / n
        if validation is not None:
            val_loss, val_accuracy = evaluate(net, loss, validation[0], validation[1], max(batch, 256), binary)
            entry["val_loss"] = val_loss
            if val_accuracy is not None:
                entry["val_accuracy"] = val_accuracy
        history.append(entry)
        records.append(batches)
        if stopping is not None and stopping.update(entry, net):
            stopped = True
            break
    restored = stopping.restore(net) if stopping is not None else 0
    return {"epochs": history, "network": net, "records": records if record else None, "stopped_early": stopped,
            "restored_epoch": restored}


def expected_for(spec_file):
    spec = load_spec(os.path.join(HERE, spec_file))
    result = train(spec)
    expected = {"spec": spec_file, "epochs": result["epochs"]}
    if spec["training"].get("early_stopping") is not None:
        expected["stopped_early"] = result["stopped_early"]
        expected["restored_epoch"] = result["restored_epoch"]
    expected["parameters"] = result["network"].parameters()
    if any(layer["kind"] == "dropout" for layer in result["network"].layers):
        # what nn evaluate MODEL --data train reports: an inference pass (no dropout) with the final parameters
        X, T, _ = data_sets(spec)
        expected["evaluate_train_loss"] = evaluate(result["network"], Loss.parse(spec["loss"]), X, T, 256)[0]
    return expected


def render(obj):
    # json writes floats with float.__repr__: the shortest text that round-trips (at most 17 significant digits).
    return json.dumps(obj, indent=2) + "\n"


def selftest(spec_file, h=1e-6):
    """Largest |central difference - analytic gradient| over the epoch-1 batches (file order, initial weights),
    skipping batches where a relu/leaky_relu pre-activation sits exactly on its kink."""
    spec = load_spec(os.path.join(HERE, spec_file))
    net, loss = Network(spec), Loss.parse(spec["loss"])
    X, T, _ = load(spec, spec["data"]["train"])
    batch = int(spec["training"].get("batch_size", X.shape[0]))
    worst, skipped = 0.0, 0
    for start in range(0, X.shape[0], batch):
        xb, tb = X[start:start + batch], T[start:start + batch]
        cache = net.forward(xb)
        if any(layer.get("act") is not None and layer["act"].name in ("relu", "leaky_relu") and np.any(z == 0.0)
               for layer, (_, z, _) in zip(net.layers, cache)):
            skipped += 1
            continue
        dWs, dbs = net.gradients(cache, tb, loss)
        for k in range(len(net.W)):
            for param, grad in ((net.W[k], dWs[k]), (net.b[k], dbs[k])):
                for idx in np.ndindex(param.shape):
                    old = param[idx]
                    param[idx] = old + h
                    up = loss.value(net.forward(xb)[-1][2], tb)
                    param[idx] = old - h
                    down = loss.value(net.forward(xb)[-1][2], tb)
                    param[idx] = old
                    worst = max(worst, abs((up - down) / (2 * h) - grad[idx]))
    return worst, skipped


def initial(spec_file):
    spec = load_spec(os.path.join(HERE, spec_file))
    X, _, _ = data_sets(spec)
    n = X.shape[0]
    batch = int(spec["training"].get("batch_size", n))
    shuffle = bool(spec["training"].get("shuffle", batch < n))
    rng = SplitMix64(int(spec.get("seed", 0)) ^ SHUFFLE_SEED_MIX)
    orders = [rng.shuffled_indices(n) if shuffle else list(range(n)) for _ in range(3)]
    return {"spec": spec_file, "initial_parameters": Network(spec).parameters(), "first_epoch_orders": orders}


def main(argv):
    if "--initial" in argv:
        print(render(initial(argv[argv.index("--initial") + 1])), end="")
        return 0
    if "--selftest" in argv:
        bad = False
        for spec_file in numpy_specs():
            worst, skipped = selftest(spec_file)
            bad |= worst > 1e-8
            print("%-28s max |central difference - analytic| = %.2e (%d batch(es) on a kink skipped)"
                  % (spec_file, worst, skipped))
        return 1 if bad else 0
    check = "--check" in argv
    specs = numpy_specs()
    failed = False
    example = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "examples", "document.yaml"))
    if os.path.exists(example):
        with open(example, encoding="utf-8") as a, open(os.path.join(HERE, "document.yaml"), encoding="utf-8") as b:
            if a.read() != b.read():
                print("DIFFERS document.yaml is not a copy of " + example)
                failed = True
    for spec_file in specs:
        name = spec_file[:-len(".yaml")]
        text = render(expected_for(spec_file))
        target = os.path.join(HERE, name + ".expected.json")
        if check:
            with open(target, encoding="utf-8") as f:
                same = f.read() == text
            print(("ok      " if same else "DIFFERS ") + target)
            failed |= not same
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            data = json.loads(text)
            first, last = data["epochs"][0], data["epochs"][-1]
            print("%-28s epoch 1 loss %.17g, epoch %d loss %.17g%s" % (
                spec_file, first["loss"], last["epoch"], last["loss"],
                (", accuracy %s -> %s" % (first["accuracy"], last["accuracy"])) if "accuracy" in last else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
