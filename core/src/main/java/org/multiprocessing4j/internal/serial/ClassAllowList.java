package org.multiprocessing4j.internal.serial;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.DeserializationException;

/**
 * The deserialization policy: which classes may be deserialized, and how large a graph may be.
 *
 * <p><b>Classes.</b> Every class on the receiving JVM's class path or module path is accepted (the
 * application's own classes and its dependencies', in any package, with no configuration) except
 * those a deny rule refuses: the gadget classes of known deserialization attacks, whose
 * {@code readObject}, {@code readResolve}, {@code hashCode}, {@code compareTo} or invocation
 * handler runs code chosen by whoever wrote the bytes (see {@link #BUILT_IN_DENY}). The rules:
 * <ol>
 * <li>primitives are accepted; an array is judged by its element class;</li>
 * <li>an explicit allow ({@code Multiprocessing.allowClasses}, {@code -Dmp4j.serial.allow})
 *     accepts a class even if a deny rule matches it;</li>
 * <li>a class matched by a deny rule (built in, {@code Multiprocessing.denyClasses},
 *     {@code -Dmp4j.serial.deny}) is refused, and so is every class that extends one (a subclass
 *     inherits its gadget's {@code readObject});</li>
 * <li>a dynamic proxy ({@code java.lang.reflect.Proxy}) is accepted if all its interfaces are;
 *     its invocation handler is a separate object of the stream and is judged by these rules
 *     (the handlers of known gadget chains, {@code sun.reflect.annotation.AnnotationInvocationHandler},
 *     {@code java.beans.EventHandler}, {@code java.rmi.server.RemoteObjectInvocationHandler},
 *     Spring's and Groovy's, are denied);</li>
 * <li>a serialized lambda ({@code java.lang.invoke.SerializedLambda}) is accepted; its capturing
 *     class travels as a class of the stream and is judged by these rules, and the lambda is
 *     re-created only by that class's own {@code $deserializeLambda$}, which accepts only the
 *     lambdas that class's code contains.</li>
 * </ol>
 * A pattern is a class name ({@code com.acme.Order}, its nested classes too), a package
 * ({@code com.acme.*}) or a package tree ({@code com.acme.**}). A pattern prefixed with {@code !}
 * in {@link #allow} is a deny. A child process inherits its parent's user patterns
 * ({@link #patterns()}).
 *
 * <p><b>Limits</b> ({@link Limits}): depth, references, array length and stream bytes, checked by
 * the {@link ObjectInputFilter} of every {@code ObjectInputStream} the library builds; separate,
 * stricter defaults for bytes that can come from another user or machine.
 *
 * <p>Thread-safety: patterns are held in copy-on-write lists and results are cached per class and
 * per change of the patterns; {@link #filter} and {@link #isAllowed} may run on any thread.
 */
