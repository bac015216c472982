package io.shardloop.load;

import java.io.ByteArrayOutputStream;

/**
 * A {@link RequestMix} encoded once before the run: every request of its sequence back to back in one block, so a
 * send only moves a connection's view of the block (no copy, no allocation). Immutable; connections keep their
 * own cursor.
 */
final class EncodedMix {

    private final byte[] block;
    private final int[] offsets;

    private EncodedMix(byte[] block, int[] offsets) {
        this.block = block;
        this.offsets = offsets;
    }

    /** Encodes each entry as {@link RequestBytes} would encode a spec with that method, path, headers and body. */
    static EncodedMix encode(RequestMix mix, LoadSpec base) {
        var encoded = new byte[mix.entries().size()][];
        for (int i = 0; i < encoded.length; i++) {
            var e = mix.entries().get(i);
            var t = base.target();
            var b = LoadSpec.builder(t.scheme() + "://" + t.hostHeader() + e.path()).method(e.method())
                    .shortConnections(base.mode() == Mode.SHORT);
            base.headers().forEach(b::header);
            e.headers().forEach(b::header);
            if (e.body() != null) {
                b.body(e.body());
            }
            encoded[i] = RequestBytes.encode(b.build());
        }
        int[] seq = mix.sequence();
        var out = new ByteArrayOutputStream();
        var offsets = new int[seq.length + 1];
        for (int s = 0; s < seq.length; s++) {
            offsets[s] = out.size();
            out.writeBytes(encoded[seq[s]]);
        }
        offsets[seq.length] = out.size();
        return new EncodedMix(out.toByteArray(), offsets);
    }

    /** The bytes of the whole sequence: the block every connection's view points into. */
    byte[] block() {
        return block.clone();
    }

    /** Points {@code c.out} at the next request of its sequence and advances its cursor. */
    void next(ClientConnection c) {
        int s = c.mixCursor;
        c.out.limit(offsets[s + 1]).position(offsets[s]);
        c.mixCursor = s + 1 == offsets.length - 1 ? 0 : s + 1;
    }

    /** Starts connection {@code index} at its own place in the sequence, so connections do not march in step. */
    void start(ClientConnection c, int index) {
        c.mixCursor = index % (offsets.length - 1);
    }
}
