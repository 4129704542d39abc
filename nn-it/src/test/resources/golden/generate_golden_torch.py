#!/usr/bin/python3
"""Golden values for the normalisation layers (batch_norm, layer_norm), binary_cross_entropy and class_weights,
computed by PyTorch in float64 (torch's BCELoss and its weight semantics are the reference there).

Usage (Debian's python3-torch, so /usr/bin/python3 rather than a python3 of one's own):
        /usr/bin/python3 generate_golden_torch.py            (regenerates NAME.expected.json for every NAME.yaml
                                                              here with a batch_norm or layer_norm layer)
        /usr/bin/python3 generate_golden_torch.py --check    (regenerates in memory, fails if a file on disk differs)
        /usr/bin/python3 generate_golden_torch.py --selftest (torch's modules against the documented formulas, and
                                                              how far a 1-ulp change of the starting values moves
                                                              the results)
        /usr/bin/python3 generate_golden_torch.py --float32  (regenerates ../golden-f32/NAME.expected.json for every
                                                              ../golden-f32/NAME.yaml, each a spec with dtype: float32,
                                                              trained by torch in float32; add --check to compare)

In float32 (--float32) every tensor is float32: the starting values and the data are rounded to float32 as the
platform rounds them, and torch's float32 kernels, losses and optimizers (whose moments are float32, where the
platform keeps its optimizer state in float64) train the network. The results agree with the platform's float32
training to about 1e-6 relative, not bit for bit.

Besides the specs' expected values it writes (and --check compares) LAYER_FIXTURE: one forward and backward pass of
BatchNorm1d (training, then inference with the updated running statistics) and of LayerNorm on small random
inputs, for the layers' unit tests.

Every other spec here is generate_golden.py's (numpy); this script imports it for what the two share: the spec
reader, the data sets (inline, data.validation, training.validation_split), SplitMix64 and the shuffle, the one-hot
rule and the JSON rendering. The network is built from torch.nn modules (Linear, BatchNorm1d, LayerNorm and the
activation functions) and trained with torch.optim.SGD / Adam / AdamW / RMSprop (with lr_scheduler and clip_grad_* when the spec asks for them), whose update rules the platform's
optimizers document as theirs. Layers are numbered from 1 over all of `layers`; a dense layer k has parameters Wk
(units x fan-in, torch's Linear.weight) and bk; batch_norm and layer_norm have gammak and betak (torch's weight and
bias); batch_norm has the state running_meank and running_vark (torch's buffers). The specs give every starting
value (dense weights and biases always; gamma, beta and the running statistics where they are not the defaults 1, 0,
0 and 1), so no initialiser is reproduced.

Semantics, as the platform documents them: the loss of a batch is computed in training mode before that batch's
update, and the epoch's loss is the mean over batches weighted by rows (accuracy likewise counted in training
mode); validation metrics are computed in inference mode (running statistics) after each epoch's last update, in
batches of max(batch_size, 256) rows. mse is factor * mean of squares; cross_entropy follows a softmax output layer:
-sum(t log max(y, 1e-15)) / rows. Early stopping, when a spec has it, restores parameters and state.

torch's kernels sum in their own order, so results differ from the platform's in the last few bits; `--selftest`
shows that a 1-ulp change of every starting value, or computing the normalisations by the written-out formulas,
moves nothing by more than about 1e-12 relative, well inside the tests' 1e-9.
"""
import copy
import math
import os
import sys

import numpy as np
import torch

import generate_golden as ref
import generate_optimization_torch as optimization

HERE = ref.HERE
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

TORCH_LAYERS = ref.TORCH_LAYER_TYPES
CE_EPS = 1e-15


def tensor(values):
    """values (read as float64) as a tensor of the default dtype: float64, or float32 under --float32."""
    return torch.tensor(np.array(values, dtype=np.float64), dtype=torch.get_default_dtype())


