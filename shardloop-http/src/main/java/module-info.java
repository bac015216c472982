/**
 * HTTP/1.1 over the core: the codec, routing, {@code HttpServer}. The admin endpoints (/metrics, /stats) need
 * Jackson and the Prometheus client, which are optional: a program that serves HTTP without them leaves them
 * out, and {@code adminPort} then refuses with a message naming what to add.
 */
module io.shardloop.http {
    requires transitive io.shardloop.core;
    requires static com.fasterxml.jackson.databind;
    requires static io.prometheus.writer.text;
    requires static io.prometheus.metrics.model;
    requires java.management;

    exports io.shardloop.http;
    exports io.shardloop.http.admin;
    exports io.shardloop.http.endpoints;
    exports io.shardloop.http.router;
    exports io.shardloop.http.server;
}
