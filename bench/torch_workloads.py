#!/usr/bin/env python3
"""The PyTorch side of the benchmark: the workloads of bench/numpy_workloads.py, written as PyTorch is usually
written (torch.nn.Linear layers, autograd, torch.optim, F.cross_entropy on the logits), in float64 or float32.

    torch_workloads.py info
    torch_workloads.py step SPEC DTYPE THREADS STEPS WARMUP REPS
    torch_workloads.py predict SPEC DTYPE THREADS ROWS BATCH WARMUP REPS
    torch_workloads.py fashion SPEC DTYPE THREADS

The starting weights, the generated data, the validation split and the shuffle are those of numpy_workloads.py
(imported from beside this file: SplitMix64 and the platform's seeded initialisers), so every side computes the
same thing; bench/run compares the losses. The weights are drawn in float64 and rounded once for float32; so are
the inputs. `step` times STEPS training steps (forward, loss, backward, sgd) on one generated batch and reports the
time per step. `predict` times the inference of ROWS generated samples in batches of BATCH (forward and softmax
under torch.inference_mode, the outputs collected as `nn predict` collects them) and reports the time per pass;
its `losses` are each batch's cross-entropy against the generated labels. `fashion` is W4 (and, with more epochs,
the full example of the peak-memory row): reading the gzipped IDX files, the seeded split, Adam in the seeded order,
early stopping as the spec says, validation and test evaluation; the output is `losses <each epoch's loss>... <each
epoch's validation loss>... <test loss>` and `epochs <epochs run> <epoch restored>`. THREADS goes to
torch.set_num_threads (bench/run also sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS for the process).
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import numpy_workloads as nw  # noqa: E402

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def blas_library():
    """The BLAS library this process has mapped (after one product, so a lazily loaded one is there too)."""
    a = torch.ones(64, 64, dtype=torch.float64)
    (a @ a).sum().item()
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if ("blas" in name or "mkl_rt" in name or "libmkl" in name) and path not in found:
                found.append(path)
    return [(path, os.path.realpath(path)) for path in found]


def info():
    print("torch %s, numpy %s, python %s" % (torch.__version__, np.__version__, sys.version.split()[0]))
    config = torch.__config__.show()
    blas_info = re.findall(r"BLAS_INFO=([^,\s]+)", config)
    capability = [line.split(":", 1)[1].strip() for line in config.splitlines() if "CPU capability usage" in line]
    libraries = blas_library()
    kinds = []
    for _, real in libraries:
        if "openblas" in real:
            kinds.append("OpenBLAS (%s)" % ("OpenMP build" if "openmp" in real else
                                            "pthreads build" if "pthread" in real else "serial build"
                                            if "serial" in real else os.path.basename(os.path.dirname(real))))
        elif "mkl" in real:
            kinds.append("MKL")
        elif "/blas/" in real or "libblas" in os.path.basename(real):
            kinds.append("REFERENCE")
    print("blas-kind " + (",".join(kinds) if kinds else "unknown"))
    print("blas-libraries " + (" ".join(real for _, real in libraries) or "none mapped"))
    print("build BLAS_INFO=%s, CPU capability %s, parallel backend %s" % (
        blas_info[0] if blas_info else "?", capability[0] if capability else "?",
        "OpenMP" if "OpenMP" in torch.__config__.parallel_info() else "native"))


def network(ws, bs, acts, dtype):
    """torch.nn.Sequential of Linear and ReLU layers holding the given weights; the softmax is left to the loss
    (F.cross_entropy on the logits), as PyTorch models are written."""
    assert acts[-1] == "softmax" and all(a == "relu" for a in acts[:-1]), "relu hidden layers, softmax output"
    modules = []
    for i, (w, b) in enumerate(zip(ws, bs)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))
            linear.bias.copy_(torch.from_numpy(b))
        modules.append(linear)
        if i < len(ws) - 1:
            modules.append(torch.nn.ReLU())
    return torch.nn.Sequential(*modules)


def generated(spec, classes, rows, dtype):
    x, t = nw.generated_batch(rows, spec["input"], classes)
    return torch.from_numpy(x).to(dtype), torch.from_numpy(np.argmax(t, axis=1))


def step(spec_path, dtype, steps, warmup, reps):
    spec, ws0, bs0, acts, loss_name, _, lr = nw.load(spec_path)
    assert loss_name == "cross_entropy"
    x, labels = generated(spec, ws0[-1].shape[0], spec["training"]["batch_size"], dtype)
    times, losses = [], None
    for rep, timed in nw.repetitions(warmup, reps):
        model = network(ws0, bs0, acts, dtype)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        rep_losses = []
        started = time.perf_counter()
        for _ in range(steps):
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), labels)
            loss.backward()
            optimizer.step()
            rep_losses.append(loss.item())
        elapsed = time.perf_counter() - started
        if rep == 0:
            losses = rep_losses
        if timed:
            times.append(elapsed / steps)
    report(times, losses)


def cross_entropy_of(y, labels):
    """The platform's cross-entropy of softmax outputs: -(1/n) sum log(max(y_label, 1e-15))."""
    picked = y.gather(1, labels.view(-1, 1)).clamp_min(1e-15)
    return float(-picked.log().sum() / len(y))


