package io.virtkit.hyperv.internal.wsman;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public class WsmanFault extends WsmanException {
    public WsmanFault(String message) {
        super(message);
    }
}