class ActivationModule(torch.nn.Module):
    """One of the platform's activations, by name (as generate_golden.Activation parses them)."""

    def __init__(self, activation):
        super().__init__()
        self.name, self.alpha = activation.name, activation.alpha

    def forward(self, z):
        if self.name == "identity":
            return z
        if self.name == "relu":
            return torch.relu(z)
        if self.name == "leaky_relu":
            return torch.nn.functional.leaky_relu(z, self.alpha)
        if self.name == "sigmoid":
            return torch.sigmoid(z)
        if self.name == "tanh":
            return torch.tanh(z)
        return torch.softmax(z, dim=1)


def set_vector(target, values, what, size):
    value = tensor(values)
    assert value.shape == (size,), (what, tuple(value.shape), size)
    with torch.no_grad():
        target.copy_(value)


class FormulaBatchNorm(torch.nn.Module):
    """BatchNorm1d written out as the platform documents it, for --selftest: the same mathematics, other roundings."""

    def __init__(self, features, eps, momentum):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = torch.nn.Parameter(torch.ones(features))
        self.bias = torch.nn.Parameter(torch.zeros(features))
        self.register_buffer("running_mean", torch.zeros(features))
        self.register_buffer("running_var", torch.ones(features))

    def forward(self, x):
        if not self.training:
            return self.weight * (x - self.running_mean) / torch.sqrt(self.running_var + self.eps) + self.bias
        n = x.shape[0]
        mean = torch.sum(x, dim=0) / n
        var = torch.sum((x - mean) ** 2, dim=0) / n
        with torch.no_grad():
            self.running_mean.copy_((1 - self.momentum) * self.running_mean + self.momentum * mean)
            self.running_var.copy_((1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1))
        return self.weight * (x - mean) / torch.sqrt(var + self.eps) + self.bias


class FormulaLayerNorm(torch.nn.Module):
    """LayerNorm written out, for --selftest."""

    def __init__(self, features, eps):
        super().__init__()
        self.eps = eps
        self.weight = torch.nn.Parameter(torch.ones(features))
        self.bias = torch.nn.Parameter(torch.zeros(features))

    def forward(self, x):
        n = x.shape[1]
        mean = torch.sum(x, dim=1, keepdim=True) / n
        var = torch.sum((x - mean) ** 2, dim=1, keepdim=True) / n
        return self.weight * (x - mean) / torch.sqrt(var + self.eps) + self.bias


class DropoutModule(torch.nn.Module):
    """Inverted dropout with the platform's masks: in a training step, one next_double() of the layer's step stream
    (generate_golden.step_stream: the seed, the layer's position, the epoch and the batch) per element, row-major,
    keeping the element when it is >= rate, scaled by 1 / (1 - rate); the identity otherwise."""

    def __init__(self, seed, position, rate):
        super().__init__()
        self.seed, self.position, self.rate = seed, position, rate
        self.step = None

    def forward(self, x):
        if not self.training:
            return x
        rng = ref.step_stream(self.seed, self.position, self.step[0], self.step[1])
        scale = 1.0 / (1.0 - self.rate)
        mask = [[scale if rng.next_double() >= self.rate else 0.0 for _ in range(x.shape[1])]
                for _ in range(x.shape[0])]
        return x * tensor(mask)


