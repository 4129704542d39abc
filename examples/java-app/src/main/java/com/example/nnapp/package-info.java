/** An application that uses nn through its Java API ({@code dev.nn.api}): predicting and training. */
package com.example.nnapp;
