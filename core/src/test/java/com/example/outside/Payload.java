package com.example.outside;

import java.io.Serializable;

/** A class outside the default deserialization allow-list, for the allow-list tests. */
public record Payload(String text) implements Serializable {}
