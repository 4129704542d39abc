/**
 * Use {@code nn} inside a Java application: load a saved model and predict, or train a spec and save the model,
 * with the same results, checks and messages as the {@code nn} command.
 *
 * <ul>
 *   <li>{@link dev.nn.api.Nn} starts the platform (built-in components, class-path providers, plugin folders);
 *       {@link dev.nn.api.Nn#load} gives a {@link dev.nn.api.Predictor}, which turns raw inputs into
 *       {@link dev.nn.api.Prediction}s (class probabilities and the predicted class, or regression outputs);</li>
 *   <li>{@link dev.nn.api.Nn#training} gives a {@link dev.nn.api.Training} run, reported epoch by epoch to a
 *       {@link dev.nn.api.TrainingListener} that may stop it ({@link dev.nn.api.TrainingControl}), ending in a
 *       {@link dev.nn.api.TrainingOutcome};</li>
 *   <li>every problem with a file, spec or plugin is an unchecked {@link dev.nn.api.NnException} whose message is
 *       the line {@code nn} prints.</li>
 * </ul>
 *
 * <p>Results are immutable. {@code Nn} and {@code Predictor} are thread-safe; a {@code Training} is configured on
 * one thread and stopped from any. Nothing in this package exposes the platform's internal types, so they may change
 * without breaking an application.
 */
package dev.nn.api;
