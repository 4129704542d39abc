"""Runs the benchmark for bench/run: the platform (bench/Driver.java, the CLI) against numpy
(bench/numpy_workloads.py, python3) and PyTorch in float64 and float32 (bench/torch_workloads.py, the Python that has
torch), alternating process by process, and prints the table. Standard library only."""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

TOLERANCE = {"float64": 1e-9, "float32": 1e-5}
# One epoch of Adam amplifies float32 rounding: Adam's step has the same size for any gradient, however small, so
# rounding noise in near-zero gradients moves weights by full steps, and two float32 programs that round differently
# drift apart like random walks. Measured (bench/README.md): torch float32 ends W4 2.2e-3 (relative) away from the
# float64 losses, nn float32 5.5e-3, and the two float32 sides 7.7e-3 apart (the validation loss; the epoch loss
# 3.9e-4, the test loss 3.7e-3); torch float32 on one thread instead of two ended 7.4e-3 away from itself and 2.9e-3
# from nn float32. The float32 check of W4 is therefore to 1e-2, which holds with a margin of 1.3 over the largest
# difference measured, 7.7e-3.
W4_FLOAT32_TOLERANCE = 1e-2
DRIVER_JVM = ["--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"]
THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
NN32_UNAVAILABLE = "nn float32: not available in this build (`dtype: float32` is refused at the top level and in training:)"


