package dev.flatgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Where the command line gets its Spark context: a new one per run, or (in tests) one shared by many runs. */
interface SparkContexts {
    /** A context for {@code master} (null: spark-submit's {@code --master}, else {@code local[*]}). */
    JavaSparkContext open(String master);

    /** Done with a context from {@link #open}. */
    void release(JavaSparkContext context);

    /** A context of its own for each run, stopped after it. */
    SparkContexts OWN = new SparkContexts() {
        @Override
        public JavaSparkContext open(String master) {
            SparkConf conf = new SparkConf().setAppName("flatgrad microgpt");
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                conf.setMaster("local[*]");
            }
            if (conf.get("spark.master").startsWith("local")) {
                // one JVM: nothing to reach over the network
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.driver.host", "127.0.0.1");
            }
            JavaSparkContext context = new JavaSparkContext(conf);
            // Spark logs every job at INFO, several lines per training step
            context.setLogLevel("WARN");
            return context;
        }

        @Override
        public void release(JavaSparkContext context) {
            context.stop();
        }
    };
}