class TorchNetwork:
    """The spec's layers as torch modules, with the platform's names for their parameters and state. With
    formulas=True, batch_norm and layer_norm are written out (FormulaBatchNorm, FormulaLayerNorm) instead of torch's
    own modules."""

    def __init__(self, spec, formulas=False):
        self.modules, self.names, self.kinks, self.kinds, self.dropouts = [], [], [], [], []
        fan_in = int(spec["input"])
        for k, layer in enumerate(spec["layers"], start=1):
            kind = layer.get("type", "dense")
            if kind == "dense":
                units = int(layer["units"])
                linear = torch.nn.Linear(fan_in, units)
                assert layer.get("weights") is not None and layer.get("bias") is not None, \
                    "layer %d: the torch specs give every dense layer its weights and bias" % k
                w = tensor(layer["weights"])
                assert w.shape == (units, fan_in), ("weights shape", tuple(w.shape), units, fan_in)
                with torch.no_grad():
                    linear.weight.copy_(w)
                set_vector(linear.bias, layer["bias"], "bias", units)
                self.add(k, "dense", linear, [("W", linear.weight), ("b", linear.bias)], [])
                self.add_activation(k, ref.Activation.parse(layer.get("activation")))
                fan_in = units
            elif kind == "batch_norm":
                eps, momentum = float(layer.get("epsilon", 1e-5)), float(layer.get("momentum", 0.1))
                module = (FormulaBatchNorm(fan_in, eps, momentum) if formulas
                          else torch.nn.BatchNorm1d(fan_in, eps=eps, momentum=momentum))
                self.set_values(k, layer, module, fan_in)
                self.add(k, kind, module, [("gamma", module.weight), ("beta", module.bias)],
                         [("running_mean", module.running_mean), ("running_var", module.running_var)])
            elif kind == "layer_norm":
                eps = float(layer.get("epsilon", 1e-5))
                module = FormulaLayerNorm(fan_in, eps) if formulas else torch.nn.LayerNorm(fan_in, eps=eps)
                self.set_values(k, layer, module, fan_in)
                self.add(k, kind, module, [("gamma", module.weight), ("beta", module.bias)], [])
            elif kind == "activation":
                self.add_activation(k, ref.Activation.parse({key: v for key, v in layer.items() if key != "type"}))
            elif kind == "dropout":
                module = DropoutModule(int(spec.get("seed", 0)), k, float(layer.get("rate", 0.5)))
                self.dropouts.append(module)
                self.modules.append(module)
                self.kinds.append(kind)
            else:
                raise ValueError("layer %d: type %s is not one this script knows" % (k, kind))
        self.sequential = torch.nn.Sequential(*self.modules)
        self.output = self.modules[-1]

    def add(self, k, kind, module, parameters, state):
        self.modules.append(module)
        self.kinds.append(kind)
        self.names.append((k, parameters, state))

    def add_activation(self, k, activation):
        module = ActivationModule(activation)
        if activation.name in ("relu", "leaky_relu"):
            self.kinks.append(module)
        self.modules.append(module)
        self.kinds.append("activation " + activation.name)

    @staticmethod
    def set_values(k, layer, module, size):
        parameters = layer.get("parameters") or {}
        state = layer.get("state") or {}
        if "gamma" in parameters:
            set_vector(module.weight, parameters["gamma"], "layer %d gamma" % k, size)
        if "beta" in parameters:
            set_vector(module.bias, parameters["beta"], "layer %d beta" % k, size)
        if "running_mean" in state:
            set_vector(module.running_mean, state["running_mean"], "layer %d running_mean" % k, size)
        if "running_var" in state:
            set_vector(module.running_var, state["running_var"], "layer %d running_var" % k, size)

    def trainable(self):
        return [p for _, parameters, _ in self.names for _, p in parameters]

    def values(self):
        """({name: list}, {name: list}): the parameters and the state, as the golden files name them."""
        parameters, state = {}, {}
        for k, params, buffers in self.names:
            for name, p in params:
                parameters["%s%d" % (name, k)] = p.detach().numpy().tolist()
            for name, b in buffers:
                state["%s%d" % (name, k)] = b.detach().numpy().tolist()
        return parameters, state

    def forward(self, x, training):
        self.sequential.train(training)
        return self.sequential(x)


