/**
 * multiprocessing4j: Python's {@code multiprocessing} for the JVM.
 *
 * <p>The API is {@link org.multiprocessing4j}, with {@link org.multiprocessing4j.function} and
 * {@link org.multiprocessing4j.spi}. The {@code internal} packages are exported only to the
 * Hazelcast back end. An application on the module path grants this module native access
 * ({@code --enable-native-access=org.multiprocessing4j}, or {@code Enable-Native-Access} in its
 * JAR's manifest) for shared memory; child JVMs are granted it by the library.
 */
module org.multiprocessing4j {
    requires java.management;
    requires jdk.jfr;

    exports org.multiprocessing4j;
    exports org.multiprocessing4j.function;
    exports org.multiprocessing4j.spi;
    exports org.multiprocessing4j.internal.runtime to org.multiprocessing4j.hazelcast;
    exports org.multiprocessing4j.internal.serial to org.multiprocessing4j.hazelcast;
    exports org.multiprocessing4j.internal.sync to org.multiprocessing4j.hazelcast;

    uses org.multiprocessing4j.spi.BackendProvider;
    uses org.multiprocessing4j.spi.ObjectCodec;
    provides org.multiprocessing4j.spi.BackendProvider with org.multiprocessing4j.internal.threads.ThreadsProvider;
}
