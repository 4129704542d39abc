/**
 * A network built from a spec: {@link dev.nn.model.ModelAssembler} resolves every name through the registry, checks
 * every shape, and returns a {@link dev.nn.model.Model} (network, optimizer, training settings, data), or one
 * {@link dev.nn.spec.SpecException} listing every problem. {@link dev.nn.model.Provenance} records how a saved model
 * was made and checks it when the model is used again; {@link dev.nn.model.HeapLimit} says how much heap there is.
 */
package dev.nn.model;
