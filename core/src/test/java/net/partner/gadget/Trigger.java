package net.partner.gadget;

import java.io.Serializable;

/**
 * Stands for a gadget class: SerialPolicyTest denies its package with
 * {@code Multiprocessing.denyClasses("net.partner.gadget.**")}.
 *
 * @param payload anything
 */
public record Trigger(String payload) implements Serializable {}
