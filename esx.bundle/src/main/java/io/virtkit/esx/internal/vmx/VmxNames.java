package io.virtkit.esx.internal.vmx;

/** Guest disk names as libvirt makes and reads them: {@code sda} … {@code sdz}, {@code sdaa} … */
final class VmxNames {
    private VmxNames() {
    }

    /** The name of disk {@code index} with {@code prefix} (libvirt's virIndexToDiskName). */
    static String diskName(String prefix, int index) {
        StringBuilder letters = new StringBuilder();
        for (int i = index; i >= 0; i = i / 26 - 1) {
            letters.insert(0, (char) ('a' + i % 26));
        }
        return prefix + letters;
    }

    /** The index of a disk name after its two-letter prefix, or -1 (libvirt's virDiskNameToIndex). */
    static int diskIndex(String name) {
        if (name.length() < 3) {
            return -1;
        }
        int idx = 0;
        int i = 2;
        for (; i < name.length() && name.charAt(i) >= 'a' && name.charAt(i) <= 'z'; i++) {
            idx = (idx + (i == 2 ? 0 : 1)) * 26 + (name.charAt(i) - 'a');
        }
        if (i == 2 || i < name.length() && !Character.isDigit(name.charAt(i))) {
            return -1;
        }
        return idx;
    }
}
