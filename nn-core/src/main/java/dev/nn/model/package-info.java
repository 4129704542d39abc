/**
 * A network built from a spec: {@link dev.nn.model.ModelAssembler} resolves every name through the registry, checks
 * every shape, and returns a {@link dev.nn.model.Model} (network, optimizer, training settings, data), or one
 * {@link dev.nn.spec.SpecException} listing every problem.
 */
package dev.nn.model;