class Loss:
    """mse and cross_entropy as generate_golden.py; binary_cross_entropy as torch's BCELoss (logs clamped at -100);
    class_weights as torch: cross_entropy's CrossEntropyLoss(weight=w), sum w[y] loss / sum w[y];
    binary_cross_entropy's [w0, w1] BCELoss(weight=w[t]) for 0/1 targets, the plain mean."""

    def __init__(self, node, network):
        node = {"name": node} if isinstance(node, str) else dict(node)
        self.name = node.pop("name")
        self.weights = node.pop("class_weights", None)
        self.factor = ref.Loss(self.name if self.name != "binary_cross_entropy" else "mse", **node).factor
        if isinstance(self.weights, dict):
            self.weights = [self.weights[c] for c in self.classes]
        if self.name == "cross_entropy":
            assert isinstance(network.output, ActivationModule) and network.output.name == "softmax", \
                "cross_entropy specs end with softmax"
        if self.name == "binary_cross_entropy":
            assert isinstance(network.output, ActivationModule) and network.output.name == "sigmoid", \
                "binary_cross_entropy specs end with sigmoid"

    classes = []

    def value(self, y, t):
        n, c = y.shape
        if self.name == "mse":
            return self.factor * torch.sum((y - t) ** 2) / (n * c)
        if self.name == "binary_cross_entropy":
            weight = None
            if self.weights is not None:
                weight = torch.where(t == 1, torch.tensor(float(self.weights[1])), torch.tensor(float(self.weights[0])))
            return torch.nn.functional.binary_cross_entropy(y, t, weight=weight)
        if self.weights is not None:
            w = tensor([float(v) for v in self.weights])
            return -torch.sum(w * t * torch.log(torch.clamp(y, min=CE_EPS))) / torch.sum(w * t)
        return -torch.sum(t * torch.log(torch.clamp(y, min=CE_EPS))) / n


def make_optimizer(node, parameters):
    if isinstance(node, str):
        node = {"name": node}
    if node["name"] == "sgd":
        return torch.optim.SGD(parameters, lr=float(node.get("learning_rate", 0.01)),
                               momentum=float(node.get("momentum", 0.0)), dampening=0.0,
                               nesterov=bool(node.get("nesterov", False)),
                               weight_decay=float(node.get("weight_decay", 0.0)), foreach=False)
    if node["name"] == "adam":
        return torch.optim.Adam(parameters, lr=float(node.get("learning_rate", 0.001)),
                                betas=(float(node.get("beta1", 0.9)), float(node.get("beta2", 0.999))),
                                eps=float(node.get("epsilon", 1e-8)), weight_decay=float(node.get("weight_decay", 0.0)),
                                amsgrad=False, foreach=False)
    if node["name"] in ("adamw", "rmsprop"):
        own = {k: v for k, v in node.items() if k not in ref.TORCH_OPTIMIZER_KEYS}
        return optimization.torch_optimizer(own, parameters)
    raise ValueError("unknown optimizer " + node["name"])


def make_schedule(node, optimizer, epochs, batches):
    """torch's scheduler for the optimizer's `schedule` (generate_optimization_torch's), with whether it steps per
    update; (None, False) without one."""
    if not isinstance(node, dict) or "schedule" not in node:
        return None, False
    schedule = node["schedule"] if isinstance(node["schedule"], dict) else {"name": node["schedule"]}
    return (optimization.scheduler_for(schedule, optimizer, epochs, batches),
            schedule.get("interval", "epoch") == "step")


def clip(node, parameters):
    """torch.nn.utils.clip_grad_norm_ / clip_grad_value_ for the optimizer's clip_norm / clip_value."""
    if isinstance(node, dict) and "clip_norm" in node:
        torch.nn.utils.clip_grad_norm_(parameters, float(node["clip_norm"]))
    if isinstance(node, dict) and "clip_value" in node:
        torch.nn.utils.clip_grad_value_(parameters, float(node["clip_value"]))


class Margins:
    """The smallest |input| of a relu/leaky_relu, and the smallest gap between the two largest softmax outputs, over
    every forward pass: how far the run stays from the points where a last-bit difference could change a branch."""

    def __init__(self, network):
        self.kink, self.top2 = math.inf, math.inf
        for module in network.kinks:
            module.register_forward_hook(self.on_kink)
        if isinstance(network.output, ActivationModule) and network.output.name == "softmax":
            network.output.register_forward_hook(self.on_softmax)

    def on_kink(self, module, inputs, output):
        self.kink = min(self.kink, float(torch.min(torch.abs(inputs[0]))))

    def on_softmax(self, module, inputs, output):
        top = torch.topk(output.detach(), 2, dim=1).values
        self.top2 = min(self.top2, float(torch.min(top[:, 0] - top[:, 1])))