def predict(spec_path, dtype, rows, batch, warmup, reps):
    spec, ws, bs, acts, _, _, _ = nw.load(spec_path)
    x, labels = generated(spec, ws[-1].shape[0], rows, dtype)
    model = network(ws, bs, acts, dtype).eval()
    times, outputs = [], None
    for rep, timed in nw.repetitions(warmup, reps):
        started = time.perf_counter()
        with torch.inference_mode():
            out = torch.empty(rows, ws[-1].shape[0], dtype=dtype)
            for start in range(0, rows, batch):
                out[start:start + batch] = torch.softmax(model(x[start:start + batch]), dim=1)
        elapsed = time.perf_counter() - started
        if rep == 0:
            outputs = out
        if timed:
            times.append(elapsed)
    report(times, [cross_entropy_of(outputs[s:s + batch], labels[s:s + batch]) for s in range(0, rows, batch)])


def idx_set(node, dtype):
    """The images scaled in float64 and rounded once to `dtype`, 10,000 rows at a time, so that no float64 copy of
    the whole set is held beside the result (the peak-memory row measures this script)."""
    raw = nw.read_idx(node["images"])
    x = torch.empty(raw.shape, dtype=dtype)
    for start in range(0, len(raw), 10000):
        x[start:start + 10000] = torch.from_numpy(raw[start:start + 10000].astype(np.float64) * node.get("scale", 1.0))
    return x, torch.from_numpy(nw.read_idx(node["labels"]).reshape(-1).astype(np.int64))


def evaluate(model, x, labels, batch):
    """Loss and accuracy in batches of `batch` rows, file order, batch-size-weighted (the platform's Evaluator)."""
    loss, correct = 0.0, 0
    with torch.inference_mode():
        for start in range(0, len(x), batch):
            y = torch.softmax(model(x[start:start + batch]), dim=1)
            lb = labels[start:start + batch]
            loss += len(y) * cross_entropy_of(y, lb)
            correct += int((y.argmax(dim=1) == lb).sum())
    return loss / len(x), correct / len(x)


def fashion(spec_path, dtype):
    spec, ws, bs, acts, loss_name, _, _ = nw.load(spec_path, optimizers=("adam",))
    assert loss_name == "cross_entropy"
    training = spec["training"]
    x, labels = idx_set(spec["data"]["train"], dtype)
    x_test, labels_test = idx_set(spec["data"]["test"], dtype)
    seed = spec.get("seed", 0)
    n = len(x)
    validation_size = n - int(np.floor(n * (1.0 - training["validation_split"])))
    order = nw.SplitMix64(seed ^ nw.SPLIT_SEED_MIX).shuffled_indices(n)
    validation = torch.from_numpy(np.sort(order[:validation_size]))
    train = torch.from_numpy(np.sort(order[validation_size:]))
    x_val, labels_val = x[validation], labels[validation]
    x, labels = x[train], labels[train]
    model = network(ws, bs, acts, dtype)
    settings = spec["optimizer"]
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.get("learning_rate", 0.001),
                                 betas=(settings.get("beta1", 0.9), settings.get("beta2", 0.999)),
                                 eps=settings.get("epsilon", 1e-8))
    batch = training["batch_size"]
    eval_batch = max(batch, 256)
    stopping = training.get("early_stopping")
    monitor = stopping.get("monitor", "val_loss") if stopping else None
    best_value, best_epoch, best_state, waited = None, 0, None, 0
    shuffler = nw.SplitMix64(seed ^ nw.SHUFFLE_SEED_MIX)
    epoch_losses, val_losses = [], []
    epoch = 0
    for epoch in range(1, training["epochs"] + 1):
        shuffle = torch.from_numpy(shuffler.shuffled_indices(len(x)))
        model.train()
        weighted = 0.0
        for start in range(0, len(x), batch):
            rows = shuffle[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            loss.backward()
            optimizer.step()
            weighted += len(rows) * loss.item()
        model.eval()
        val_loss, val_accuracy = evaluate(model, x_val, labels_val, eval_batch)
        epoch_losses.append(weighted / len(x))
        val_losses.append(val_loss)
        if stopping:
            value = {"val_loss": val_loss, "val_accuracy": val_accuracy}[monitor]
            delta = stopping.get("min_delta", 0.0)
            better = best_epoch == 0 or (value > best_value + delta if monitor.endswith("accuracy")
                                         else value < best_value - delta)
            if better:
                best_value, best_epoch, waited = value, epoch, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                waited += 1
                if waited >= stopping.get("patience", 5):
                    break
    restored = 0
    if stopping and stopping.get("restore_best", True) and best_state is not None:
        model.load_state_dict(best_state)
        restored = best_epoch
    test_loss, _ = evaluate(model, x_test, labels_test, eval_batch)
    print("losses " + " ".join(repr(float(v)) for v in epoch_losses + val_losses + [test_loss]))
    print("epochs %d %d" % (epoch, restored))


def report(times, losses):
    print("times " + " ".join(repr(v) for v in times))
    print("losses " + " ".join(repr(float(v)) for v in losses))


def main(argv):
    if argv[:1] == ["info"]:
        info()
        return
    if len(argv) < 4 or argv[0] not in ("step", "predict", "fashion") or argv[2] not in DTYPES:
        sys.exit(__doc__)
    torch.set_num_threads(int(argv[3]))
    dtype = DTYPES[argv[2]]
    numbers = [int(v) for v in argv[4:]]
    if argv[0] == "step" and len(numbers) == 3:
        step(argv[1], dtype, *numbers)
    elif argv[0] == "predict" and len(numbers) == 4:
        predict(argv[1], dtype, *numbers)
    elif argv[0] == "fashion" and not numbers:
        fashion(argv[1], dtype)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
