/** Data sets held in memory: inputs and targets as tensors, one sample per row. */
package dev.nn.data;
