package io.shardloop.model;

/**
 * How main-sub's main loop picks the sub-loop for an accepted connection ({@code --dispatch}): in turn, or the
 * sub-loop with the fewest connections (Seastar's choice), which evens out loops whose connections live unequally
 * long (a round-robin over short and long connections can leave one loop with all the long ones).
 */
public enum SubLoopChoice {
    ROUND_ROBIN,
    LEAST_CONNECTIONS;

    public String cliName() {
        return FlagValues.of(this);
    }

    public static SubLoopChoice parse(String text) {
        return FlagValues.parse(SubLoopChoice.class, text, "dispatch");
    }

    @Override
    public String toString() {
        return cliName();
    }
}
