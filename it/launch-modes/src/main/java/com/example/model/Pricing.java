package com.example.model;

import net.partner.dto.Order;

/** The model: what an order costs. */
public final class Pricing {
    private Pricing() {}

    /** The total of an order, in cents. */
    public static long total(Order order) {
        return order.quantity() * order.cents();
    }
}
