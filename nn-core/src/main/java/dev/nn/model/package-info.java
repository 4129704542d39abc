/**
 * A model built from a spec. {@link dev.nn.model.ModelAssembler} orchestrates the assembly and returns a
 * {@link dev.nn.model.Model} (network, optimizer, training settings, data), or one {@link dev.nn.spec.SpecException}
 * listing every problem; each concern is a class of its own: {@link dev.nn.model.MemoryCheck} (the heap, before
 * anything is allocated), {@link dev.nn.model.LayerBuilder} (the layers, through
 * {@link dev.nn.model.SpecLayerContext}), {@link dev.nn.model.ComponentResolver} (names to components),
 * {@link dev.nn.model.DataBinder} (the data against the network), {@link dev.nn.model.TrainingSettingsBuilder},
 * {@link dev.nn.model.MetadataCheck}, {@link dev.nn.model.ModelWarnings} and {@link dev.nn.model.AssemblyProblems}.
 * {@link dev.nn.model.Provenance} records how a saved model was made and checks it when the model is used again;
 * {@link dev.nn.model.HeapLimit} says how much heap there is. The package sits above {@code dev.nn.spec},
 * {@code dev.nn.train} and {@code dev.nn.network}, none of which depends on it.
 */
package dev.nn.model;