def count_correct(y, t, binary=False):
    y, t = y.detach().numpy(), t.numpy()
    if binary:
        return int(np.sum((y[:, 0] > 0.5) == (t[:, 0] == 1)))  # above 0.5 is the second class, as the platform
    return int(np.sum(np.argmax(y, axis=1) == np.argmax(t, axis=1)))  # first maximum on ties, as the platform


def evaluate(network, loss, X, T, batch):
    n, weighted, correct = X.shape[0], 0.0, 0
    with torch.no_grad():
        for start in range(0, n, batch):
            xb, tb = X[start:start + batch], T[start:start + batch]
            y = network.forward(xb, training=False)
            weighted += tb.shape[0] * float(loss.value(y, tb))
            correct += count_correct(y, tb)
    return weighted / n, correct / n


class EarlyStopping(ref.EarlyStopping):
    """generate_golden's rule; the snapshot holds every parameter and every running statistic."""

    def update(self, entry, network):
        value = entry[self.monitor]
        maximize = self.monitor.endswith("accuracy")
        better = self.best_epoch == 0 or (value > self.best + self.min_delta if maximize
                                          else value < self.best - self.min_delta)
        if better:
            self.best, self.best_epoch, self.wait = value, entry["epoch"], 0
            if self.restore_best:
                self.snapshot = copy.deepcopy(network.sequential.state_dict())
            return False
        self.wait += 1
        return self.wait >= self.patience

    def restore(self, network):
        if not self.restore_best or self.snapshot is None:
            return 0
        network.sequential.load_state_dict(self.snapshot)
        return self.best_epoch


def train(spec, perturb=None, formulas=False):
    """Trains as the platform does; returns (expected-values dict, Margins). perturb(tensor) may change every starting
    parameter and statistic in place before training; formulas as TorchNetwork's."""
    network = TorchNetwork(spec, formulas)
    if perturb is not None:
        with torch.no_grad():
            for tensor_ in network.sequential.state_dict().values():
                if tensor_.is_floating_point():
                    perturb(tensor_)
    margins = Margins(network)
    Loss.classes = ref.class_names(spec)
    loss = Loss(spec["loss"], network)
    optimizer = make_optimizer(spec["optimizer"], network.trainable())
    training = spec["training"]
    epochs = int(training["epochs"])
    X, T, validation = ref.data_sets(spec)
    n = X.shape[0]
    batch = int(training.get("batch_size", n))
    shuffle = bool(training.get("shuffle", batch < n))
    shuffle_rng = ref.SplitMix64(int(spec.get("seed", 0)) ^ ref.SHUFFLE_SEED_MIX)
    binary = ref.is_binary(T, ref.class_names(spec))
    one_hot = ref.is_one_hot(T) or binary
    X, T = tensor(X), tensor(T)
    if validation is not None:
        validation = (tensor(validation[0]), tensor(validation[1]))
        validation_one_hot = ref.is_one_hot(validation[1].numpy())
    stopping = EarlyStopping(**training["early_stopping"]) if training.get("early_stopping") is not None else None
    scheduler, per_update = make_schedule(spec["optimizer"], optimizer, epochs, (n + batch - 1) // batch)
    history, stopped = [], False
    for epoch in range(1, epochs + 1):
        order = shuffle_rng.shuffled_indices(n) if shuffle else list(range(n))
        weighted, correct = 0.0, 0
        epoch_rate = optimizer.param_groups[0]["lr"]
        for start in range(0, n, batch):
            idx = torch.tensor(order[start:start + batch], dtype=torch.long)
            xb, tb = X[idx], T[idx]
            optimizer.zero_grad(set_to_none=True)
            for dropout in network.dropouts:
                dropout.step = (epoch, start // batch + 1)
            y = network.forward(xb, training=True)
            value = loss.value(y, tb)
            value.backward()
            clip(spec["optimizer"], network.trainable())
            optimizer.step()
            if per_update:
                scheduler.step()
            weighted += len(idx) * float(value)
            if one_hot:
                correct += count_correct(y, tb, binary)
        entry = {"epoch": epoch, "loss": weighted / n}
        if one_hot:
            entry["accuracy"] = correct / n
        if validation is not None:
            val_loss, val_accuracy = evaluate(network, loss, validation[0], validation[1], max(batch, 256))
            entry["val_loss"] = val_loss
            if validation_one_hot:
                entry["val_accuracy"] = val_accuracy
        if scheduler is not None:
            entry["learning_rate"] = epoch_rate
            if not per_update:
                if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
                    schedule = spec["optimizer"]["schedule"]
                    scheduler.step(entry[schedule.get("monitor", "val_loss")])
                else:
                    scheduler.step()
        history.append(entry)
        if stopping is not None and stopping.update(entry, network):
            stopped = True
            break
    expected = {"epochs": history}
    if stopping is not None:
        expected["stopped_early"] = stopped
        expected["restored_epoch"] = stopping.restore(network)
    parameters, state = network.values()
    expected["parameters"] = parameters
    if state:
        expected["state"] = state
    return expected, margins


LAYER_FIXTURE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "nn-core", "src", "test",
                                             "resources", "dev", "nn", "layers", "normalization_torch.json"))


