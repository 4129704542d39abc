"""Runs the benchmark for bench/run: the platform (bench/Driver.java, the CLI) against numpy
(bench/numpy_workloads.py, python3), alternating process by process, and prints the table. Standard library only."""
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

RELATIVE_TOLERANCE = 1e-9
DRIVER_JVM = ["--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"]


def parse_args():
    p = argparse.ArgumentParser(prog="bench/run")
    p.add_argument("--root", required=True)
    p.add_argument("--dist", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds per workload (default 3)")
    p.add_argument("--quick", action="store_true", help="fewer repetitions, and no full Fashion-MNIST run")
    p.add_argument("--only", default="", help="comma-separated workloads, e.g. W2,W3")
    p.add_argument("--build", action="store_true", help="rebuild the distribution first (done by bench/run)")
    return p.parse_args()


def numpy_env():
    """numpy as it runs best here: without the OpenBLAS overrides some machines set for old OpenBLAS builds."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


class Bench:
    def __init__(self, args):
        self.args = args
        self.root = args.root
        self.dist = args.dist
        self.py = args.python
        self.log = tempfile.NamedTemporaryFile("w", prefix="nn-bench-", suffix=".log", delete=False)

    def run(self, command, env=None, cwd=None):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd or self.root, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        self.log.write("$ %s\n%s%s\n" % (" ".join(command), result.stdout, result.stderr))
        self.log.flush()
        if result.returncode != 0:
            sys.exit("failed (exit %d): %s\n%s%s\nlog: %s" % (result.returncode, " ".join(command), result.stdout,
                                                                result.stderr, self.log.name))
        return result.stdout, elapsed

    def driver(self, *args):
        out, _ = self.run(["java"] + DRIVER_JVM + ["-cp", os.path.join(self.dist, "lib", "*"),
                                                   os.path.join(self.root, "bench", "Driver.java")] + list(args))
        return parse_output(out)

    def numpy(self, *args):
        out, _ = self.run([self.py, os.path.join(self.root, "bench", "numpy_workloads.py")] + list(args),
                          env=numpy_env())
        return parse_output(out)


def parse_output(text):
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("times", "losses"):
            values[parts[0]] = [float(v) for v in parts[1:]]
    return values


def check_losses(name, ours, theirs):
    if len(ours) != len(theirs) or not ours:
        sys.exit("%s: the platform reported %d losses and numpy %d" % (name, len(ours), len(theirs)))
    worst = 0.0
    for i, (a, b) in enumerate(zip(ours, theirs)):
        scale = max(abs(a), abs(b))
        relative = abs(a - b) / scale if scale else 0.0
        worst = max(worst, relative)
        if relative > RELATIVE_TOLERANCE:
            sys.exit("%s: loss %d differs: platform %r, numpy %r (relative %.3g > %g)"
                     % (name, i + 1, a, b, relative, RELATIVE_TOLERANCE))
    return worst


def step_flops(sizes, batch):
    """Forward, weight gradients, and input gradients of every layer but the first (what numpy computes)."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    macs = sum(i * o for i, o in pairs) * 2 + sum(i * o for i, o in pairs[1:])
    return 2.0 * batch * macs


def in_process(bench, name, spec, rounds, platform_args, numpy_args, flops=None):
    ours, theirs, losses = [], [], {}
    for _ in range(rounds):
        p = bench.driver(*platform_args)
        n = bench.numpy(*numpy_args)
        ours += p["times"]
        theirs += n["times"]
        losses = (p["losses"], n["losses"])
    worst = check_losses(name, *losses)
    return row(name, statistics.median(ours), statistics.median(theirs), flops,
               "%d losses equal (max rel. diff %.1e)" % (len(losses[0]), worst))


def row(name, ours, theirs, flops, note):
    return {"name": name, "platform": ours, "numpy": theirs, "ratio": theirs / ours,
            "gflops": None if flops is None else (flops / ours / 1e9, flops / theirs / 1e9), "note": note}


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
    rows = [row("W5 start-up: nn validate vs python3 notebook", statistics.median(times["nn"]), python, None,
                "process start to exit")]
    rows += [row("W5 floor: " + ("the JVM alone" if step == "java" else step + ", doing nothing"),
                 statistics.median(times[step]), python, None, "bench/startup/StartUpFloor.java, same JVM options")
             for step in FLOOR_STEPS]
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


def fashion_epoch(bench, rounds):
    """W4: `nn train` of a one-epoch Fashion-MNIST spec against numpy_workloads.py fashion, process to process."""
    spec = "bench/workloads/w4-fashion-1epoch.yaml"
    nn = os.path.join(bench.dist, "bin", "nn")
    metrics = os.path.join(tempfile.mkdtemp(prefix="nn-bench-"), "w4.jsonl")
    ours, theirs, losses = [], [], None
    for _ in range(rounds):
        out, elapsed = bench.run([nn, "train", spec, "--metrics", metrics])
        ours.append(elapsed)
        with open(metrics) as f:
            epoch = json.loads(f.readline())
        test = re.search(r"^test: loss ([0-9.eE+-]+)", out, re.M)
        platform_losses = [epoch["loss"], epoch["val_loss"], float(test.group(1))]
        numpy_out, elapsed = bench.run([bench.py, os.path.join(bench.root, "bench", "numpy_workloads.py"), "fashion",
                                        spec], env=numpy_env())
        theirs.append(elapsed)
        losses = (platform_losses, parse_output(numpy_out)["losses"])
    worst = check_losses("W4", *losses)
    return row("W4 Fashion-MNIST, 1 epoch, process start to exit", statistics.median(ours),
               statistics.median(theirs), None,
               "loss, val_loss, test loss equal (max rel. diff %.1e; test loss as printed, 10 decimals)" % worst)


def peak_memory(bench):
    nn = os.path.join(bench.dist, "bin", "nn")
    command = [nn, "train", "examples/fashion-mnist.yaml"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=bench.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    bench.log.write("$ %s\n%s\n" % (" ".join(command), output))
    if status != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), output[-2000:]))
    last = [line for line in output.splitlines() if line.strip()][-3:]
    return usage.ru_maxrss * 1024, elapsed, last


