/** What {@code nn train} prints and writes while training: epoch lines, the gradient trace, the metrics file. */
package dev.nn.cli.output;
