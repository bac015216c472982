package io.shardloop.load;

/**
 * A load specification that cannot be run. The message is one line that names the flag and what it accepts,
 * e.g. {@code --connections accepts an integer >= 1, got '0'}. Immutable, any thread.
 */
public final class LoadSpecException extends IllegalArgumentException {

    private final String flag;

    public LoadSpecException(String flag, String whatItAccepts) {
        super(flag + " " + whatItAccepts);
        this.flag = flag;
    }

    /** The flag (or {@code URL}) at fault. */
    public String flag() {
        return flag;
    }
}
