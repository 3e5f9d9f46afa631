package io.virtkit.hyperv.internal;

import java.util.Map;
import java.util.function.Supplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.hyperv.internal.wsman.WsmanAuthenticationException;
import io.virtkit.hyperv.internal.wsman.WsmanFault;
import io.virtkit.hyperv.internal.wsman.WsmanJobFailedException;
import io.virtkit.hyperv.internal.wsman.WsmanJobTimeoutException;
import io.virtkit.hyperv.internal.wsman.WsmanMethodException;
import io.virtkit.hyperv.internal.wsman.WsmanTransportException;

/**
 * The WS-Man client's failures as libvirt's Hyper-V driver reports them (domain HYPERV), worded after its
 * {@code hypervVerifyResponse} and {@code hypervInvokeMethod}: a fault during a query is
 * {@code SOAP fault during enumeration: ...}, during a method {@code WS-Management fault during M invocation: ...},
 * a method's error code {@code Invocation of M returned an error: TEXT (CODE)}, a failed job
 * {@code Concrete job for M invocation is in error state}, a job past the timeout OPERATION_TIMEOUT
 * {@code Timeout waiting for M invocation}, anything on the wire {@code Transport error during ...}. Refused
 * credentials are AUTH_FAILED (libvirt only says "Unexpected HTTP response ... 401").
 */
final class HypervErrors {

    /** Msvm/CIM method return codes as libvirt's {@code hypervReturnCodeToString} names them. */
    private static final Map<Long, String> RETURN_CODES = Map.ofEntries(Map.entry(0L, "Completed with no error"),
            Map.entry(1L, "Not supported"), Map.entry(2L, "Unknown error"),
            Map.entry(3L, "Cannot complete within timeout period"), Map.entry(4L, "Failed"),
            Map.entry(5L, "Invalid parameter"), Map.entry(6L, "In use"), Map.entry(4096L, "Transition started"),
            Map.entry(4097L, "Invalid state transition"), Map.entry(4098L, "Timeout parameter not supported"),
            Map.entry(4099L, "Busy"), Map.entry(32768L, "Failed"), Map.entry(32769L, "Access denied"),
            Map.entry(32770L, "Not supported"), Map.entry(32771L, "Status is unknown"), Map.entry(32772L, "Timeout"),
            Map.entry(32773L, "Invalid parameter"), Map.entry(32774L, "System is in use"),
            Map.entry(32775L, "Invalid state for this operation"), Map.entry(32776L, "Incorrect data type"),
            Map.entry(32777L, "System is not available"), Map.entry(32778L, "Out of memory"));

    private HypervErrors() {
    }

    /** Runs a query or a Get ({@code during} = "enumeration", "get"), turning its failures into libvirt's errors. */
    static <T> T exchange(String during, Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (VirtException e) {
            throw e;
        } catch (WsmanFault e) {
            throw internal("SOAP fault during " + during + ": code '" + e.code() + "', subcode '" + e.subcode()
                    + "', reason '" + e.reason() + "', detail '" + e.detailMessage() + "'", e);
        } catch (RuntimeException e) {
            throw common(e, during);
        }
    }

    /** Runs the invocation of {@code method} (and the wait for its job), turning its failures into libvirt's. */
    static <T> T invocation(String method, Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (VirtException e) {
            throw e;
        } catch (WsmanFault e) {
            throw internal("WS-Management fault during " + method + " invocation: " + e.reason(), e);
        } catch (WsmanMethodException e) {
            throw internal("Invocation of " + method + " returned an error: " + returnCodeText(e.returnValue()) + " ("
                    + e.returnValue() + ")", e);
        } catch (WsmanJobFailedException e) {
            throw internal("Concrete job for " + method + " invocation is in error state: " + e.getMessage(), e);
        } catch (WsmanJobTimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.HYPERV,
                    "Timeout waiting for " + method + " invocation: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw common(e, method + " invocation");
        }
    }

    private static VirtException common(RuntimeException e, String during) {
        if (e instanceof WsmanAuthenticationException) {
            return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.HYPERV,
                    "Authentication failed during " + during + ": " + e.getMessage(), e);
        }
        if (e instanceof WsmanTransportException) {
            return internal("Transport error during " + during + ": " + e.getMessage(), e);
        }
        return internal("Unexpected answer during " + during + ": " + e.getMessage(), e);
    }

    static String returnCodeText(long code) {
        return RETURN_CODES.getOrDefault(code, "Unknown return code");
    }

    static VirtException internal(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, message);
    }

    private static VirtException internal(String message, Throwable cause) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, message, cause);
    }

    /** OPERATION_INVALID: the domain is not in a state the call can start from. */
    static VirtException invalid(String message) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.HYPERV, message);
    }
}
