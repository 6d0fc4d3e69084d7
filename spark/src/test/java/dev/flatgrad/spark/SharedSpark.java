package dev.flatgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One real local-mode Spark context for every test of this JVM (starting one takes seconds): two task threads, and
 * up to 4 attempts per task ({@code local[2,4]}), so a task that fails is retried. Spark stops it at JVM exit.
 */
final class SharedSpark {
    private static JavaSparkContext context;

    private SharedSpark() {
    }

    static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setAppName("flatgrad-tests").setMaster("local[2,4]")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
            context = new JavaSparkContext(conf);
            context.setLogLevel("WARN");
        }
        return context;
    }

    /** Hands the shared context to command-line runs, which must not stop it. */
    static final SparkContexts CONTEXTS = new SparkContexts() {
        @Override
        public JavaSparkContext open(String master) {
            return context();
        }

        @Override
        public void release(JavaSparkContext c) {
        }
    };
}
