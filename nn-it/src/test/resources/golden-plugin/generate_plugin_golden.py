#!/usr/bin/env python3
"""Golden values for specs that use the example plugin (examples/plugins/nn-example-plugin).

Usage:  python3 generate_plugin_golden.py            (regenerates NAME.expected.json for every NAME.yaml here)
        python3 generate_plugin_golden.py --check    (fails if a file on disk differs from a fresh run)
        python3 generate_plugin_golden.py --selftest (plugin derivatives and epoch-1 gradients vs central differences)

The training semantics (dense layers, SGD with momentum, mini-batches, epoch losses, the JSON format) are those of
../golden/generate_golden.py, imported rather than copied. This file adds, with numpy only and without looking at
the plugin's Java code, what the plugin brings:

    swish(z)    = z * sigmoid(beta z)                     (parameter beta, default 1)
    softplus(z) = log(1 + e^z)                            (no parameters)
    huber       = mean over every element of h(y - t),    (parameter delta, default 1)
                  h(d) = d^2 / 2 for |d| <= delta, else delta (|d| - delta / 2)

The plugin specs must give every layer's weights: the plugin's activations declare their own default initialiser,
which the imported reference does not know.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
import generate_golden as golden  # noqa: E402  (the platform's reference semantics)


def _sigmoid(t):
    # 1 / (1 + e^-t) for t >= 0 and e^t / (1 + e^t) for t < 0: neither exponential overflows.
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class PluginActivation(golden.Activation):
    """The reference's activations plus swish and softplus."""

    PLUGIN = ("swish", "softplus")

    def __init__(self, name, **params):
        if name not in self.PLUGIN:
            super().__init__(name, **params)
            return
        self.name = name
        self.beta = float(params.pop("beta", 1.0)) if name == "swish" else None
        if params:
            raise ValueError("unknown parameters for %s: %s" % (name, sorted(params)))

    @staticmethod
    def parse(node):
        if node is None or isinstance(node, str):
            return PluginActivation(node or "identity")
        params = {k: v for k, v in node.items() if k != "name"}
        return PluginActivation(node["name"], **params)

    def forward(self, z):
        if self.name == "swish":
            return z * _sigmoid(self.beta * z)
        if self.name == "softplus":
            return np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0)
        return super().forward(z)

    def derivative(self, z):
        if self.name == "swish":
            s = _sigmoid(self.beta * z)
            return s + self.beta * z * s * (1.0 - s)
        return _sigmoid(z)  # softplus

    def backward(self, z, y, g):
        if self.name in self.PLUGIN:
            return g * self.derivative(z)
        return super().backward(z, y, g)


class PluginLoss(golden.Loss):
    """The reference's losses plus huber."""

    def __init__(self, name, **params):
        if name != "huber":
            super().__init__(name, **params)
            return
        self.name = name
        self.delta = float(params.pop("delta", 1.0))
        if params:
            raise ValueError("unknown parameters for huber: %s" % sorted(params))

    @staticmethod
    def parse(node):
        if isinstance(node, str):
            return PluginLoss(node)
        params = {k: v for k, v in node.items() if k != "name"}
        return PluginLoss(node["name"], **params)

    def value(self, y, t):
        if self.name != "huber":
            return super().value(y, t)
        d = np.abs(y - t)
        terms = np.where(d <= self.delta, 0.5 * d * d, self.delta * (d - 0.5 * self.delta))
        s = 0.0
        for v in terms.ravel():  # increasing index order, as the platform sums
            s += v
        return s / d.size

    def gradient(self, y, t):
        if self.name != "huber":
            return super().gradient(y, t)
        return np.clip(y - t, -self.delta, self.delta) / y.size


def install():
    """Makes the imported reference build plugin activations and losses (it looks them up by these names)."""
    golden.Activation = PluginActivation
    golden.Loss = PluginLoss


def load(spec_file):
    spec = golden.load_spec(os.path.join(HERE, spec_file))
    for i, layer in enumerate(spec["layers"]):
        if layer.get("weights") is None:
            raise ValueError("%s: layers[%d] needs explicit weights (see the module docstring)" % (spec_file, i))
    return spec


def expected_for(spec_file):
    result = golden.train(load(spec_file))
    return {"spec": spec_file, "epochs": result["epochs"], "parameters": result["network"].parameters()}


def selftest():
    """Largest disagreement of the plugin derivatives and of the epoch-1 batch gradients with central differences."""
    worst = 0.0
    z = np.linspace(-6.0, 6.0, 241)
    h = 1e-6
    for act in (PluginActivation("swish", beta=1.5), PluginActivation("swish", beta=-0.7),
                PluginActivation("softplus")):
        numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h)
        worst = max(worst, float(np.max(np.abs(numeric - act.derivative(z)))))
    huber = PluginLoss("huber", delta=0.5)
    rng = np.random.default_rng(0)
    y, t = rng.uniform(-2, 2, (3, 4)), rng.uniform(-2, 2, (3, 4))
    g = huber.gradient(y, t)
    for idx in np.ndindex(y.shape):
        up, down = y.copy(), y.copy()
        up[idx] += h
        down[idx] -= h
        worst = max(worst, abs((huber.value(up, t) - huber.value(down, t)) / (2 * h) - g[idx]))
    for spec_file in specs():
        load(spec_file)
        network_worst, _ = golden.selftest(os.path.join(HERE, spec_file))  # an absolute path
        worst = max(worst, network_worst)
    return worst


def specs():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".yaml"))


def main(argv):
    install()
    if "--selftest" in argv:
        worst = selftest()
        print("max |central difference - analytic| = %.2e" % worst)
        return 1 if worst > 1e-8 else 0
    check = "--check" in argv
    failed = False
    for spec_file in specs():
        text = golden.render(expected_for(spec_file))
        target = os.path.join(HERE, spec_file[:-len(".yaml")] + ".expected.json")
        if check:
            with open(target, encoding="utf-8") as f:
                same = f.read() == text
            print(("ok      " if same else "DIFFERS ") + target)
            failed |= not same
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            data = json.loads(text)
            print("%-20s epoch 1 loss %.17g, epoch %d loss %.17g" % (
                spec_file, data["epochs"][0]["loss"], data["epochs"][-1]["epoch"], data["epochs"][-1]["loss"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