def pass_of(module, x, g, training):
    """One forward and backward pass: the output, dL/dx and the parameters' gradients for the upstream gradient g."""
    module.train(training)
    module.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    y = module(x)
    y.backward(g)
    return {"output": y.detach().numpy().tolist(), "input_gradient": x.grad.numpy().tolist(),
            "gamma_gradient": module.weight.grad.numpy().tolist(), "beta_gradient": module.bias.grad.numpy().tolist()}


def layer_fixture(seed=2024):
    """Inputs rounded to two decimals (so the JSON gives them exactly) and torch's results for them."""
    rng = np.random.default_rng(seed)

    def values(*shape, mean=0.0, spread=1.0):
        return np.round(rng.normal(mean, spread, size=shape), 2)

    x, g = values(5, 3, mean=0.4), values(5, 3, spread=0.5)
    gamma, beta = values(3, mean=1.0, spread=0.3), values(3, spread=0.3)
    mean0, var0 = values(3, spread=0.2), np.round(rng.uniform(0.5, 2.0, size=3), 2)
    bn = torch.nn.BatchNorm1d(3, eps=1e-3, momentum=0.2)
    with torch.no_grad():
        bn.weight.copy_(tensor(gamma))
        bn.bias.copy_(tensor(beta))
        bn.running_mean.copy_(tensor(mean0))
        bn.running_var.copy_(tensor(var0))
    batch_norm = {"epsilon": 1e-3, "momentum": 0.2, "input": x.tolist(), "output_gradient": g.tolist(),
                  "gamma": gamma.tolist(), "beta": beta.tolist(), "running_mean": mean0.tolist(),
                  "running_var": var0.tolist()}
    batch_norm["training"] = pass_of(bn, tensor(x), tensor(g), True)
    batch_norm["training"]["running_mean"] = bn.running_mean.numpy().tolist()
    batch_norm["training"]["running_var"] = bn.running_var.numpy().tolist()
    batch_norm["inference"] = pass_of(bn, tensor(x), tensor(g), False)
    x, g = values(4, 5, mean=-0.2), values(4, 5, spread=0.5)
    gamma, beta = values(5, mean=1.0, spread=0.3), values(5, spread=0.3)
    ln = torch.nn.LayerNorm(5, eps=1e-2)
    with torch.no_grad():
        ln.weight.copy_(tensor(gamma))
        ln.bias.copy_(tensor(beta))
    layer_norm = {"epsilon": 1e-2, "input": x.tolist(), "output_gradient": g.tolist(), "gamma": gamma.tolist(),
                  "beta": beta.tolist(), "pass": pass_of(ln, tensor(x), tensor(g), True)}
    return {"generated_by": "nn-it/src/test/resources/golden/generate_golden_torch.py (torch %s, float64)"
                            % torch.__version__.split("+")[0],
            "batch_norm": batch_norm, "layer_norm": layer_norm}


