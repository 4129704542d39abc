#!/usr/bin/python3
"""Golden values for learning-rate schedules, the adamw and rmsprop optimizers and gradient clipping, computed by
PyTorch (torch.optim.lr_scheduler, torch.optim.AdamW / RMSprop, torch.nn.utils.clip_grad_norm_ / clip_grad_value_)
in float64, and of adam and sgd with momentum in float32, for nn-core's unit tests.

Usage (Debian's python3-torch):
        /usr/bin/python3 generate_optimization_torch.py          (rewrites the four fixtures below)
        /usr/bin/python3 generate_optimization_torch.py --check  (fails if a fixture on disk differs)

Fixtures (under nn-core/src/test/resources/dev/nn/):
  schedules/schedules_torch.json   for each case: the schedule as a spec writes it, the base rate, epochs, updates
                                   per epoch, the metric fed after each epoch (plateau), and `rates`: the rate of
                                   every update in order, read from the optimizer's param_groups just before it.
                                   Epoch schedules are stepped after each epoch (ReduceLROnPlateau with that epoch's
                                   metric), step schedules after each update. cosine is LinearLR(start_factor,
                                   total_iters=W) then CosineAnnealingLR(T_max=T-W, eta_min) chained by SequentialLR
                                   at milestone W (plain CosineAnnealingLR without warm-up).
  optimizers/optimizers_torch.json for each case: the optimizer as a spec writes it, the starting parameters, and per
                                   step the gradients torch computed (of a fixed least-squares loss of the current
                                   parameters) and the parameters after the step; the Java test replays the gradients.
  optimizers/optimizers_float32_torch.json
                                   the same for adam and sgd with momentum on float32 parameters (torch.optim.Adam,
                                   torch.optim.SGD, foreach=False): float32 values written exactly as doubles.
  train/clipping_torch.json        random gradients of three tensors before and after clip_grad_norm_ (clipping and
                                   not) and clip_grad_value_, with the total norm torch returned.
"""
import json
import math
import os
import sys

import warnings

import torch

torch.set_default_dtype(torch.float64)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)
# SequentialLR itself calls CosineAnnealingLR.step(0) at the milestone, which torch 1.13 warns about.
warnings.filterwarnings("ignore", message="The epoch parameter")

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "nn-core", "src", "test", "resources",
                                     "dev", "nn"))
SCHEDULES = os.path.join(CORE, "schedules", "schedules_torch.json")
OPTIMIZERS = os.path.join(CORE, "optimizers", "optimizers_torch.json")
FLOAT32_OPTIMIZERS = os.path.join(CORE, "optimizers", "optimizers_float32_torch.json")
CLIPPING = os.path.join(CORE, "train", "clipping_torch.json")

METRIC_SEQUENCE = [1.0, 0.8, 0.7, 0.69995, 0.71, 0.7, 0.72, 0.6, 0.6, 0.61, 0.62, 0.63, 0.5, 0.5, 0.5, 0.5, 0.4,
                   0.41, 0.42, 0.43]
ACCURACY_SEQUENCE = [0.5, 0.6, 0.6, 0.605, 0.6, 0.7, 0.7, 0.7, 0.705, 0.7, 0.7, 0.71, 0.8, 0.8, 0.8, 0.8, 0.8,
                     0.8, 0.8, 0.8]

SCHEDULE_CASES = [
    ("constant", {"name": "constant"}, 0.1, 5, 2, None),
    ("step_epochs", {"name": "step", "step_size": 3, "gamma": 0.5}, 0.1, 10, 2, None),
    ("step_updates_default_gamma", {"name": "step", "step_size": 4, "interval": "step"}, 0.2, 3, 5, None),
    ("exponential_epochs", {"name": "exponential", "gamma": 0.9}, 0.05, 8, 1, None),
    ("exponential_updates", {"name": "exponential", "gamma": 0.97, "interval": "step"}, 0.05, 4, 3, None),
    ("cosine_epochs", {"name": "cosine"}, 0.05, 10, 2, None),
    ("cosine_warmup_epochs_min", {"name": "cosine", "warmup_epochs": 2, "min_learning_rate": 0.001}, 0.05, 10, 2,
     None),
    ("cosine_warmup_steps", {"name": "cosine", "interval": "step", "warmup_steps": 3, "warmup_start_factor": 0.1},
     0.01, 4, 5, None),
    ("cosine_step_warmup_in_epochs", {"name": "cosine", "interval": "step", "warmup_epochs": 1}, 0.01, 4, 3, None),
    ("cosine_short_period", {"name": "cosine", "period": 4}, 0.1, 10, 1, None),
    ("plateau_min_rel", {"name": "reduce_on_plateau", "monitor": "loss", "patience": 2, "factor": 0.5}, 0.1, 20, 2,
     METRIC_SEQUENCE),
    ("plateau_max_abs_cooldown", {"name": "reduce_on_plateau", "monitor": "accuracy", "threshold": 0.01,
                                  "threshold_mode": "abs", "patience": 1, "cooldown": 2, "factor": 0.3,
                                  "min_learning_rate": 0.02}, 0.1, 20, 1, ACCURACY_SEQUENCE),
    ("plateau_defaults", {"name": "reduce_on_plateau"}, 0.1, 25, 1, [1.0] * 25),
]


