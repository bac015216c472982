package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ModelKindTest {

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void cliNamesRoundTrip(ModelKind kind) {
        assertThat(ModelKind.parse(kind.cliName())).isSameAs(kind);
    }

    @Test
    void unknownNameListsTheChoices() {
        assertThatThrownBy(() -> ModelKind.parse("fork-per-request"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fork-per-request")
                .hasMessageContaining("shared-nothing")
                .hasMessageContaining("thread-per-connection");
    }

    @Test
    void onlyTheWorkerModelsUseWorkers() {
        assertThat(ModelKind.values()).filteredOn(ModelKind::usesWorkers)
                .containsExactlyInAnyOrder(ModelKind.REACTOR_WORKERS, ModelKind.MAIN_SUB_WORKERS);
    }
}
