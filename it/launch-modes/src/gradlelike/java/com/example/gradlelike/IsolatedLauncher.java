package com.example.gradlelike;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the application the way a build tool's worker does when the application is not on the
 * JVM's class path: in a URLClassLoader of its own, set as the thread's context class loader
 * (Gradle's workers on old JDKs, mvn exec:java, IDE test runners). Arguments: the application's
 * class path, then its main class.
 */
public final class IsolatedLauncher {
    private IsolatedLauncher() {}

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String e : args[0].split(File.pathSeparator)) {
            urls.add(new File(e).toURI().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader("app", urls.toArray(URL[]::new),
                ClassLoader.getSystemClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class.forName(args[1], true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        }
    }
}
