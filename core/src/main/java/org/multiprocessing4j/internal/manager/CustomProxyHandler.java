package org.multiprocessing4j.internal.manager;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * What a custom-type proxy does with a call: {@code equals}, {@code hashCode} and {@code toString}
 * locally (by identity of the managed object), every interface method on the server.
 *
 * @param ref the managed object
 */
public record CustomProxyHandler(ProxyRef ref) implements InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args[0] != null && java.lang.reflect.Proxy.isProxyClass(args[0].getClass())
                        && java.lang.reflect.Proxy.getInvocationHandler(args[0]) instanceof CustomProxyHandler h
                        && h.ref.endpoint().equals(ref.endpoint()) && h.ref.objectId() == ref.objectId();
                case "hashCode" -> Long.hashCode(ref.objectId()) * 31 + ref.endpoint().hashCode();
                default -> "Proxy[" + ref.type().substring("custom:".length()) + " #" + ref.objectId() + " at "
                        + ref.endpoint() + "]";
            };
        }
        return ManagerClient.of(ref).call(ref, ref.objectId(), CustomType.key(method), args == null ? new Object[0] : args);
    }
}
