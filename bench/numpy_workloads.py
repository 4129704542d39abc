#!/usr/bin/env python3
"""The numpy side of the benchmark: the same workloads as bench/Driver.java, in float64, on numpy's own BLAS.

    numpy_workloads.py info
    numpy_workloads.py document SPEC WARMUP REPS
    numpy_workloads.py step SPEC STEPS WARMUP REPS
    numpy_workloads.py predict SPEC ROWS BATCH WARMUP REPS
    numpy_workloads.py fashion SPEC

`document` trains the spec's network on the spec's own data for its epochs (the document network: 40 epochs of
full-batch gradient descent) and times each repetition, after WARMUP untimed ones. `step` times STEPS training steps
on one generated batch (the rule is in bench/README.md) and reports the time per step. `predict` is the inference
of ROWS generated samples in batches of BATCH (the outputs collected as `nn predict` collects them), timed per pass
over all ROWS; its losses are each batch's cross-entropy against the generated labels. `fashion` is W4: what
`nn train SPEC` does for a one-epoch Fashion-MNIST spec, from reading the gzipped IDX files to the test set's loss
(seeded validation split, seeded shuffle, Adam, validation and test evaluation in batches); bench/run times the
whole process, and the output is `losses <epoch loss> <validation loss> <test loss>`. Each repetition starts from the
spec's starting weights: explicit ones, or the platform's seeded initialisers (SplitMix64, re-implemented here
vectorised). Output lines: `times <seconds per repetition or per step>...` and `losses <loss of each epoch/step of
the first repetition>...`, floats in their shortest round-trip form, for bench/run to compare with the platform's.

The arithmetic is the platform's (docs/spec.md, "Semantics"): z = x W^T + b; softmax per row; cross-entropy
-(1/batch) sum t log(max(y, 1e-15)) with dL/dz = (y sum(t) - t) / batch after softmax; mse factor * mean (y - t)^2;
sgd p -= learning_rate * g (momentum 0). Written as one would in a notebook: no preallocated outputs.
"""
import os
import sys
import time

import numpy as np
import yaml

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
DATA_SEED = 0xDA7A  # the generated batches' SplitMix64 seed (bench/README.md)
SHUFFLE_SEED_MIX = 0x2545F4914F6CDD1D  # dev.nn.train.TrainingSettings
SPLIT_SEED_MIX = 0x6A09E667F3BCC909