def scheduler_for(spec, optimizer, epochs, batches):
    name = spec["name"]
    interval = spec.get("interval", "epoch")
    if name == "constant":
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: 1.0)
    if name == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=spec["step_size"], gamma=spec.get("gamma", 0.1))
    if name == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=spec["gamma"])
    if name == "cosine":
        total = spec.get("period", epochs if interval == "epoch" else epochs * batches)
        warmup = spec.get("warmup_epochs", 0) * (batches if interval == "step" else 1) + spec.get("warmup_steps", 0)
        eta_min = spec.get("min_learning_rate", 0.0)
        if warmup == 0:
            return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total, eta_min=eta_min)
        linear = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=spec.get("warmup_start_factor", 1 / 3),
                                                   end_factor=1.0, total_iters=warmup)
        cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=eta_min)
        return torch.optim.lr_scheduler.SequentialLR(optimizer, [linear, cosine], milestones=[warmup])
    if name == "reduce_on_plateau":
        monitor = spec.get("monitor", "val_loss")
        return torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode=spec.get("mode", "max" if monitor.endswith("accuracy") else "min"),
            factor=spec.get("factor", 0.1), patience=spec.get("patience", 10), threshold=spec.get("threshold", 1e-4),
            threshold_mode=spec.get("threshold_mode", "rel"), cooldown=spec.get("cooldown", 0),
            min_lr=spec.get("min_learning_rate", 0.0), eps=spec.get("epsilon", 1e-8))
    raise ValueError(name)


def schedule_case(case):
    label, spec, base, epochs, batches, metrics = case
    p = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([p], lr=base)
    scheduler = scheduler_for(spec, optimizer, epochs, batches)
    per_step = spec.get("interval", "epoch") == "step"
    rates = []
    for epoch in range(epochs):
        for batch in range(batches):
            rates.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if per_step:
                scheduler.step()
        if not per_step:
            if metrics is not None:
                scheduler.step(metrics[epoch])
            else:
                scheduler.step()
    case = {"case": label, "schedule": spec, "base_learning_rate": base, "epochs": epochs,
            "batches_per_epoch": batches}
    if metrics is not None:
        case["metrics"] = metrics
    case["rates"] = rates
    return case


OPTIMIZER_CASES = [
    ("adamw_defaults", {"name": "adamw", "learning_rate": 0.01}),
    ("adamw_amsgrad_betas", {"name": "adamw", "learning_rate": 0.02, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6,
                             "weight_decay": 0.1, "amsgrad": True}),
    ("rmsprop_defaults", {"name": "rmsprop"}),
    ("rmsprop_momentum_centered_decay", {"name": "rmsprop", "learning_rate": 0.005, "alpha": 0.9, "epsilon": 1e-6,
                                         "momentum": 0.8, "centered": True, "weight_decay": 0.01}),
    ("rmsprop_momentum", {"name": "rmsprop", "learning_rate": 0.003, "momentum": 0.5}),
]

# Optimizers that update float32 parameters in float32 arithmetic with float32 state, as torch does on float32
# tensors: the same problem in float32 (every value below is a float32 one, written exactly as a double).
FLOAT32_OPTIMIZER_CASES = [
    ("adam_float32", {"name": "adam", "learning_rate": 0.01}),
    ("adam_float32_betas_decay", {"name": "adam", "learning_rate": 0.02, "beta1": 0.8, "beta2": 0.95,
                                  "epsilon": 1e-6, "weight_decay": 0.1}),
    ("sgd_float32_momentum", {"name": "sgd", "learning_rate": 0.05, "momentum": 0.9}),
    ("sgd_float32_nesterov_decay", {"name": "sgd", "learning_rate": 0.05, "momentum": 0.8, "nesterov": True,
                                    "weight_decay": 0.01}),
]