def parse_args():
    p = argparse.ArgumentParser(prog="bench/run")
    p.add_argument("--root", required=True)
    p.add_argument("--dist", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--torch-python", default="", help="the Python that imports torch (bench/run finds it)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds per workload (default 3)")
    p.add_argument("--quick", action="store_true", help="fewer repetitions, and no full Fashion-MNIST run")
    p.add_argument("--only", default="", help="comma-separated workloads, e.g. W2,W3,W6,MEMORY")
    p.add_argument("--build", action="store_true", help="rebuild the distribution first (done by bench/run)")
    p.add_argument("--warm-up-seconds", type=float, default=2.0,
                   help="in-process workloads (W1-W3, W6) warm up for at least this long on every side before the "
                        "timed repetitions, so that nn is timed once C2 has compiled its kernels (default 2)")
    return p.parse_args()


def numpy_env():
    """numpy as it runs best here: without the OpenBLAS overrides some machines set for old OpenBLAS builds, on
    every core."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["OPENBLAS_NUM_THREADS"] = str(THREADS)
    return env


def torch_env():
    """torch on as many threads as nn: OpenMP's and the BLAS's thread counts (torch.set_num_threads is the script's)."""
    env = numpy_env()
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(THREADS)
    return env


class Bench:
    def __init__(self, args):
        self.args = args
        self.root = args.root
        self.dist = args.dist
        self.py = args.python
        self.torch_py = args.torch_python
        self.work = tempfile.mkdtemp(prefix="nn-bench-")
        self.log = tempfile.NamedTemporaryFile("w", prefix="nn-bench-", suffix=".log", delete=False)
        self.nn32 = None  # how to write a float32 spec, once probed: "top", "training" or "" (not available)

    def run(self, command, env=None, cwd=None, check=True):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd or self.root, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        self.log.write("$ %s\n%s%s\n" % (" ".join(command), result.stdout, result.stderr))
        self.log.flush()
        if check and result.returncode != 0:
            sys.exit("failed (exit %d): %s\n%s%s\nlog: %s" % (result.returncode, " ".join(command), result.stdout,
                                                                result.stderr, self.log.name))
        return (result.stdout, elapsed) if check else (result.returncode, result.stdout + result.stderr)

    def driver(self, *args):
        out, _ = self.run(["java"] + DRIVER_JVM + ["-cp", os.path.join(self.dist, "lib", "*"),
                                                   os.path.join(self.root, "bench", "Driver.java")] + list(args))
        return parse_output(out)

    def numpy(self, *args):
        out, _ = self.run([self.py, os.path.join(self.root, "bench", "numpy_workloads.py")] + list(args),
                          env=numpy_env())
        return parse_output(out)

    def torch(self, mode, spec, dtype, *args):
        out, elapsed = self.run([self.torch_py, os.path.join(self.root, "bench", "torch_workloads.py"), mode, spec,
                                 dtype, str(THREADS)] + list(args), env=torch_env())
        values = parse_output(out)
        values["elapsed"] = elapsed
        return values

    def float32_spec(self, spec):
        """`spec` with `dtype: float32` where this build accepts it (probed once with nn validate), or None."""
        if self.nn32 is None:
            self.nn32 = ""
            for where in ("top", "training"):
                code, _ = self.run([os.path.join(self.dist, "bin", "nn"), "validate",
                                    self.write_float32(spec, where)], check=False)
                if code == 0:
                    self.nn32 = where
                    break
        return self.write_float32(spec, self.nn32) if self.nn32 else None

    def write_float32(self, spec, where):
        with open(os.path.join(self.root, spec)) as f:
            text = f.read()
        if where == "top":
            text = text.rstrip("\n") + "\ndtype: float32\n"
        else:
            text, count = re.subn(r"^training:\n", "training:\n  dtype: float32\n", text, count=1, flags=re.M)
            assert count == 1, spec + " has no block `training:`"
        path = os.path.join(self.work, "f32-" + os.path.basename(spec))
        with open(path, "w") as f:
            f.write(text)
        return path


def parse_output(text):
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("times", "losses", "epochs"):
            values[parts[0]] = [float(v) for v in parts[1:]]
    return values


def check_losses(name, side, ours, theirs, tolerance, reference="nn"):
    """The largest relative difference between `ours` (the reference side's losses) and `theirs`; stops the run
    when it exceeds `tolerance`, so a fast wrong answer cannot pass."""
    if len(ours) != len(theirs) or not ours:
        sys.exit("%s: %s reported %d losses and %s %d" % (name, reference, len(ours), side, len(theirs)))
    worst = 0.0
    for i, (a, b) in enumerate(zip(ours, theirs)):
        scale = max(abs(a), abs(b))
        relative = abs(a - b) / scale if scale else 0.0
        worst = max(worst, relative)
        if relative > tolerance:
            sys.exit("%s: loss %d differs: %s %r, %s %r (relative %.3g > %g)"
                     % (name, i + 1, reference, a, side, b, relative, tolerance))
    return worst


def step_flops(sizes, batch):
    """Forward, weight gradients, and input gradients of every layer but the first (what numpy computes)."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    macs = sum(i * o for i, o in pairs) * 2 + sum(i * o for i, o in pairs[1:])
    return 2.0 * batch * macs


SIDES = ("nn", "numpy", "torch64", "torch32", "nn32")
HEADINGS = {"nn": "nn", "numpy": "numpy", "torch64": "torch f64", "torch32": "torch f32", "nn32": "nn f32"}


def compare(name, sides, float32_tolerance=TOLERANCE["float32"]):
    """Checks every side's losses: float64 ones against nn's to 1e-9 relative, float32 ones to 1e-5 (nn float32
    against torch float32; torch float32 against nn's float64 when there is no nn float32)."""
    notes = []
    losses = {side: values["losses"] for side, values in sides.items()}
    for side in ("numpy", "torch64"):
        if side in losses:
            notes.append("%s %.0e" % (HEADINGS[side], check_losses(name, HEADINGS[side], losses["nn"],
                                                                  losses[side], TOLERANCE["float64"])))
    if "torch32" in losses:
        reference = "nn32" if "nn32" in losses else "nn"
        notes.append("torch f32 %.0e vs %s" % (check_losses(name, "torch f32", losses[reference], losses["torch32"],
                                                            float32_tolerance, HEADINGS[reference]),
                                               HEADINGS[reference]))
    if "nn32" in losses and "torch32" not in losses:
        notes.append("nn f32 %.0e vs nn" % check_losses(name, "nn f32", losses["nn"], losses["nn32"],
                                                        float32_tolerance))
    return "%d losses agree, max rel. diff: %s" % (len(losses["nn"]), ", ".join(notes))


def alternate(bench, name, rounds, runners, flops=None, note="", float32_tolerance=TOLERANCE["float32"]):
    """Runs every side's process in turn, `rounds` times; each runner returns parse_output's values."""
    times = {side: [] for side in runners}
    last = {}
    load_before = os.getloadavg()[0]
    for _ in range(rounds):
        for side, runner in runners.items():
            values = runner()
            times[side] += values["times"]
            last[side] = values
    check = compare(name, last, float32_tolerance)
    print("%s: %s" % (name, ", ".join("%s %s" % (HEADINGS[side], fmt_time(statistics.median(t)))
                                      for side, t in times.items())), flush=True)
    return row(name, {side: statistics.median(t) for side, t in times.items()}, flops,
               (note + "; " if note else "") + check, (load_before, os.getloadavg()[0]))


def in_process(bench, name, spec, rounds, nn_args, numpy_args, torch_args, flops=None, mode="step"):
    """A workload timed inside each process (Driver.java, numpy_workloads.py, torch_workloads.py)."""
    runners = {"nn": lambda: bench.driver(mode, spec, *nn_args),
               "numpy": lambda: bench.numpy(mode, spec, *numpy_args)}
    if bench.torch_py and torch_args is not None:  # W1's 3-4-2-3 sigmoid network has no torch version
        runners["torch64"] = lambda: bench.torch(mode, spec, "float64", *torch_args)
        runners["torch32"] = lambda: bench.torch(mode, spec, "float32", *torch_args)
    spec32 = bench.float32_spec(spec)
    if spec32:
        runners["nn32"] = lambda: bench.driver(mode, spec32, *nn_args)
    return alternate(bench, name, rounds, runners, flops)


def row(name, medians, flops, note, load=None):
    nn = medians["nn"]
    return {"name": name, "times": medians,
            "ratios": dict({side: medians[side] / nn for side in medians if side != "nn"},
                           **({"torch32/nn32": medians["torch32"] / medians["nn32"]}
                              if "torch32" in medians and "nn32" in medians else {})),
            "gflops": None if flops is None else {side: flops / t / 1e9 for side, t in medians.items()},
            "note": note, "load": load}


FLOOR_STEPS = ["java", "picocli", "picocli+guice", "picocli+guice+jackson"]


def start_up(bench, rounds):
    """W5, nn validate against the notebook, and its floor: bench/startup/StartUpFloor.java, which only starts the
    JVM and the libraries nn validate is built on, with bin/nn's JVM options, the library settings of
    dev.nn.cli.Main and a start-up archive of its own. Each round runs every program once, the notebook included."""
    nn = [os.path.join(bench.dist, "bin", "nn"), "validate", "examples/document.yaml"]
    notebook = [bench.py, os.path.join(bench.root, "docs", "notebook", "notebook_as_written.py")]
    floor = start_up_floor_command(bench)
    programs = {"nn": nn}
    programs.update({step: floor + [step, "examples/document.yaml"] for step in FLOOR_STEPS})
    times = {name: [] for name in programs}
    theirs = []
    for command in programs.values():  # page cache and start-up archives warm
        bench.run(command)
    bench.run(notebook, env=numpy_env())
    for _ in range(rounds * 3):
        for name, command in programs.items():
            times[name].append(bench.run(command)[1])
        theirs.append(bench.run(notebook, env=numpy_env())[1])
    python = statistics.median(theirs)
    rows = [row("W5 start-up: nn validate vs python3 notebook", {"nn": statistics.median(times["nn"]),
                                                                   "numpy": python}, None, "process start to exit")]
    rows += [row("W5 floor: " + ("the JVM alone" if step == "java" else step + ", doing nothing"),
                 {"nn": statistics.median(times[step]), "numpy": python}, None,
                 "bench/startup/StartUpFloor.java, same JVM options") for step in FLOOR_STEPS]
    return rows


def start_up_floor_command(bench):
    """Compiles StartUpFloor.java against the distribution's jars, builds its start-up archive from the class lists
    of every step, and returns the command that runs it (the step and the spec to be appended)."""
    work = tempfile.mkdtemp(prefix="nn-bench-floor-")
    lib = os.path.join(bench.dist, "lib", "*")
    bench.run(["javac", "-d", os.path.join(work, "classes"), "-cp", lib,
               os.path.join(bench.root, "bench", "startup", "StartUpFloor.java")])
    jar = os.path.join(work, "floor.jar")
    bench.run(["jar", "cf", jar, "-C", os.path.join(work, "classes"), "."])
    jvm = ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
           "-cp", lib + os.pathsep + jar]
    lists = []
    for step in FLOOR_STEPS:
        lists.append(os.path.join(work, "classes-%d" % len(lists)))
        bench.run(jvm + ["-XX:DumpLoadedClassList=" + lists[-1], "StartUpFloor", step, "examples/document.yaml"])
    merged, seen = os.path.join(work, "classes.lst"), set()
    with open(merged, "w") as out:
        for name in lists:
            for line in open(name):
                if line not in seen:
                    seen.add(line)
                    out.write(line)
    archive = os.path.join(work, "floor.jsa")
    bench.run(jvm + ["-Xshare:dump", "-XX:SharedClassListFile=" + merged, "-XX:SharedArchiveFile=" + archive])
    return jvm + ["-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds*=off", "StartUpFloor"]


def w4_spec(bench):
    """W4's spec: examples/fashion-mnist.yaml as it is, with `epochs: 1` (its one line `  epochs: N` replaced)."""
    with open(os.path.join(bench.root, "examples", "fashion-mnist.yaml")) as f:
        text = f.read()
    text, count = re.subn(r"^(  epochs: )\d+$", r"\g<1>1", text, flags=re.M)
    if count != 1:
        sys.exit("examples/fashion-mnist.yaml: expected one line `  epochs: N` under training:, found %d" % count)
    os.makedirs(os.path.join(bench.work, "w4"), exist_ok=True)
    path = os.path.join(bench.work, "w4", "w4-fashion-1epoch.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def nn_train(bench, spec):
    """`nn train SPEC --metrics FILE`, timed from process start to exit; losses: each epoch's loss, each epoch's
    validation loss, the test loss (as printed, 10 decimals)."""
    metrics = os.path.join(bench.work, "metrics.jsonl")
    out, elapsed = bench.run([os.path.join(bench.dist, "bin", "nn"), "train", spec, "--metrics", metrics])
    with open(metrics) as f:
        epochs = [json.loads(line) for line in f if line.strip()]
    test = re.search(r"^test: loss ([0-9.eE+-]+)", out, re.M)
    return {"times": [elapsed], "losses": [e["loss"] for e in epochs] + [e["val_loss"] for e in epochs]
            + [float(test.group(1))]}


def fashion_epoch(bench, rounds):
    """W4: `nn train` of the one-epoch example against numpy and torch doing the same epoch, process to process."""
    spec = w4_spec(bench)

    def timed(command, env):
        out, elapsed = bench.run(command, env=env)
        values = parse_output(out)
        values["times"] = [elapsed]
        return values

    runners = {"nn": lambda: nn_train(bench, spec),
               "numpy": lambda: timed([bench.py, os.path.join(bench.root, "bench", "numpy_workloads.py"), "fashion",
                                       spec], numpy_env())}
    for side, dtype in (("torch64", "float64"), ("torch32", "float32")):
        if bench.torch_py:
            runners[side] = (lambda d: lambda: timed([bench.torch_py, os.path.join(bench.root, "bench",
                                                                                  "torch_workloads.py"),
                                                      "fashion", spec, d, str(THREADS)], torch_env()))(dtype)
    spec32 = bench.float32_spec(spec)
    if spec32:
        runners["nn32"] = lambda: nn_train(bench, spec32)
    return alternate(bench, "W4 Fashion-MNIST, 1 epoch, process start to exit", rounds, runners,
                     note="loss, val_loss, test loss (printed to 10 decimals); float32 to %g" % W4_FLOAT32_TOLERANCE,
                     float32_tolerance=W4_FLOAT32_TOLERANCE)


def peak_rss(bench, command, env=None):
    """Peak resident set (the kernel's ru_maxrss of the process and its waited-for children) and wall time."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=bench.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    bench.log.write("$ %s\n%s\n" % (" ".join(command), output))
    bench.log.flush()
    if status != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), output[-2000:]))
    return usage.ru_maxrss * 1024, elapsed, output


def peak_memory(bench):
    """The full Fashion-MNIST example: nn train against torch_workloads.py fashion doing the same training (early
    stopping included) in float64 and float32. Returns rows (side, peak bytes, seconds, epochs run/restored)."""
    spec = "examples/fashion-mnist.yaml"
    metrics = os.path.join(bench.work, "memory.jsonl")
    rss, elapsed, out = peak_rss(bench, [os.path.join(bench.dist, "bin", "nn"), "train", spec, "--metrics", metrics])
    stopped = re.search(r"restored (?:the parameters of )?epoch (\d+)", out)
    with open(metrics) as f:
        epochs = sum(1 for line in f if line.strip())
    rows = [("nn", rss, elapsed, "%d epochs%s" % (epochs, ", restored epoch " + stopped.group(1) if stopped else ""))]
    print("peak memory: nn %.0f MiB" % (rss / 2 ** 20), flush=True)
    if bench.torch_py:
        for dtype in ("float64", "float32"):
            rss, elapsed, out = peak_rss(bench, [bench.torch_py, os.path.join(bench.root, "bench",
                                                                             "torch_workloads.py"),
                                                 "fashion", spec, dtype, str(THREADS)], torch_env())
            run, restored = parse_output(out)["epochs"]
            rows.append(("torch " + dtype, rss, elapsed, "%d epochs, restored epoch %d" % (run, restored)))
            print("peak memory: torch %s %.0f MiB" % (dtype, rss / 2 ** 20), flush=True)
    return rows


def vector_width(flags):
    for flag, bits in (("avx512f", 512), ("avx2", 256), ("avx", 256), ("sve", 0), ("asimd", 128), ("sse2", 128)):
        if flag in flags:
            return "%s-bit (%s)" % (bits, flag) if bits else "scalable (sve)"
    return "unknown"


def machine(bench):
    lines = []
    cpu, width = "unknown", "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
        model = re.search(r"model name\s*:\s*(.*)", info)
        flags = re.search(r"(?:flags|Features)\s*:\s*(.*)", info)
        cpu = model.group(1).strip() if model else cpu
        if flags:
            width = vector_width(flags.group(1).split())
    except OSError:
        pass
    lines.append("machine: %s, %d cores, vectors %s, %s %s; every workload on %d threads"
                 % (cpu, os.cpu_count(), width, platform.system(), platform.release(), THREADS))
    lines.append("load:    %.1f %.1f %.1f (1, 5, 15 min) at the start" % os.getloadavg())
    java = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
    lines.append("java:    " + " / ".join(l.strip() for l in java[:2]))
    code, version = bench.run([os.path.join(bench.dist, "bin", "nn"), "--version", "--verbose"], check=False)
    kernel = [l.split(":", 1)[1].strip() for l in version.splitlines() if l.lower().startswith("kernel")]
    out, _ = bench.run(["java"] + DRIVER_JVM + ["-cp", os.path.join(bench.dist, "lib", "*"),
                                                os.path.join(bench.root, "bench", "Driver.java"), "info"])
    info = dict(line.split(" ", 1) for line in out.strip().splitlines() if " " in line)
    lines.append("nn:      " + (version.splitlines()[0].strip() if code == 0 else "nn") + "; kernels: " +
                 (kernel[0] + " (nn --version --verbose)" if kernel else
                  info.get("kernels", "?") + " (Driver.java; nn --version --verbose names none)"))
    if "float32-kernels" in info:
        lines.append("nn f32:  kernels: " + info["float32-kernels"])
    out, _ = bench.run([bench.py, os.path.join(bench.root, "bench", "numpy_workloads.py"), "info"], env=numpy_env())
    lines.append("numpy:   %s %s; %s" % (platform.python_implementation(), platform.python_version(),
                                         "; ".join(out.strip().splitlines())))
    lines.append("numpy runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (were: %s)" % ", ".join(
        "%s=%s" % (k, os.environ[k]) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ)
                 if any(k in os.environ for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")) else
                 "numpy runs with the environment as it is (no OPENBLAS_* overrides set)")
    if not bench.torch_py:
        lines.append("torch:   not found (no python3 here imports torch: apt-get install python3-torch for "
                     "/usr/bin/python3); the torch columns are left out")
    else:
        out, _ = bench.run([bench.torch_py, os.path.join(bench.root, "bench", "torch_workloads.py"), "info"],
                           env=torch_env())
        values = dict(line.split(" ", 1) for line in out.strip().splitlines() if " " in line)
        lines.append("torch:   %s (%s); %s; set_num_threads(%d), OMP/OPENBLAS/MKL_NUM_THREADS=%d"
                     % (values.get("torch", "?"), bench.torch_py, values.get("build", ""), THREADS, THREADS))
        lines.append("torch BLAS: %s: %s" % (values.get("blas-kind"), values.get("blas-libraries")))
        if "REFERENCE" in values.get("blas-kind", "") or "OpenBLAS" not in values.get("blas-kind", ""):
            lines.append("WARNING: torch uses the slow reference BLAS, not an optimised one; its times are not "
                         "representative. Get the real BLAS: apt-get install libopenblas0-openmp")
    spec32 = bench.float32_spec("bench/workloads/w2-step.yaml")
    lines.append("nn float32: `dtype: float32` accepted (%s), column nn f32 added"
                 % ("top level" if bench.nn32 == "top" else "in training:") if spec32 else NN32_UNAVAILABLE)
    return lines


def fmt_time(seconds):
    if seconds < 1e-3:
        return "%.1f us" % (seconds * 1e6)
    if seconds < 1:
        return "%.2f ms" % (seconds * 1e3)
    return "%.2f s" % seconds


def main():
    args = parse_args()
    bench = Bench(args)
    only = set(w.strip().upper() for w in args.only.split(",") if w.strip())
    wanted = lambda w: not only or w in only
    rounds = args.rounds
    # Read by Driver.java, numpy_workloads.py and torch_workloads.py alike (their `repetitions`).
    os.environ["BENCH_WARMUP_SECONDS"] = repr(args.warm_up_seconds)
    quick = args.quick
    rows = []
    for line in machine(bench):
        print(line, flush=True)
    print("warm-up: in-process workloads repeat for at least %g s on every side before they are timed "
          "(--warm-up-seconds)" % args.warm_up_seconds, flush=True)
    print(flush=True)
    if wanted("W1"):
        rows.append(in_process(bench, "W1 document network, 40 epochs", "examples/document.yaml", rounds,
                               ["3000" if quick else "20000", "50" if quick else "200"],
                               ["20", "20" if quick else "50"], None, mode="document"))
    if wanted("W2"):
        rows.append(in_process(bench, "W2 step 784-256-128-10, batch 64", "bench/workloads/w2-step.yaml", rounds,
                               ["20", "10", "5" if quick else "10"], ["20", "2", "3" if quick else "5"],
                               ["20", "5", "5" if quick else "10"], flops=step_flops([784, 256, 128, 10], 64)))
    if wanted("W3"):
        rows.append(in_process(bench, "W3 step 784-1024-1024-10, batch 256", "bench/workloads/w3-step.yaml", rounds,
                               ["5", "4", "3" if quick else "5"], ["5", "1", "2" if quick else "4"],
                               ["5", "2", "2" if quick else "4"], flops=step_flops([784, 1024, 1024, 10], 256)))
    if wanted("W6"):
        rows.append(in_process(bench, "W6 inference 784-512-256-10, 10k samples, batches of 1000",
                               "bench/workloads/w6-inference.yaml", rounds,
                               ["10000", "1000", "5", "3" if quick else "5"], ["10000", "1000", "1", "2"],
                               ["10000", "1000", "2", "2" if quick else "4"], mode="predict",
                               flops=2.0 * 10000 * (784 * 512 + 512 * 256 + 256 * 10)))
    fashion_data = os.path.exists("/usr/share/datasets/fashion-mnist")
    if wanted("W4"):
        if fashion_data:
            rows.append(fashion_epoch(bench, 1 if quick else rounds))
        else:
            print("W4 skipped: no /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)")
    if wanted("W5"):
        rows.extend(start_up(bench, rounds))
    memory = None
    if wanted("MEMORY") and not quick and fashion_data:
        memory = peak_memory(bench)
    print_table(rows, bench.nn32)
    if memory is not None:
        print()
        print("| peak resident memory, full `nn train examples/fashion-mnist.yaml` | peak RSS | nn / this | took | run |")
        print("|---|---|---|---|---|")
        nn_rss = memory[0][1]
        for side, rss, elapsed, note in memory:
            print("| %s | %.0f MiB | %s | %s | %s |" % (side, rss / 2 ** 20, "" if side == "nn" else "%.2f (%s)" % (
                nn_rss / rss, "at most half: met" if nn_rss * 2 <= rss else "target at most 0.50: not met"),
                fmt_time(elapsed), note))
    print("\nload average at the end: %.1f %.1f %.1f" % os.getloadavg())
    print("times are medians over %d alternating rounds (W4: %d); ratios are peer time / nn time (above 1: nn "
          "faster); log: %s" % (rounds, 1 if quick else rounds, bench.log.name))


def print_table(rows, nn32):
    sides = [side for side in SIDES if any(side in r["times"] for r in rows)]
    peers = [side for side in sides if side != "nn"]
    ratio_heads = ["%s / nn" % HEADINGS[side] for side in peers]
    if "nn32" in sides and "torch32" in sides:
        ratio_heads.append("torch f32 / nn f32")
    print("| workload | " + " | ".join(HEADINGS[s] for s in sides) + " | " + " | ".join(ratio_heads)
          + " | GFLOP/s " + " / ".join(HEADINGS[s] for s in sides) + " | check | load |")
    print("|---" * (len(sides) + len(ratio_heads) + 4) + "|")
    for r in rows:
        cells = [fmt_time(r["times"][s]) if s in r["times"] else "" for s in sides]
        keys = peers + (["torch32/nn32"] if len(ratio_heads) > len(peers) else [])
        cells += ["%.2f" % r["ratios"][k] if k in r["ratios"] else "" for k in keys]
        cells.append("" if r["gflops"] is None else " / ".join("%.1f" % r["gflops"][s] if s in r["gflops"] else "-"
                                                               for s in sides))
        cells.append(r["note"])
        cells.append("" if r["load"] is None else "%.1f to %.1f" % r["load"])
        print("| %s | %s |" % (r["name"], " | ".join(cells)))
    if not nn32:
        print("\n" + NN32_UNAVAILABLE)


if __name__ == "__main__":
    main()
