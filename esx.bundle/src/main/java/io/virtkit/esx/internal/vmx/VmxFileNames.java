package io.virtkit.esx.internal.vmx;

/**
 * How file names in a VMX file become the paths a domain definition shows and back: libvirt's parseFileName and
 * formatFileName of its VMX context. The ESX driver turns {@code /vmfs/volumes/ds/dir/x.vmdk} and names relative
 * to the {@code .vmx} into datastore paths ({@code [ds] dir/x.vmdk}) with the host's datastores; VMware
 * Workstation keeps paths as they are.
 */
public interface VmxFileNames {

    /**
     * The definition's path of a VMX file name.
     *
     * @param fileName     the name in the VMX file
     * @param allowMissing whether the file may be missing (a CD-ROM image), where a host checks
     */
    String parse(String fileName, boolean allowMissing);

    /** The VMX file name of a definition's path. */
    String format(String path);

    /** Paths as they are, as libvirt's VMware Workstation/Player driver keeps them. */
    VmxFileNames VERBATIM = new VmxFileNames() {
        @Override
        public String parse(String fileName, boolean allowMissing) {
            return fileName;
        }

        @Override
        public String format(String path) {
            return path;
        }
    };
}
