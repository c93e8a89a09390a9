package net.partner.dto;

import java.io.Serializable;

/** A DTO from another package tree: an order of {@code quantity} items at {@code cents} each. */
public record Order(String id, int quantity, long cents) implements Serializable {}