def machine(bench):
    lines = []
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
        model = re.search(r"model name\s*:\s*(.*)", info)
        flags = re.search(r"flags\s*:\s*(.*)", info)
        cpu = model.group(1).strip() if model else cpu
        if flags:
            simd = [f for f in ("avx2", "fma", "avx512f") if f in flags.group(1).split()]
            cpu += " (" + ", ".join(simd) + ")"
    except OSError:
        pass
    lines.append("machine: %d cores, %s, %s %s" % (os.cpu_count(), cpu, platform.system(), platform.release()))
    java = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
    lines.append("java:    " + " / ".join(l.strip() for l in java[:2]))
    out, _ = bench.run(["java"] + DRIVER_JVM + ["-cp", os.path.join(bench.dist, "lib", "*"),
                                                os.path.join(bench.root, "bench", "Driver.java"), "info"])
    lines.append("nn:      " + out.strip().replace("kernels ", "kernels: "))
    out, _ = bench.run([bench.py, os.path.join(bench.root, "bench", "numpy_workloads.py"), "info"], env=numpy_env())
    lines.append("python:  %s %s; %s" % (platform.python_implementation(), platform.python_version(),
                                         "; ".join(out.strip().splitlines())))
    lines.append("numpy runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (were: %s)" % ", ".join(
        "%s=%s" % (k, os.environ[k]) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ)
                 if any(k in os.environ for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")) else
                 "numpy runs with the environment as it is (no OPENBLAS_* overrides set)")
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
    quick = args.quick
    rows = []
    for line in machine(bench):
        print(line, flush=True)
    print(flush=True)
    if wanted("W1"):
        spec = "examples/document.yaml"
        rows.append(in_process(bench, "W1 document network, 40 epochs", spec, rounds,
                               ["document", spec, "3000" if quick else "20000", "50" if quick else "200"],
                               ["document", spec, "20", "20" if quick else "50"]))
    if wanted("W2"):
        spec = "bench/workloads/w2-step.yaml"
        rows.append(in_process(bench, "W2 step 784-256-128-10, batch 64", spec, rounds,
                               ["step", spec, "20", "10", "5" if quick else "10"],
                               ["step", spec, "20", "2", "3" if quick else "5"],
                               flops=step_flops([784, 256, 128, 10], 64)))
    if wanted("W3"):
        spec = "bench/workloads/w3-step.yaml"
        rows.append(in_process(bench, "W3 step 784-1024-1024-10, batch 256", spec, rounds,
                               ["step", spec, "5", "4", "3" if quick else "5"],
                               ["step", spec, "5", "1", "2" if quick else "4"],
                               flops=step_flops([784, 1024, 1024, 10], 256)))
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

    print("| workload | platform | numpy | ratio (numpy / platform) | GFLOP/s platform / numpy | check |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        gflops = "" if r["gflops"] is None else "%.1f / %.1f" % r["gflops"]
        print("| %s | %s | %s | %.2fx | %s | %s |" % (r["name"], fmt_time(r["platform"]), fmt_time(r["numpy"]),
                                                    r["ratio"], gflops, r["note"]))
    if memory is not None:
        rss, elapsed, last = memory
        print("| peak RSS, full Fashion-MNIST example (nn train examples/fashion-mnist.yaml) | %.0f MiB | | | | "
              "%s, took %s |" % (rss / 2 ** 20, "at most 1 GiB" if rss <= 2 ** 30 else "OVER 1 GiB",
                                 fmt_time(elapsed)))
    print("\ntimes are medians over %d alternating rounds; log: %s" % (rounds, bench.log.name))


if __name__ == "__main__":
    main()