class SplitMix64:
    """dev.nn.random.SplitMix64, drawing many values at once."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next_longs(self, count):
        steps = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(GOLDEN_GAMMA)
        z = steps + np.uint64(self.state)
        self.state = (self.state + count * GOLDEN_GAMMA) & MASK64
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))

    def next_doubles(self, count):
        return (self.next_longs(count) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53

    def shuffled_indices(self, n):
        """Fisher-Yates from the identity, i = n-1 down to 1, swapping with nextLong() mod (i + 1)."""
        order = np.arange(n)
        if n < 2:
            return order
        bounds = np.arange(n, 1, -1, dtype=np.uint64)
        js = (self.next_longs(n - 1) % bounds).tolist()
        o = order.tolist()
        for k, i in enumerate(range(n - 1, 0, -1)):
            j = js[k]
            o[i], o[j] = o[j], o[i]
        return np.array(o)


assert int(SplitMix64(0).next_longs(1)[0]) == 0xE220A8397B1DCDAF


def repetitions(warmup, reps):
    """The repetitions of a timed workload: yields (index, timed). The first `warmup` are warm-up, and more while
    fewer than $BENCH_WARMUP_SECONDS (bench/run sets it for every side alike; 0 when unset) have passed since the
    first began, so that a JIT-compiled side is timed once compiled; then `reps` timed ones."""
    minimum = float(os.environ.get("BENCH_WARMUP_SECONDS", "0"))
    started = time.perf_counter()
    index = 0
    while index < warmup or time.perf_counter() - started < minimum:
        yield index, False
        index += 1
    for _ in range(reps):
        yield index, True
        index += 1


def name_of(ref):
    return ref if isinstance(ref, str) else ref["name"]


def load(path, optimizers=("sgd",)):
    with open(path) as f:
        spec = yaml.safe_load(f)
    rng = SplitMix64(spec.get("seed", 0))
    fan_in = spec["input"]
    weights, biases, activations = [], [], []
    for layer in spec["layers"]:
        units = layer["units"]
        activation = name_of(layer.get("activation", "identity"))
        if "weights" in layer:
            w = np.array(layer["weights"], dtype=np.float64)
        else:
            init = layer.get("init", "he_uniform" if activation in ("relu", "leaky_relu") else "glorot_uniform")
            fan = {"he_uniform": fan_in, "glorot_uniform": fan_in + units}[init]
            limit = np.sqrt(6.0 / fan)
            w = ((2.0 * rng.next_doubles(units * fan_in) - 1.0) * limit).reshape(units, fan_in)
        b = np.array(layer.get("bias", [0.0] * units), dtype=np.float64)
        weights.append(w)
        biases.append(b)
        activations.append(activation)
        fan_in = units
    loss = spec["loss"]
    loss_name = name_of(loss)
    factor = loss.get("factor", 1.0) if isinstance(loss, dict) else 1.0
    optimizer = spec["optimizer"]
    optimizer = {"name": optimizer} if isinstance(optimizer, str) else optimizer
    assert name_of(optimizer) in optimizers and optimizer.get("momentum", 0.0) == 0.0, "optimizer not implemented"
    assert optimizer.get("weight_decay", 0.0) == 0.0, "weight decay not implemented"
    lr = optimizer.get("learning_rate", 0.01)
    return spec, weights, biases, activations, loss_name, factor, lr


def train_step(x, t, ws, bs, acts, loss_name, factor, lr):
    """Forward, loss, backward and update on one batch; returns the loss before the update."""
    hs = [x]
    zs = []
    h = x
    for w, b, act in zip(ws, bs, acts):
        z = h @ w.T + b
        zs.append(z)
        if act == "relu":
            h = np.maximum(z, 0.0)
        elif act == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            h = e / e.sum(axis=1, keepdims=True)
        elif act in ("identity", "linear"):
            h = z
        else:
            raise ValueError("activation " + act)
        hs.append(h)
    y = h
    n = x.shape[0]
    if loss_name == "cross_entropy":
        loss = -np.sum(t * np.log(np.maximum(y, 1e-15))) / n
        assert acts[-1] == "softmax"
        dz = (y * t.sum(axis=1, keepdims=True) - t) / n
    else:
        loss = factor * np.mean((y - t) ** 2)
        g = factor * 2.0 * (y - t) / y.size
        if acts[-1] == "softmax":
            dz = y * (g - np.sum(g * y, axis=1, keepdims=True))
        elif acts[-1] == "relu":
            dz = g * (zs[-1] > 0)
        else:
            dz = g
    for layer in range(len(ws) - 1, -1, -1):
        dw = dz.T @ hs[layer]
        db = dz.sum(axis=0)
        if layer > 0:
            dh = dz @ ws[layer]
            act = acts[layer - 1]
            if act == "relu":
                dz = dh * (zs[layer - 1] > 0)
            elif act in ("identity", "linear"):
                dz = dh
            else:
                raise ValueError("hidden activation " + act)
        ws[layer] -= lr * dw
        bs[layer] -= lr * db
    return loss


def generated_batch(rows, inputs, classes):
    rng = SplitMix64(DATA_SEED)
    x = rng.next_doubles(rows * inputs).reshape(rows, inputs)
    labels = np.floor(rng.next_doubles(rows) * classes).astype(np.int64)
    t = np.zeros((rows, classes))
    t[np.arange(rows), labels] = 1.0
    return x, t


def run(spec_path, warmup, reps, steps, batch_source):
    spec, ws0, bs0, acts, loss_name, factor, lr = load(spec_path)
    x, t, epochs = batch_source(spec, ws0)
    count = steps if steps else epochs
    times, losses = [], None
    for rep, timed in repetitions(warmup, reps):
        ws = [w.copy() for w in ws0]
        bs = [b.copy() for b in bs0]
        started = time.perf_counter()
        rep_losses = [train_step(x, t, ws, bs, acts, loss_name, factor, lr) for _ in range(count)]
        elapsed = time.perf_counter() - started
        if rep == 0:
            losses = rep_losses
        if timed:
            times.append(elapsed / (count if steps else 1))
    print("times " + " ".join(repr(v) for v in times))
    print("losses " + " ".join(repr(float(v)) for v in losses))


def document_data(spec, ws0):
    train = spec["data"]["train"]
    x = np.array(train["inputs"], dtype=np.float64)
    t = np.array(train["targets"], dtype=np.float64)
    training = spec["training"]
    assert training.get("batch_size", len(x)) >= len(x), "the document workload trains on the whole set"
    return x, t, training["epochs"]


def step_data(spec, ws0):
    x, t = generated_batch(spec["training"]["batch_size"], spec["input"], ws0[-1].shape[0])
    return x, t, None


def info():
    print("numpy " + np.__version__)
    try:
        import threadpoolctl
        for pool in threadpoolctl.threadpool_info():
            if pool.get("user_api") == "blas":
                print("blas %s %s, kernel %s, %d threads" % (pool.get("internal_api"), pool.get("version"),
                                                             pool.get("architecture"), pool.get("num_threads")))
                return
    except ImportError:
        pass
    config = np.show_config(mode="dicts") if "mode" in np.show_config.__code__.co_varnames else None
    blas = config["Build Dependencies"]["blas"] if config else {}
    print("blas %s %s (install threadpoolctl to see its kernel and threads)" % (blas.get("name"), blas.get("version")))


def read_idx(path):
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape[0], -1)


def idx_set(node, classes):
    x = read_idx(node["images"]).astype(np.float64) * node.get("scale", 1.0)
    labels = read_idx(node["labels"]).reshape(-1)
    t = np.zeros((len(labels), classes))
    t[np.arange(len(labels)), labels] = 1.0
    return x, t


def forward(x, ws, bs, acts):
    h = x
    for w, b, act in zip(ws, bs, acts):
        z = h @ w.T + b
        if act == "relu":
            h = np.maximum(z, 0.0)
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            h = e / e.sum(axis=1, keepdims=True)
    return h


def cross_entropy(y, t):
    return -np.sum(t * np.log(np.maximum(y, 1e-15))) / len(y)


def evaluate(x, t, ws, bs, acts, batch):
    """Loss and accuracy in batches of `batch` rows, file order, batch-size-weighted."""
    loss, correct = 0.0, 0
    for start in range(0, len(x), batch):
        y = forward(x[start:start + batch], ws, bs, acts)
        tb = t[start:start + batch]
        loss += len(y) * cross_entropy(y, tb)
        correct += int(np.sum(np.argmax(y, axis=1) == np.argmax(tb, axis=1)))
    return loss / len(x), correct / len(x)


def fashion(spec_path):
    spec, ws, bs, acts, loss_name, _, _ = load(spec_path, optimizers=("adam",))
    assert loss_name == "cross_entropy" and acts[-1] == "softmax" and all(a == "relu" for a in acts[:-1])
    training = spec["training"]
    assert training["epochs"] == 1, "W4 is one epoch (early stopping then restores that same epoch)"
    classes = ws[-1].shape[0]
    x, t = idx_set(spec["data"]["train"], classes)
    x_test, t_test = idx_set(spec["data"]["test"], classes)
    seed = spec.get("seed", 0)
    n = len(x)
    validation_size = n - int(np.floor(n * (1.0 - training["validation_split"])))
    order = SplitMix64(seed ^ SPLIT_SEED_MIX).shuffled_indices(n)
    validation = np.sort(order[:validation_size])
    train = np.sort(order[validation_size:])
    x_val, t_val = x[validation], t[validation]
    x, t = x[train], t[train]
    optimizer = spec["optimizer"]
    lr = optimizer.get("learning_rate", 0.001)
    b1, b2 = optimizer.get("beta1", 0.9), optimizer.get("beta2", 0.999)
    eps = optimizer.get("epsilon", 1e-8)
    params = [p for pair in zip(ws, bs) for p in pair]
    ms = [np.zeros_like(p) for p in params]
    vs = [np.zeros_like(p) for p in params]
    batch = training["batch_size"]
    shuffle = SplitMix64(seed ^ SHUFFLE_SEED_MIX).shuffled_indices(len(x))
    weighted = 0.0
    step = 0
    for start in range(0, len(x), batch):
        rows = shuffle[start:start + batch]
        xb, tb = x[rows], t[rows]
        hs, zs = [xb], []
        h = xb
        for w, b, act in zip(ws, bs, acts):
            z = h @ w.T + b
            zs.append(z)
            if act == "relu":
                h = np.maximum(z, 0.0)
            else:
                e = np.exp(z - z.max(axis=1, keepdims=True))
                h = e / e.sum(axis=1, keepdims=True)
            hs.append(h)
        weighted += len(xb) * cross_entropy(h, tb)
        dz = (h * tb.sum(axis=1, keepdims=True) - tb) / len(xb)
        grads = [None] * len(params)
        for layer in range(len(ws) - 1, -1, -1):
            grads[2 * layer] = dz.T @ hs[layer]
            grads[2 * layer + 1] = dz.sum(axis=0)
            if layer > 0:
                dz = (dz @ ws[layer]) * (zs[layer - 1] > 0)
        step += 1
        c1, c2 = 1.0 - b1 ** step, 1.0 - b2 ** step
        for p, g, m, v in zip(params, grads, ms, vs):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p -= lr * (m / c1) / (np.sqrt(v / c2) + eps)
    eval_batch = max(batch, 256)
    val_loss, _ = evaluate(x_val, t_val, ws, bs, acts, eval_batch)
    test_loss, _ = evaluate(x_test, t_test, ws, bs, acts, eval_batch)
    print("losses %r %r %r" % (float(weighted / len(x)), float(val_loss), float(test_loss)))


def predict(spec_path, rows, batch, warmup, reps):
    spec, ws, bs, acts, _, _, _ = load(spec_path)
    x, t = generated_batch(rows, spec["input"], ws[-1].shape[0])
    times, outputs = [], None
    for rep, timed in repetitions(warmup, reps):
        started = time.perf_counter()
        out = np.empty((rows, ws[-1].shape[0]))
        for start in range(0, rows, batch):
            out[start:start + batch] = forward(x[start:start + batch], ws, bs, acts)
        elapsed = time.perf_counter() - started
        if rep == 0:
            outputs = out
        if timed:
            times.append(elapsed)
    print("times " + " ".join(repr(v) for v in times))
    print("losses " + " ".join(repr(float(cross_entropy(outputs[s:s + batch], t[s:s + batch])))
                               for s in range(0, rows, batch)))


def main(argv):
    if argv[:1] == ["info"]:
        info()
    elif argv[:1] == ["document"] and len(argv) == 4:
        run(argv[1], int(argv[2]), int(argv[3]), None, document_data)
    elif argv[:1] == ["predict"] and len(argv) == 6:
        predict(argv[1], *(int(v) for v in argv[2:]))
    elif argv[:1] == ["fashion"] and len(argv) == 2:
        fashion(argv[1])
    elif argv[:1] == ["step"] and len(argv) == 5:
        run(argv[1], int(argv[3]), int(argv[4]), int(argv[2]), step_data)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
