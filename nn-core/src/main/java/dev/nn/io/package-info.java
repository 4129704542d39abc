/**
 * Writing files safely: a file the platform replaces appears whole or not at all, a link stays a link, and a device,
 * FIFO or descriptor is written directly ({@link dev.nn.io.AtomicFiles}).
 */
package dev.nn.io;
