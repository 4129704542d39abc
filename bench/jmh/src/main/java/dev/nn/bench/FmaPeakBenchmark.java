package dev.nn.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The practical fused multiply-add peak of one core, the yardstick for {@link ProductsBenchmark}: twelve independent
 * chains of vector FMAs on the preferred species that never leave the registers (14 vector registers, so the loop
 * fits AVX2's 16 as well as AVX-512's 32; twelve chains cover two FMA units of 4 cycles' latency with room to spare).
 * The score is vector FMAs per microsecond; GFLOP/s = score x 2 x lanes / 1000, and the report at the end of the
 * fork prints the lanes. {@link #fma} is the float64 peak (for {@code ProductsBenchmark}), {@link #fmaFloat} the
 * float32 one (for {@code FloatProductsBenchmark}: the same vectors with twice the lanes). Run it as the products are run, e.g. {@code -jvmArgsAppend "... -XX:UseAVX=2"} for AVX2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
public class FmaPeakBenchmark {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int STEPS = 1 << 16;
    private static final int CHAINS = 12;

    /** Multiplier and addend close to 1 and 0, so the chains stay finite and normal however long they run. */
    public double factor = 0.999_999_9;
    public double start = 1e-3;

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public double fma() {
        DoubleVector x = DoubleVector.broadcast(S, factor);
        DoubleVector s0 = DoubleVector.broadcast(S, start);
        DoubleVector s1 = s0.add(1e-9);
        DoubleVector s2 = s1.add(1e-9);
        DoubleVector s3 = s2.add(1e-9);
        DoubleVector s4 = s3.add(1e-9);
        DoubleVector s5 = s4.add(1e-9);
        DoubleVector s6 = s5.add(1e-9);
        DoubleVector s7 = s6.add(1e-9);
        DoubleVector s8 = s7.add(1e-9);
        DoubleVector s9 = s8.add(1e-9);
        DoubleVector s10 = s9.add(1e-9);
        DoubleVector s11 = s10.add(1e-9);
        DoubleVector y = DoubleVector.broadcast(S, start);
        for (int i = 0; i < STEPS; i++) {
            s0 = s0.fma(x, y); s1 = s1.fma(x, y); s2 = s2.fma(x, y); s3 = s3.fma(x, y);
            s4 = s4.fma(x, y); s5 = s5.fma(x, y); s6 = s6.fma(x, y); s7 = s7.fma(x, y);
            s8 = s8.fma(x, y); s9 = s9.fma(x, y); s10 = s10.fma(x, y); s11 = s11.fma(x, y);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** {@link #fma} on {@code float} lanes. */
    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float fmaFloat() {
        float factorF = (float) factor;
        float startF = (float) start;
        FloatVector x = FloatVector.broadcast(F, factorF);
        FloatVector s0 = FloatVector.broadcast(F, startF);
        FloatVector s1 = s0.add(1e-6f);
        FloatVector s2 = s1.add(1e-6f);
        FloatVector s3 = s2.add(1e-6f);
        FloatVector s4 = s3.add(1e-6f);
        FloatVector s5 = s4.add(1e-6f);
        FloatVector s6 = s5.add(1e-6f);
        FloatVector s7 = s6.add(1e-6f);
        FloatVector s8 = s7.add(1e-6f);
        FloatVector s9 = s8.add(1e-6f);
        FloatVector s10 = s9.add(1e-6f);
        FloatVector s11 = s10.add(1e-6f);
        FloatVector y = FloatVector.broadcast(F, startF);
        for (int i = 0; i < STEPS; i++) {
            s0 = s0.fma(x, y); s1 = s1.fma(x, y); s2 = s2.fma(x, y); s3 = s3.fma(x, y);
            s4 = s4.fma(x, y); s5 = s5.fma(x, y); s6 = s6.fma(x, y); s7 = s7.fma(x, y);
            s8 = s8.fma(x, y); s9 = s9.fma(x, y); s10 = s10.fma(x, y); s11 = s11.fma(x, y);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    @TearDown
    public void report() {
        System.out.println("\n  species: " + S + "; GFLOP/s = score x 2 x " + S.length() + " / 1000 (fma), "
                + F + "; GFLOP/s = score x 2 x " + F.length() + " / 1000 (fmaFloat)");
    }
}
