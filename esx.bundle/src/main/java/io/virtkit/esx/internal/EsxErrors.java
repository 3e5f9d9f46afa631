package io.virtkit.esx.internal;

import java.util.function.Supplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.VimFault;
import io.virtkit.esx.internal.vim.VimProtocolException;
import io.virtkit.esx.internal.vim.VimTaskException;
import io.virtkit.esx.internal.vim.VimTransportException;

/**
 * The vSphere client's failures as libvirt's ESX driver reports them (domain ESX): a SOAP fault is
 * INTERNAL_ERROR {@code HTTP response code 500 for call to 'M'. Fault: CODE - STRING}, an unreachable or
 * silent server and a malformed answer INTERNAL_ERROR with what happened, a task that failed INTERNAL_ERROR
 * with the caller's context ({@code Could not start domain: ...}), a task that did not finish in time
 * OPERATION_TIMEOUT.
 */
final class EsxErrors {

    private EsxErrors() {
    }

    /** Runs a vSphere exchange, turning its failures into libvirt's errors. */
    static <T> T call(Supplier<T> exchange) {
        return task(null, exchange);
    }

    /** Runs a vSphere exchange whose task failure is reported as {@code context: message}. */
    static <T> T task(String context, Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (VirtException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e, context);
        }
    }

    static void run(Runnable exchange) {
        call(() -> {
            exchange.run();
            return null;
        });
    }

    static VirtException translate(RuntimeException e, String context) {
        if (e instanceof VimFault fault) {
            String message = fault.libvirtMessage();
            return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                    context == null ? message : context + ": " + fault.faultString(), fault);
        }
        if (e instanceof VimTaskException task) {
            if (task.timedOut()) {
                return new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.ESX,
                        (context == null ? task.method() : context) + ": " + task.getMessage(), task);
            }
            return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                    (context == null ? "Task " + task.method() + " failed" : context) + ": " + task.getMessage(), task);
        }
        if (e instanceof VimTransportException || e instanceof VimProtocolException) {
            return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                    context == null ? e.getMessage() : context + ": " + e.getMessage(), e);
        }
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                (context == null ? "" : context + ": ") + e, e);
    }

    static VirtException internal(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX, message);
    }

    static VirtException invalid(String message) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ESX, message);
    }
}
