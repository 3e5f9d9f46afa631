package io.virtkit.api.domain;

import java.util.UUID;

/** TEMPORARY STUB: the XML helper replaces this with the full model (keep these accessors and withUuid). */
public record DomainDefinition(String type, String name, UUID uuid, long memoryKiB, long currentMemoryKiB,
        int vcpus) {

    public DomainDefinition withUuid(UUID newUuid) {
        return new DomainDefinition(type, name, newUuid, memoryKiB, currentMemoryKiB, vcpus);
    }
}
