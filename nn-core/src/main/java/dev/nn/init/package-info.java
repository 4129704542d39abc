/**
 * The built-in weight initialisers: {@code zeros}, {@code glorot_uniform}, {@code glorot_normal},
 * {@code he_uniform}, {@code he_normal}. Each draws from the seeded {@link dev.nn.random.SplitMix64} in row-major
 * order; the normal variants are plain (untruncated) normals, as in PyTorch's {@code xavier_normal_} and
 * {@code kaiming_normal_}.
 */
package dev.nn.init;
