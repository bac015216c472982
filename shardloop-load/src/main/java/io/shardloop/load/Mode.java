package io.shardloop.load;

/** How requests are issued. The JSON result names the mode by {@link #jsonName()}. Immutable. */
public enum Mode {
    /** Closed loop: one request in flight per connection, the next sent as soon as the answer arrives. */
    KEEPALIVE("keepalive"),
    /** Closed loop with N requests in flight per connection, answers matched to requests in order. */
    PIPELINE("pipeline"),
    /** A new TCP connection per request, closed after the response. */
    SHORT("short"),
    /** Open loop: a fixed total rate, latency measured from the intended send time. */
    RATE("rate");

    private final String jsonName;

    Mode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
