/** The load generator: closed-loop and fixed-rate HTTP and echo load with corrected latency. */
module io.shardloop.load {
    requires io.shardloop.nativeio;
    requires io.shardloop.core;
    requires HdrHistogram;
    requires com.fasterxml.jackson.databind;
    requires java.management;

    exports io.shardloop.load;
    // results and specs are read and written as JSON by reflection
    opens io.shardloop.load to com.fasterxml.jackson.databind;
}