public final class ClassAllowList {
    /**
     * The built-in deny rules: each a pattern and the reason, the gadget chain it breaks. Sources,
     * read for this list (nothing copied): the JDK's serialization filtering guide (JEP 290 and
     * JEP 415, "Serialization Filtering" in the Java SE security guide: reject by default what is
     * not needed; limit depth, references, array sizes and bytes); Hazelcast's default
     * Java-serialization blacklist ({@code com.hazelcast.config.JavaSerializationFilterConfig} and
     * its {@code ClassFilter} defaults: TemplatesImpl, bsh.XThis, BeanComparator, Groovy closures,
     * Spring's ObjectFactory, commons-collections functors, C3P0 data sources, RMI, JNDI, JMX);
     * Jackson's polymorphic-typing block list ({@code com.fasterxml.jackson.databind.jsontype.impl.SubTypeValidator}:
     * the same core gadgets plus ROME, Hibernate, Spring AOP, C3P0, JNDI data sources, ...); and
     * the ysoserial payload catalogue these lists answer.
     */
    static final List<Rule> BUILT_IN_DENY = List.of(
            // Apache Commons Collections 3 and 4 (ysoserial CommonsCollections1-7): Transformer
            // chains call any method by reflection; LazyMap and TiedMapEntry trigger them.
            new Rule("org.apache.commons.collections.functors.*", "commons-collections functors (CommonsCollections1-7)"),
            new Rule("org.apache.commons.collections4.functors.*", "commons-collections4 functors (CommonsCollections2/4)"),
            new Rule("org.apache.commons.collections.keyvalue.TiedMapEntry", "commons-collections trigger (CommonsCollections5/6)"),
            new Rule("org.apache.commons.collections.map.LazyMap", "commons-collections trigger (CommonsCollections1/3/5/6)"),
            new Rule("org.apache.commons.collections4.keyvalue.TiedMapEntry", "commons-collections4 trigger"),
            new Rule("org.apache.commons.collections4.map.LazyMap", "commons-collections4 trigger"),
            // Commons BeanUtils: BeanComparator calls any getter, e.g. TemplatesImpl's (CommonsBeanutils1).
            new Rule("org.apache.commons.beanutils.BeanComparator", "commons-beanutils (CommonsBeanutils1)"),
            new Rule("org.apache.commons.fileupload.disk.DiskFileItem", "commons-fileupload writes files (FileUpload1)"),
            new Rule("org.apache.wicket.util.upload.DiskFileItem", "Wicket writes files (Wicket1)"),
            // Xalan's TemplatesImpl defines and runs bytecode carried in the stream.
            new Rule("com.sun.org.apache.xalan.internal.xsltc.trax.*", "JDK Xalan TemplatesImpl runs embedded bytecode"),
            new Rule("org.apache.xalan.xsltc.trax.*", "Xalan TemplatesImpl runs embedded bytecode"),
            new Rule("com.sun.org.apache.bcel.internal.util.ClassLoader", "BCEL class loader defines classes from names"),
            // Groovy closures and BeanShell scripts run code (Groovy1, BeanShell1).
            new Rule("org.codehaus.groovy.runtime.*", "Groovy ConvertedClosure/MethodClosure (Groovy1)"),
            new Rule("bsh.**", "BeanShell XThis runs scripts (BeanShell1)"),
            new Rule("org.mozilla.javascript.**", "Rhino runs scripts (MozillaRhino1/2)"),
            new Rule("org.python.core.**", "Jython PyFunction runs bytecode (Jython1)"),
            new Rule("clojure.main", "Clojure eval (Clojure1)"),
            new Rule("clojure.inspector.**", "Clojure proxy gadget (Clojure1)"),
            new Rule("clojure.core$comp", "Clojure function composition gadget (Clojure1)"),
            new Rule("clojure.core$constantly", "Clojure gadget (Clojure1)"),
            // Spring: invocation handlers and factories that call arbitrary methods or JNDI (Spring1/2).
            new Rule("org.springframework.beans.factory.ObjectFactory", "Spring ObjectFactory (Spring1)"),
            new Rule("org.springframework.beans.factory.support.AutowireUtils", "Spring invocation handler (Spring1)"),
            new Rule("org.springframework.core.SerializableTypeWrapper", "Spring MethodInvokeTypeProvider (Spring1)"),
            new Rule("org.springframework.aop.framework.JdkDynamicAopProxy", "Spring AOP invocation handler (Spring2)"),
            new Rule("org.springframework.aop.config.MethodLocatingFactoryBean", "Spring gadget (Jackson block list)"),
            new Rule("org.springframework.beans.factory.config.PropertyPathFactoryBean", "Spring gadget (Jackson block list)"),
            new Rule("org.springframework.transaction.jta.JtaTransactionManager", "Spring JNDI lookup in readObject"),
            new Rule("org.springframework.jndi.**", "Spring JNDI lookups"),
            // C3P0: data sources that look up JNDI or load remote classes (C3P0 gadget).
            new Rule("com.mchange.v2.c3p0.**", "C3P0 JNDI/remote-class data sources"),
            // ROME: ObjectBean/ToStringBean call every getter (ROME gadget).
            new Rule("com.sun.syndication.feed.impl.*", "ROME ObjectBean/ToStringBean (ROME)"),
            new Rule("com.rometools.rome.feed.impl.*", "ROME ObjectBean/ToStringBean (ROME)"),
            // Hibernate, Vaadin, MyFaces, Click, JSON-lib: getter-calling gadgets (Jackson/ysoserial).
            new Rule("org.hibernate.engine.spi.TypedValue", "Hibernate getter gadget (Hibernate1)"),
            new Rule("org.hibernate.tuple.component.AbstractComponentTuplizer", "Hibernate getter gadget (Hibernate1)"),
            new Rule("org.hibernate.property.access.spi.GetterMethodImpl", "Hibernate getter gadget (Hibernate1)"),
            new Rule("org.hibernate.property.BasicPropertyAccessor", "Hibernate getter gadget (Hibernate1)"),
            new Rule("org.hibernate.jmx.StatisticsService", "Hibernate JMX gadget (Hazelcast blacklist)"),
            new Rule("com.vaadin.data.util.NestedMethodProperty", "Vaadin getter gadget (Vaadin1)"),
            new Rule("org.apache.myfaces.view.facelets.el.ValueExpressionMethodExpression", "MyFaces EL gadget (Myfaces1/2)"),
            new Rule("org.apache.click.control.Column", "Click getter gadget (Click1)"),
            new Rule("net.sf.json.**", "JSON-lib getter gadget (JSON1)"),
            new Rule("org.apache.xbean.naming.context.**", "XBean JNDI context gadget"),
            // JDK: JMX (BadAttributeValueExpException.readObject calls toString on any object;
            // RMIConnector connects), RMI (UnicastRef/UnicastRemoteObject open JRMP connections:
            // JRMPClient/JRMPListener), JNDI (LDAP/RMI lookups load remote classes), the annotation
            // invocation handler (CommonsCollections1, Jdk7u21), EventHandler (calls any method),
            // JdbcRowSetImpl (JNDI lookup).
            new Rule("javax.management.**", "JMX: BadAttributeValueExpException calls toString, RMIConnector connects"),
            // java.rmi's own exceptions (RemoteException and kin) stay accepted: applications throw them
            new Rule("java.rmi.server.**", "RMI: UnicastRemoteObject/RemoteObjectInvocationHandler open JRMP connections (JRMPClient)"),
            new Rule("java.rmi.registry.**", "RMI registry stubs (JRMPClient)"),
            new Rule("java.rmi.activation.**", "RMI activation (JRMP)"),
            new Rule("java.rmi.dgc.**", "RMI distributed GC (JRMP)"),
            new Rule("java.rmi.MarshalledObject", "carries a nested stream read without this filter"),
            new Rule("sun.rmi.**", "RMI internals: UnicastRef opens JRMP connections (JRMPClient/JRMPListener)"),
            new Rule("javax.naming.**", "JNDI: references load remote classes"),
            new Rule("com.sun.jndi.**", "JNDI internals: LDAP/RMI lookups"),
            new Rule("sun.reflect.**", "AnnotationInvocationHandler (CommonsCollections1, Jdk7u21)"),
            new Rule("java.beans.EventHandler", "invocation handler that calls any method"),
            new Rule("com.sun.rowset.**", "JdbcRowSetImpl looks up JNDI"),
            new Rule("com.sun.org.apache.xpath.internal.objects.XString", "Xalan XString.equals calls toString (gadget link)"));

