package io.virtkit.hyperv.internal.wsman;

/**
 * The meanings of method return values, as Microsoft documents them for the Msvm_* methods (RequestStateChange,
 * DefineSystem, …) and CIM for the low ones; for messages only.
 */
final class MsvmReturnCodes {

    private MsvmReturnCodes() {
    }

    static String describe(long value) {
        return switch ((int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, value))) {
            case 0 -> "Completed with No Error";
            case 1 -> "Not Supported";
            case 2 -> "Failed";
            case 3 -> "Timeout";
            case 4 -> "Invalid Parameter";
            case 5 -> "Invalid State";
            case 6 -> "Incompatible Parameters";
            case 4096 -> "Method Parameters Checked - Job Started";
            case 4097 -> "Size Not Supported";
            case 32768 -> "Failed";
            case 32769 -> "Access Denied";
            case 32770 -> "Not Supported";
            case 32771 -> "Status is unknown";
            case 32772 -> "Timeout";
            case 32773 -> "Invalid parameter";
            case 32774 -> "System is in use";
            case 32775 -> "Invalid state for this operation";
            case 32776 -> "Incorrect data type";
            case 32777 -> "System is not available";
            case 32778 -> "Out of memory";
            case 32779 -> "File not found";
            default -> "unknown return value";
        };
    }
}
