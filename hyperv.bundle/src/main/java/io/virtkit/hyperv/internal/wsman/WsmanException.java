package io.virtkit.hyperv.internal.wsman;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public class WsmanException extends RuntimeException {
    public WsmanException(String message) {
        super(message);
    }
}