    /** A deny or allow pattern and why it is there. */
    record Rule(String pattern, String reason) {}

    private static final List<String> USER_ALLOW = new CopyOnWriteArrayList<>();
    private static final List<String> USER_DENY = new CopyOnWriteArrayList<>();
    private static final AtomicInteger GENERATION = new AtomicInteger();

    /** Per class: the rule that refuses it ("" when accepted), valid for one generation of the patterns. */
    private record Verdict(int generation, String refusal) {}

    private static final ClassValue<Verdict[]> CACHE = new ClassValue<>() {
        @Override
        protected Verdict[] computeValue(Class<?> type) {
            return new Verdict[1];
        }
    };

    static {
        for (String p : System.getProperty("mp4j.serial.allow", "").split(",")) {
            if (!p.isBlank()) {
                USER_ALLOW.add(validate(p.strip()));
            }
        }
        for (String p : System.getProperty("mp4j.serial.deny", "").split(",")) {
            if (!p.isBlank()) {
                USER_DENY.add(validate(p.strip()));
            }
        }
    }

    private ClassAllowList() {}

    /**
     * Adds patterns: an allow (accepted even if a deny rule matches), or, prefixed with {@code !},
     * a deny. See the class comment for their form.
     */
    public static void allow(String... patterns) {
        for (String p : patterns) {
            boolean deny = p != null && p.startsWith("!");
            String v = validate(deny ? p.substring(1) : p);
            List<String> list = deny ? USER_DENY : USER_ALLOW;
            if (!list.contains(v)) {
                list.add(v);
                GENERATION.incrementAndGet();
            }
        }
    }

    /** Adds deny patterns; see the class comment for their form. */
    public static void deny(String... patterns) {
        for (String p : patterns) {
            String v = validate(p);
            if (!USER_DENY.contains(v)) {
                USER_DENY.add(v);
                GENERATION.incrementAndGet();
            }
        }
    }

    /** The user's patterns (allows, and denies prefixed with {@code !}), for handing to a child process. */
    public static List<String> patterns() {
        List<String> all = new ArrayList<>(USER_ALLOW);
        for (String d : USER_DENY) {
            all.add("!" + d);
        }
        return all;
    }