FLOAT32_DIR = os.path.normpath(os.path.join(HERE, "..", "golden-f32"))


def float32_specs():
    return sorted(f for f in os.listdir(FLOAT32_DIR) if f.endswith(".yaml"))


def float32_main(check):
    """The float32 goldens: each ../golden-f32/NAME.yaml (data paths, as in every spec here, relative to this folder,
    which ../golden/x.csv also is) trained in float32."""
    torch.set_default_dtype(torch.float32)
    failed = False
    for spec_file in float32_specs():
        spec = ref.load_spec(os.path.join(FLOAT32_DIR, spec_file))
        assert spec.get("dtype") == "float32", spec_file + " must say dtype: float32"
        result, margins = train(spec)
        text = ref.render(dict({"spec": spec_file, "dtype": "float32"}, **result))
        target = os.path.join(FLOAT32_DIR, spec_file[:-len(".yaml")] + ".expected.json")
        if check:
            with open(target, encoding="utf-8") as f:
                same = f.read() == text
            print(("ok      " if same else "DIFFERS ") + target)
            failed |= not same
            continue
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        first, last = result["epochs"][0], result["epochs"][-1]
        print("%-36s float32 epoch 1 loss %.9g, epoch %d loss %.9g%s; smallest |relu input| %.3g, top-2 gap %.3g"
              % (spec_file, first["loss"], last["epoch"], last["loss"],
                 (", accuracy %s -> %s" % (first["accuracy"], last["accuracy"])) if "accuracy" in last else "",
                 margins.kink, margins.top2))
    return 1 if failed else 0


def torch_specs():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".yaml") and ref.is_torch_spec(f))


def expected_for(spec_file):
    result, margins = train(ref.load_spec(os.path.join(HERE, spec_file)))
    return dict({"spec": spec_file}, **result), margins


# ---------------------------------------------------------------------------------------------------------------
# --selftest
# ---------------------------------------------------------------------------------------------------------------


def formula_check(seed=3):
    """torch's BatchNorm1d and LayerNorm against the formulas the platform documents, on random data; returns the
    largest relative difference."""
    rng = np.random.default_rng(seed)
    worst = 0.0

    def diff(a, b):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))

    x = rng.normal(0.3, 1.2, size=(5, 4))
    gamma, beta = rng.normal(1.0, 0.3, size=4), rng.normal(0.0, 0.3, size=4)
    mean0, var0 = rng.normal(0.0, 0.2, size=4), rng.uniform(0.5, 2.0, size=4)
    bn = torch.nn.BatchNorm1d(4, eps=1e-3, momentum=0.2)
    with torch.no_grad():
        bn.weight.copy_(tensor(gamma))
        bn.bias.copy_(tensor(beta))
        bn.running_mean.copy_(tensor(mean0))
        bn.running_var.copy_(tensor(var0))
    bn.train()
    y = bn(tensor(x)).detach().numpy()
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    worst = max(worst, diff(y, gamma * (x - mean) / np.sqrt(var + 1e-3) + beta))
    worst = max(worst, diff(bn.running_mean.numpy(), 0.8 * mean0 + 0.2 * mean))
    worst = max(worst, diff(bn.running_var.numpy(), 0.8 * var0 + 0.2 * var * 5 / 4))
    bn.eval()
    y = bn(tensor(x)).detach().numpy()
    worst = max(worst, diff(y, gamma * (x - bn.running_mean.numpy()) / np.sqrt(bn.running_var.numpy() + 1e-3)
                            + beta))
    ln = torch.nn.LayerNorm(4, eps=1e-2)
    with torch.no_grad():
        ln.weight.copy_(tensor(gamma))
        ln.bias.copy_(tensor(beta))
    y = ln(tensor(x)).detach().numpy()
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    worst = max(worst, diff(y, gamma * (x - mean) / np.sqrt(var + 1e-2) + beta))
    return worst


