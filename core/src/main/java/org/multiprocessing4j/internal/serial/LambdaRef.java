package org.multiprocessing4j.internal.serial;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import org.multiprocessing4j.DeserializationException;

/**
 * A serializable lambda as {@link JdkCodec} carries it: the fields of its {@link SerializedLambda},
 * turned back into the lambda by the reader's stream ({@code resolveObject}) through a method handle
 * on the capturing class's {@code $deserializeLambda$} (cached per class) rather than by
 * {@code SerializedLambda.readResolve}.
 *
 * <h2>Why</h2>
 * The JDK resolves a {@code SerializedLambda} with two reflective calls ({@code readResolve}, then
 * {@code $deserializeLambda$}), and the first reflective call of a shape in a JVM generates
 * method-handle classes that no AOT cache holds: in a cold child JVM the deserialization of its
 * task spun three such classes, some milliseconds of every start. A method handle of the exact
 * type {@code (SerializedLambda)Object} needs none. The capturing class's own
 * {@code $deserializeLambda$} still checks that the class has such a lambda, as the JDK's path does.
 *
 * <p>Where the handle cannot be had (the capturing class is in a named module that does not open
 * its package to this library), the reader falls back to the JDK's path: it writes a real
 * {@code SerializedLambda} and reads it back with the same filter. Where the writer cannot load
 * the capturing class by name, it sends the {@code SerializedLambda} itself.
 */
final class LambdaRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<?> capturingClass;
    private final String functionalInterfaceClass;
    private final String functionalInterfaceMethodName;
    private final String functionalInterfaceMethodSignature;
    private final String implClass;
    private final String implMethodName;
    private final String implMethodSignature;
    private final int implMethodKind;
    private final String instantiatedMethodType;
    private final Object[] capturedArgs;

    private LambdaRef(Class<?> capturingClass, SerializedLambda s) {
        this.capturingClass = capturingClass;
        this.functionalInterfaceClass = s.getFunctionalInterfaceClass();
        this.functionalInterfaceMethodName = s.getFunctionalInterfaceMethodName();
        this.functionalInterfaceMethodSignature = s.getFunctionalInterfaceMethodSignature();
        this.implClass = s.getImplClass();
        this.implMethodName = s.getImplMethodName();
        this.implMethodSignature = s.getImplMethodSignature();
        this.implMethodKind = s.getImplMethodKind();
        this.instantiatedMethodType = s.getInstantiatedMethodType();
        this.capturedArgs = new Object[s.getCapturedArgCount()];
        for (int i = 0; i < capturedArgs.length; i++) {
            capturedArgs[i] = s.getCapturedArg(i);
        }
    }

    /**
     * What the writer sends for {@code s}: a {@code LambdaRef}, or {@code s} itself when its
     * capturing class cannot be loaded here by name.
     */
    static Object of(SerializedLambda s) {
        String name = s.getCapturingClass().replace('/', '.');
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), LambdaRef.class.getClassLoader()};
        for (ClassLoader l : loaders) {
            try {
                Class<?> c = Class.forName(name, false, l);
                return new LambdaRef(c, s);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return s;
    }

    /** Each capturing class's {@code $deserializeLambda$}, or null where this library may not call it directly. */
    private static final ClassValue<MethodHandle> DESERIALIZERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findStatic(type,
                        "$deserializeLambda$", MethodType.methodType(Object.class, SerializedLambda.class));
            } catch (IllegalAccessException | NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private SerializedLambda toSerializedLambda() {
        return new SerializedLambda(capturingClass, functionalInterfaceClass, functionalInterfaceMethodName,
                functionalInterfaceMethodSignature, implMethodKind, implClass, implMethodName, implMethodSignature,
                instantiatedMethodType, capturedArgs);
    }

    /**
     * The lambda.
     *
     * @param filter the reading stream's filter, for the fallback path
     * @throws DeserializationException if the capturing class has no such lambda
     */
    Object resolve(java.io.ObjectInputFilter filter) {
        if (capturingClass == null || capturedArgs == null) {
            throw new DeserializationException("malformed serialized lambda: no capturing class", null);
        }
        SerializedLambda s = toSerializedLambda();
        MethodHandle deserializer = DESERIALIZERS.get(capturingClass);
        if (deserializer == null) {
            return viaJdk(s, filter);
        }
        try {
            return (Object) deserializer.invokeExact(s);
        } catch (IllegalArgumentException e) {
            throw new DeserializationException("cannot deserialize lambda " + implClass.replace('/', '.') + "::"
                    + implMethodName + " of " + capturingClass.getName() + ": " + e.getMessage()
                    + " (is the receiver's class the same version as the sender's?)", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new DeserializationException("cannot deserialize lambda of " + capturingClass.getName() + ": " + t, t);
        }
    }

    /** The JDK's path: a real {@code SerializedLambda} written and read back, so that its {@code readResolve} runs. */
    private static Object viaJdk(SerializedLambda s, java.io.ObjectInputFilter filter) {
        try {
            var out = new ByteArrayOutputStream();
            try (var oos = new ObjectOutputStream(out)) {
                oos.writeObject(s);
            }
            try (var ois = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                if (filter != null) {
                    ois.setObjectInputFilter(filter);
                }
                return ois.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new DeserializationException("cannot deserialize lambda of " + s.getCapturingClass() + ": " + e, e);
        }
    }
}