    /**
     * The deny patterns in force (built in, then the user's), less those an explicit allow
     * overlaps: for a deserializer that cannot run this class's structural rules and checks names
     * only (Hazelcast's own Java-serialization filter).
     */
    public static List<String> denyPatterns() {
        List<String> all = new ArrayList<>();
        for (Rule r : BUILT_IN_DENY) {
            all.add(r.pattern());
        }
        all.addAll(USER_DENY);
        all.removeIf(d -> USER_ALLOW.stream().anyMatch(a -> overlaps(a, d)));
        return all;
    }

    private static boolean overlaps(String allow, String deny) {
        String a = allow.replaceAll("\\.\\*+$", "");
        String d = deny.replaceAll("\\.\\*+$", "");
        return a.startsWith(d) || d.startsWith(a);
    }

    /** Whether {@code type} may be deserialized. */
    public static boolean isAllowed(Class<?> type) {
        return refusal(type).isEmpty();
    }

    /** The rule that refuses {@code type}, "" if it is accepted. */
    static String refusal(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return "";
        }
        int generation = GENERATION.get();
        Verdict[] slot = CACHE.get(c);
        Verdict v = slot[0];
        if (v == null || v.generation() != generation) {
            v = new Verdict(generation, judge(c));
            slot[0] = v;
        }
        return v.refusal();
    }

    private static String judge(Class<?> c) {
        if (java.lang.reflect.Proxy.isProxyClass(c)) {
            for (Class<?> i : c.getInterfaces()) {
                String r = refusal(i);
                if (!r.isEmpty()) {
                    return r + ", an interface of proxy " + c.getName();
                }
            }
            return "";
        }
        String name = c.getName();
        for (String p : USER_ALLOW) {
            if (matches(p, name)) {
                return "";
            }
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            String r = denyRule(k.getName());
            if (r != null) {
                return k == c ? r : r + ", which " + name + " extends";
            }
        }
        return "";
    }

    private static String denyRule(String name) {
        for (String p : USER_DENY) {
            if (matches(p, name)) {
                return "rule " + p + " (mp4j.serial.deny / Multiprocessing.denyClasses)";
            }
        }
        for (Rule r : BUILT_IN_DENY) {
            if (matches(r.pattern(), name)) {
                return "built-in rule " + r.pattern() + " (" + r.reason() + ")";
            }
        }
        return null;
    }

    /** The filter to install on an {@code ObjectInputStream}: this policy with {@code limits}. */
    public static ObjectInputFilter filter(Limits limits) {
        // the limits are read once per stream: the filter runs for every class, array and back-reference
        long[] max = {limits.maxDepth(), limits.maxRefs(), limits.maxArray(), limits.maxBytes()};
        return info -> {
            limits.check(info, max);
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            String refusal = refusal(c);
            if (refusal.isEmpty()) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            throw new DeserializationException(rejectionMessage(c, refusal), null);
        };
    }

    static String rejectionMessage(Class<?> c, String refusal) {
        Class<?> e = c;
        while (e.isArray()) {
            e = e.getComponentType();
        }
        return "class " + e.getName() + " is refused by the deserialization policy: " + refusal
                + "; it is a class known to let the sender of the bytes run code in the receiver. If you trust"
                + " every sender, allow it with Multiprocessing.allowClasses(\"" + e.getName() + "\") or -Dmp4j.serial.allow="
                + e.getName() + " (in every receiving JVM; children inherit the former)";
    }

    /** Whether {@code className} matches {@code pattern}; see the class comment for the forms. */
    public static boolean matches(String pattern, String className) {
        if (pattern.endsWith(".**")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 1);
            return className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0;
        }
        return pattern.equals(className) || className.startsWith(pattern + "$");
    }

    private static String validate(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.equals("*") || pattern.equals("**")
                || pattern.startsWith(".") || pattern.contains(" ") || pattern.startsWith("!")) {
            throw new IllegalArgumentException("class pattern=\"" + pattern + "\" is not a class name, a package (a.b.*)"
                    + " or a package tree (a.b.**)");
        }
        return pattern;
    }

    /**
     * Limits on a deserialized graph, checked as the stream is read; each a system property of the
     * receiving JVM, read as each message's decoding starts (so a running program may change them):
     * <table>
     * <caption>limits</caption>
     * <tr><th>property</th><th>local default</th><th>network default</th></tr>
     * <tr><td>{@code mp4j.serial.maxDepth} / {@code mp4j.serial.net.maxDepth}</td><td>1000</td><td>24</td></tr>
     * <tr><td>{@code mp4j.serial.maxRefs} / {@code mp4j.serial.net.maxRefs}</td><td>100,000,000</td><td>10,000,000</td></tr>
     * <tr><td>{@code mp4j.serial.maxArray} / {@code mp4j.serial.net.maxArray}</td><td>2^31-1 (none)</td><td>100,000,000</td></tr>
     * <tr><td>{@code mp4j.serial.maxBytes} / {@code mp4j.serial.net.maxBytes}</td><td>2^63-1 (none)</td><td>1 GiB</td></tr>
     * </table>
     * Local channels (shared-memory queues, pipes, pool chunks, process bootstraps) carry only the
     * same user's bytes: their limits only stop runaway graphs. Network channels (manager calls
     * and replies, {@code Listener}/{@code Client} connections, cluster tasks) may carry a remote
     * peer's bytes: their depth limit is low because the time a nested-collection graph (the
     * nested-{@code HashSet} bomb) takes to rebuild doubles with each level of depth, whatever its
     * size; the JDK's RMI registry filter uses {@code maxdepth=20} for the same reason.
     *
     * @param network whether the limits are those of network channels
     */
    public record Limits(boolean network) {
        /** Local channels' limits. */
        public static final Limits LOCAL = new Limits(false);
        /** Network channels' limits. */
        public static final Limits NETWORK = new Limits(true);

        private String prefix() {
            return network ? "mp4j.serial.net." : "mp4j.serial.";
        }

        private long limit(String name, long localDefault, long networkDefault) {
            String key = prefix() + name;
            String v = System.getProperty(key);
            long d = network ? networkDefault : localDefault;
            if (v == null || v.isBlank()) {
                return d;
            }
            try {
                long l = Long.parseLong(v.strip());
                if (l <= 0) {
                    throw new NumberFormatException();
                }
                return l;
            } catch (NumberFormatException e) {
                throw new DeserializationException("system property " + key + "=\"" + v
                        + "\" is not a positive whole number; set it to one (default " + d + ")", null);
            }
        }

        /** The depth limit. */
        public long maxDepth() {
            return limit("maxDepth", 1000, 24);
        }

        /** The reference-count limit. */
        public long maxRefs() {
            return limit("maxRefs", 100_000_000L, 10_000_000L);
        }

        /** The array-length limit. */
        public long maxArray() {
            return limit("maxArray", Integer.MAX_VALUE, 100_000_000L);
        }

        /** The stream-bytes limit. */
        public long maxBytes() {
            return limit("maxBytes", Long.MAX_VALUE, 1L << 30);
        }

        void check(ObjectInputFilter.FilterInfo info, long[] max) {
            String kind = network ? "a network channel (manager, Listener/Client, cluster)" : "a local channel";
            if (info.depth() > max[0]) {
                throw exceeded("nesting depth", info.depth(), "maxDepth", max[0], kind
                        + "; a deeply nested graph such as the nested-HashSet deserialization bomb takes time that doubles"
                        + " with each level");
            }
            if (info.references() > max[1]) {
                throw exceeded("object references", info.references(), "maxRefs", max[1], kind);
            }
            if (info.arrayLength() > max[2]) {
                throw exceeded("array length", info.arrayLength(), "maxArray", max[2], kind);
            }
            if (info.streamBytes() > max[3]) {
                throw exceeded("stream bytes", info.streamBytes(), "maxBytes", max[3], kind);
            }
        }

        /**
         * Applies the array-length limit to an array decoded without an {@code ObjectInputStream}
         * (a primitive array copied in bulk out of a frame).
         *
         * @throws DeserializationException if {@code length} is over {@link #maxArray()}
         */
        void checkArrayLength(long length) {
            long max = maxArray();
            if (length > max) {
                throw exceeded("array length", length, "maxArray", max,
                        network ? "a network channel (manager, Listener/Client, cluster)" : "a local channel");
            }
        }

        /**
         * Applies the stream-bytes limit to a frame whose primitive arrays sit after its object
         * stream, outside the {@code ObjectInputStream}'s count.
         *
         * @throws DeserializationException if {@code bytes} is over {@link #maxBytes()}
         */
        void checkBytes(long bytes) {
            long max = maxBytes();
            if (bytes > max) {
                throw exceeded("stream bytes", bytes, "maxBytes", max,
                        network ? "a network channel (manager, Listener/Client, cluster)" : "a local channel");
            }
        }

        private DeserializationException exceeded(String what, long value, String name, long max, String kind) {
            return new DeserializationException("serialized data refused: its " + what + " reached " + value
                    + ", over the limit " + name + "=" + max + " of " + kind + "; if the data is genuine, raise it with -D"
                    + prefix() + name + "=<n> in the receiving JVM (System.setProperty works too)", null);
        }
    }
}
