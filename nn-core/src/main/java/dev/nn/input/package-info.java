/**
 * Reading what users hand to {@code nn}, strictly and with readable errors: {@link dev.nn.input.PlainNumbers}, the
 * one grammar for numbers written as text (CSV cells, YAML scalars); {@link dev.nn.input.InputFiles}, which says
 * what an input path is when it is not a regular file with content; and {@link dev.nn.input.UserText}, which quotes
 * user-supplied text (cells, names, paths) in messages so that every message stays one readable line.
 */
package dev.nn.input;
