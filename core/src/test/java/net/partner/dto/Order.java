package net.partner.dto;

import java.io.Serializable;
import java.util.List;

/**
 * A DTO in a package tree unrelated to the test's main class or this library: accepted by the
 * deserialization policy with no configuration.
 *
 * @param id the order's id
 * @param lines the order's lines
 */
public record Order(String id, List<String> lines) implements Serializable {
    /** The order with {@code line} appended. */
    public Order with(String line) {
        var l = new java.util.ArrayList<>(lines);
        l.add(line);
        return new Order(id, List.copyOf(l));
    }
}
