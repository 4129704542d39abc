/** Writing files safely: every file the platform writes appears whole or not at all. */
package dev.nn.io;