def flatten(expected):
    values = []
    for entry in expected["epochs"]:
        values.extend(v for key, v in sorted(entry.items()) if key != "epoch" and not key.endswith("accuracy"))
    for group in ("parameters", "state"):
        for v in expected.get(group, {}).values():
            values.extend(np.ravel(v).tolist())
    return np.array(values)


def sensitivity(spec_file, trials=3):
    """The largest relative change of any loss, parameter or statistic (1) when every starting value moves by a random
    +-1 ulp, over a few seeded trials, and (2) when the normalisation layers are computed by the written-out formulas
    instead of torch's kernels, as the platform computes them (other roundings, the same mathematics); and whether the
    accuracies and the early-stopping outcome stayed the same."""
    spec = ref.load_spec(os.path.join(HERE, spec_file))
    base, _ = train(spec)
    worst, same = 0.0, True
    for trial in range(trials + 1):
        gen = np.random.default_rng(trial)

        def perturb(t):
            signs = torch.from_numpy(gen.choice([-1.0, 1.0], size=tuple(t.shape)))
            t.copy_(torch.where(signs > 0, torch.nextafter(t, t + 1), torch.nextafter(t, t - 1)))

        moved, _ = train(spec, perturb) if trial < trials else train(spec, formulas=True)
        a, b = flatten(base), flatten(moved)
        if a.shape != b.shape:
            same = False
            continue
        worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-12))))
        same &= [{k: v for k, v in e.items() if k.endswith("accuracy")} for e in base["epochs"]] == \
            [{k: v for k, v in e.items() if k.endswith("accuracy")} for e in moved["epochs"]]
        same &= base.get("restored_epoch") == moved.get("restored_epoch")
    return worst, same


def main(argv):
    if "--float32" in argv:
        return float32_main("--check" in argv)
    if "--selftest" in argv:
        bad = False
        worst = formula_check()
        bad |= worst > 1e-13
        print("%-28s max relative |torch - formula| = %.2e" % ("BatchNorm1d, LayerNorm", worst))
        for spec_file in torch_specs():
            worst, same = sensitivity(spec_file)
            bad |= worst > 1e-11 or not same
            print("%-28s 1-ulp starting values or written-out formulas move results by %.2e relative%s"
                  % (spec_file, worst, "" if same else "; ACCURACY OR EARLY STOPPING CHANGED"))
        return 1 if bad else 0
    check = "--check" in argv
    failed = False
    text = ref.render(layer_fixture())
    if check:
        with open(LAYER_FIXTURE, encoding="utf-8") as f:
            same = f.read() == text
        print(("ok      " if same else "DIFFERS ") + LAYER_FIXTURE)
        failed |= not same
    else:
        os.makedirs(os.path.dirname(LAYER_FIXTURE), exist_ok=True)
        with open(LAYER_FIXTURE, "w", encoding="utf-8") as f:
            f.write(text)
    for spec_file in torch_specs():
        name = spec_file[:-len(".yaml")]
        expected, margins = expected_for(spec_file)
        text = ref.render(expected)
        target = os.path.join(HERE, name + ".expected.json")
        if check:
            with open(target, encoding="utf-8") as f:
                same = f.read() == text
            print(("ok      " if same else "DIFFERS ") + target)
            failed |= not same
            continue
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        first, last = expected["epochs"][0], expected["epochs"][-1]
        print("%-26s epoch 1 loss %.17g, epoch %d loss %.17g%s; smallest |relu input| %.3g, top-2 gap %.3g" % (
            spec_file, first["loss"], last["epoch"], last["loss"],
            (", accuracy %s -> %s" % (first["accuracy"], last["accuracy"])) if "accuracy" in last else "",
            margins.kink, margins.top2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
