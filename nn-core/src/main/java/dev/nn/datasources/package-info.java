/**
 * The built-in data formats: {@code csv} (a header row; a categorical label becomes one-hot, numeric
 * {@code targets} columns are regression outputs) and {@code idx} (the MNIST image and label files, gzipped or not). Inline data ({@code inputs} and {@code targets} written in the
 * spec) needs no format.
 */
package dev.nn.datasources;
