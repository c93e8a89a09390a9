package org.multiprocessing4j.hazelcast;

import org.multiprocessing4j.spi.ObjectCodec;

/**
 * A plug-in codec for tests only ({@code "test-echo"}): it stands for any codec on the class path,
 * so that a cluster pool can be shown to refuse one. It carries strings only.
 */
public final class EchoCodec implements ObjectCodec {
    /** The codec; made by {@link java.util.ServiceLoader}. */
    public EchoCodec() {}

    @Override
    public String name() {
        return "test-echo";
    }

    @Override
    public byte id() {
        return 100;
    }

    @Override
    public void init(ClassPolicy policy) {
        // strings only: nothing to check
    }

    @Override
    public byte[] encode(Object value) {
        return String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
