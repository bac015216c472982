package io.shardloop.lab.diagnosis;

import java.util.Optional;

/** One diagnosis rule: a pure function of a run's figures. Stateless; any thread. */
@FunctionalInterface
public interface Rule {

    Optional<Finding> apply(RunFigures f);
}
