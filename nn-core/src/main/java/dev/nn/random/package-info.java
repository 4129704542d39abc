/**
 * The seeded random source: {@link dev.nn.random.SplitMix64}, a small, fully specified generator so that runs are
 * bit-identical and an independent script can reproduce every random number the platform draws.
 */
package dev.nn.random;
