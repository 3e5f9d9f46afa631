package io.virtkit.remote.internal;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.admin.RemoteDaemon.Role;
import io.virtkit.remote.internal.access.AccessDenied;

/**
 * Whether a client may read secrets: a domain's or a snapshot's XML with the secure flag ({@code dumpxml
 * --security-info}). A read-only connection may not (libvirt's public functions refuse it), nor a role below admin
 * (libvirt's ACL asks for {@code read_secure}; issue 18 gives viewers and operators dumpxml without it).
 */
record SecretAccess(boolean readOnly, Role role) {

    /** Throws the refusal of {@code function}'s secure flag, or returns when the client may read secrets. */
    void check(String function, ErrorDomain domain, Connection conn) {
        if (readOnly) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, domain, function + " with secure flag");
        }
        if (role.compareTo(Role.ADMIN) < 0) {
            throw AccessDenied.call(conn.type());
        }
    }
}
