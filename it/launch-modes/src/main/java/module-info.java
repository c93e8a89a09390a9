/** The sample application as a module (the module-path launch mode). */
module app {
    requires org.multiprocessing4j;
    exports com.example.app;
}
