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
 * <p>Where the capturing class's package is not open to this library (a named module that does
 * not open it), or the writer cannot load the class by name, the writer sends the
 * {@code SerializedLambda} itself, which the JDK resolves in the same stream (so the lambda's
 * captured objects keep their identity in the graph). Only if the reader still cannot get the
 * handle does it write a real {@code SerializedLambda} and read it back with the same filter; the
 * captured objects are then copies.
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
            Class<?> c;
            try {
                c = Class.forName(name, false, l);
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // try the next loader
            }
            // a package not open to this library (a named module's) resolves by the JDK's path, in
            // the same stream, so that the lambda's captured objects keep their identity
            return c.getModule().isOpen(c.getPackageName(), LambdaRef.class.getModule()) ? new LambdaRef(c, s) : s;
        }
        return s;
    }

    /** Each capturing class's {@code $deserializeLambda$}, or null where this library may not call it directly. */
    private static final ClassValue<MethodHandle> DESERIALIZERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                LambdaRef.class.getModule().addReads(type.getModule()); // a named module reads no other by default
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findStatic(type,
                        "$deserializeLambda$", MethodType.methodType(Object.class, SerializedLambda.class));
            } catch (IllegalAccessException | NoSuchMethodException | SecurityException | IllegalArgumentException e) {
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
        if (capturingClass == null || capturedArgs == null || capturingClass.isPrimitive() || capturingClass.isArray()) {
            throw new DeserializationException("malformed serialized lambda: capturing class " + capturingClass
                    + ", captured arguments " + (capturedArgs == null ? "missing" : "present"), null);
        }
        try {
            SerializedLambda s = toSerializedLambda();
            MethodHandle deserializer = DESERIALIZERS.get(capturingClass);
            return deserializer == null ? viaJdk(s, filter) : (Object) deserializer.invokeExact(s);
        } catch (DeserializationException | VirtualMachineError e) {
            throw e;
        } catch (Throwable t) { // "Invalid lambda deserialization" (no such lambda), linkage errors, missing fields
            throw new DeserializationException("cannot deserialize lambda " + implClass + "." + implMethodName + " of "
                    + capturingClass.getName() + ": " + t + " (is the receiver's class the same version as the sender's?)",
                    t);
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
