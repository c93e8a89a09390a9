package org.multiprocessing4j.internal.manager;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.multiprocessing4j.function.SerializableSupplier;

/**
 * A type registered with a manager: the interface clients see, and the factory the server calls.
 *
 * @param exposed the interface whose methods clients may call
 * @param factory makes an object implementing it, in the server
 */
public record CustomType(Class<?> exposed, SerializableSupplier<?> factory) implements Serializable {
    public CustomType {
        if (!exposed.isInterface()) {
            throw new IllegalArgumentException("exposed=" + exposed.getName() + " must be an interface");
        }
    }

    /** The exposed methods by {@link #key}. */
    public Map<String, Method> methods() {
        Map<String, Method> m = new LinkedHashMap<>();
        for (Method method : exposed.getMethods()) {
            if (!method.isDefault() && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                m.put(key(method), method);
            }
        }
        return m;
    }

    /** A method's name and parameter types, the same in client and server. */
    public static String key(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        Class<?>[] p = m.getParameterTypes();
        for (int i = 0; i < p.length; i++) {
            sb.append(i == 0 ? "" : ",").append(p[i].getTypeName());
        }
        return sb.append(')').toString();
    }
}
