package io.virtkit.hyperv.internal.wsman;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public class WsmanMethodException extends WsmanException {
    public WsmanMethodException(String method, long returnValue) {
        super(method + " returned " + returnValue);
    }
}
