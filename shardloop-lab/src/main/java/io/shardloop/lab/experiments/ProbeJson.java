package io.shardloop.lab.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a probe's arguments and result cross between JVMs: each is one record, as one JSON document (the arguments as
 * the child's only argument, the result as the last line of its stdout). Both sides name the fields through the
 * record's accessors, so a misspelled field does not compile; a field missing on the wire fails the read instead
 * of reading as NaN. Stateless; any thread.
 */
public final class ProbeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private ProbeJson() {
    }

    /** The child's arguments: {@code args} as one JSON argument. */
    public static String encode(Record args) {
        try {
            return MAPPER.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + args, e);
        }
    }

    /** In the child: its one argument as a record of {@code type}. */
    static <A extends Record> A args(String[] argv, Class<A> type) throws JsonProcessingException {
        if (argv.length != 1) {
            throw new IllegalArgumentException("expected one JSON argument (" + type.getName() + "), got " + argv.length);
        }
        return MAPPER.readValue(argv[0], type);
    }

    /** In the child: prints {@code result} as the last line of stdout. */
    static void print(Record result) throws JsonProcessingException {
        System.out.println(MAPPER.writeValueAsString(result));
        System.out.flush();
    }

    /** In the parent: the JSON line a child printed, as a record of {@code type}. */
    static <R extends Record> R read(JsonNode line, Class<R> type) throws JsonProcessingException {
        return MAPPER.treeToValue(line, type);
    }
}
