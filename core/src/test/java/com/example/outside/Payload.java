package com.example.outside;

import java.io.Serializable;

/** A class outside the main class's package tree: accepted by the deserialization policy without configuration. */
public record Payload(String text) implements Serializable {}