def torch_optimizer(spec, parameters):
    if spec["name"] == "adam":
        return torch.optim.Adam(parameters, lr=spec.get("learning_rate", 0.001),
                                betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)),
                                eps=spec.get("epsilon", 1e-8), weight_decay=spec.get("weight_decay", 0.0),
                                foreach=False)
    if spec["name"] == "sgd":
        return torch.optim.SGD(parameters, lr=spec["learning_rate"], momentum=spec.get("momentum", 0.0),
                               nesterov=spec.get("nesterov", False), weight_decay=spec.get("weight_decay", 0.0),
                               foreach=False)
    if spec["name"] == "adamw":
        return torch.optim.AdamW(parameters, lr=spec.get("learning_rate", 0.001),
                                 betas=(spec.get("beta1", 0.9), spec.get("beta2", 0.999)),
                                 eps=spec.get("epsilon", 1e-8), weight_decay=spec.get("weight_decay", 0.01),
                                 amsgrad=spec.get("amsgrad", False), foreach=False)
    if spec["name"] == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=spec.get("learning_rate", 0.01), alpha=spec.get("alpha", 0.99),
                                   eps=spec.get("epsilon", 1e-8), weight_decay=spec.get("weight_decay", 0.0),
                                   momentum=spec.get("momentum", 0.0), centered=spec.get("centered", False),
                                   foreach=False)
    raise ValueError(spec["name"])


def matrix(t):
    return [[float(v) for v in row] for row in t.detach().reshape(t.shape[0], -1)]


def optimizer_case(case, steps=12, seed=7, dtype=torch.float64):
    label, spec = case
    generator = torch.Generator().manual_seed(seed)
    w = torch.nn.Parameter(torch.randn(3, 2, generator=generator).to(dtype))
    b = torch.nn.Parameter(torch.randn(1, 3, generator=generator).to(dtype))
    x = torch.randn(4, 2, generator=generator).to(dtype)
    t = torch.randn(4, 3, generator=generator).to(dtype)
    optimizer = torch_optimizer(spec, [w, b])
    result = {"case": label, "optimizer": spec, "initial": {"W": matrix(w), "b": matrix(b)}, "steps": []}
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        loss = torch.mean((x @ w.T + b - t) ** 2)
        loss.backward()
        gradients = {"W": matrix(w.grad), "b": matrix(b.grad)}
        optimizer.step()
        result["steps"].append({"gradients": gradients, "after": {"W": matrix(w), "b": matrix(b)}})
    return result


def clipping_cases(seed=11):
    generator = torch.Generator().manual_seed(seed)
    gradients = [torch.randn(3, 4, generator=generator) * 2.0, torch.randn(1, 4, generator=generator),
                 torch.randn(2, 3, generator=generator) * 0.5]
    cases = []
    for label, kind, limit in (("norm_clips", "norm", 1.0), ("norm_does_not_clip", "norm", 100.0),
                               ("value", "value", 0.5)):
        parameters = [torch.nn.Parameter(torch.zeros_like(g)) for g in gradients]
        for p, g in zip(parameters, gradients):
            p.grad = g.clone()
        case = {"case": label, "kind": kind, "limit": limit, "before": [matrix(g) for g in gradients]}
        if kind == "norm":
            case["total_norm"] = float(torch.nn.utils.clip_grad_norm_(parameters, limit))
        else:
            torch.nn.utils.clip_grad_value_(parameters, limit)
        case["after"] = [matrix(p.grad) for p in parameters]
        cases.append(case)
    return cases


def render(obj):
    return json.dumps(obj, indent=1) + "\n"


def main(argv):
    version = torch.__version__.split("+")[0]
    outputs = {
        SCHEDULES: {"generator": "generate_optimization_torch.py (torch %s)" % version,
                    "cases": [schedule_case(c) for c in SCHEDULE_CASES]},
        OPTIMIZERS: {"generator": "generate_optimization_torch.py (torch %s)" % version,
                     "cases": [optimizer_case(c) for c in OPTIMIZER_CASES]},
        CLIPPING: {"generator": "generate_optimization_torch.py (torch %s)" % version, "cases": clipping_cases()},
        FLOAT32_OPTIMIZERS: {"generator": "generate_optimization_torch.py (torch %s)" % version,
                             "cases": [optimizer_case(c, dtype=torch.float32) for c in FLOAT32_OPTIMIZER_CASES]},
    }
    failed = False
    for path, content in outputs.items():
        text = render(content)
        if "--check" in argv:
            with open(path, encoding="utf-8") as f:
                same = f.read() == text
            print(("ok      " if same else "DIFFERS ") + path)
            failed |= not same
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote " + path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
