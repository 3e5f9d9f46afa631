package io.virtkit.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtkit.api.ErrorCode;
import io.virtkit.model.storage.VolumeFeatures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code qemu-img} commands libvirt's file backends run: info (probing an image's format and sizes),
 * create, convert (with its {@code -p} progress) and resize.
 */
final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** qemu-img convert -p writes "    (12.34/100%)" followed by a carriage return. */
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");

    private final String program;
    private final ImageInfoCache probed = new ImageInfoCache();

    QemuImg() {
        this("qemu-img");
    }

    QemuImg(String program) {
        this.program = program;
    }

    /**
     * Probes an image. {@code -U} reads it even while a guest holds its lock; the backing chain is not opened,
     * so a missing backing file still gives the image's own facts.
     */
    ImageInfo info(Path image) {
        return probed.get(image, () -> probe(image));
    }

    private ImageInfo probe(Path image) {
        HostCommand.Result r = HostCommand.run(List.of(program, "info", "--output=json", "-U", image.toString()));
        if (!r.ok()) {
            throw r.failure();
        }
        return parseInfo(r.stdout());
    }

    static ImageInfo parseInfo(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            String format = n.path("format").asText();
            String compat = null;
            Long clusterSize = null;
            VolumeFeatures features = null;
            if ("qcow2".equals(format)) {
                JsonNode data = n.path("format-specific").path("data");
                clusterSize = n.has("cluster-size") ? n.path("cluster-size").asLong() : null;
                if (!"0.10".equals(data.path("compat").asText("0.10"))) { // version 3: compat and features
                    compat = data.path("compat").asText();
                    features = new VolumeFeatures(data.path("lazy-refcounts").asBoolean(false),
                            data.path("extended-l2").asBoolean(false));
                }
            }
            return new ImageInfo(format, n.path("virtual-size").asLong(), n.path("actual-size").asLong(),
                    text(n, "backing-filename"), text(n, "backing-filename-format"), text(n, "full-backing-filename"),
                    compat, clusterSize, features);
        } catch (IOException e) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "cannot parse qemu-img info output: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * {@code qemu-img create -f format [-o …] path sizeK}: libvirt gives the size in KiB, rounded up, and a
     * qcow2 image its compat level ({@link Qcow2Options#withDefaultCompat}).
     */
    void create(Path image, String format, long capacity, Qcow2Options options) {
        create(image, format, capacity, options, Preallocation.NONE);
    }

    /** As {@link #create(Path, String, long, Qcow2Options)}, with libvirt's {@code preallocation=} option. */
    void create(Path image, String format, long capacity, Qcow2Options options, Preallocation preallocation) {
        List<String> cmd = new ArrayList<>(List.of(program, "create", "-f", format));
        String o = createOptions("qcow2".equals(format) ? Qcow2Options.withDefaultCompat(options) : options,
                preallocation);
        if (!o.isEmpty()) {
            cmd.add("-o");
            cmd.add(o);
        }
        cmd.add(image.toString());
        if (capacity > 0 || options == null || options.backingFile() == null) {
            cmd.add(kib(capacity) + "K"); // with a backing file and no size, qemu-img takes the backing file's
        }
        HostCommand.check(cmd);
    }

    static String createOptions(Qcow2Options o) {
        return createOptions(o, Preallocation.NONE);
    }

    /** The {@code -o} options in libvirt's order: backing store, preallocation, then the qcow2 ones. */
    static String createOptions(Qcow2Options o, Preallocation preallocation) {
        List<String> parts = new ArrayList<>();
        if (o != null && o.backingFormat() != null) {
            parts.add("backing_fmt=" + escape(o.backingFormat()));
        }
        if (o != null && o.backingFile() != null) {
            parts.add("backing_file=" + escape(o.backingFile()));
        }
        if (preallocation.option() != null) {
            parts.add("preallocation=" + preallocation.option());
        }
        if (o == null) {
            return String.join(",", parts);
        }
        if (o.compat() != null) {
            parts.add("compat=" + escape(o.compat()));
        }
        if (o.clusterSize() > 0) {
            parts.add("cluster_size=" + o.clusterSize());
        }
        if (o.lazyRefcounts()) {
            parts.add("lazy_refcounts");
        }
        if (o.extendedL2()) {
            parts.add("extended_l2=on");
        }
        return String.join(",", parts);
    }

    /** qemu's option syntax: a comma inside a value is written twice. */
    private static String escape(String value) {
        return value.replace(",", ",,");
    }

    /**
     * {@code qemu-img convert -p -f in -O out [-S 4k] src dst}, reporting progress in bytes of the source's
     * virtual size as qemu-img's percentages arrive.
     */
    void convert(Path source, String sourceFormat, Path target, String targetFormat, long total,
                 ProgressListener progress) {
        convert(source, sourceFormat, target, targetFormat, null, Preallocation.NONE, total, progress);
    }

    /**
     * As {@link #convert(Path, String, Path, String, long, ProgressListener)}, the new image made with the
     * {@code -o} options of a create (libvirt passes the new volume's to both); a backing file in them is ignored.
     */
    void convert(Path source, String sourceFormat, Path target, String targetFormat, Qcow2Options options,
                 Preallocation preallocation, long total, ProgressListener progress) {
        List<String> cmd = new ArrayList<>(List.of(program, "convert", "-p", "-f", sourceFormat, "-O", targetFormat));
        Qcow2Options qcow2 = "qcow2".equals(targetFormat) ? Qcow2Options.withDefaultCompat(options) : options;
        String o = createOptions(qcow2 == null ? null : qcow2.withoutBacking(), preallocation);
        if (!o.isEmpty()) {
            cmd.addAll(List.of("-o", o));
        }
        cmd.addAll(List.of(source.toString(), target.toString()));
        HostCommand.Result r = HostCommand.run(cmd, chunk -> {
            Matcher m = PROGRESS.matcher(chunk);
            while (m.find()) {
                double pct = Double.parseDouble(m.group(1));
                progress.progress((long) (total * pct / 100.0), total);
            }
        });
        if (!r.ok()) {
            throw r.failure();
        }
        progress.progress(total, total);
    }

    /** {@code qemu-img resize [--shrink] -f format path size}. */
    void resize(Path image, String format, long capacity, boolean shrink) {
        List<String> cmd = new ArrayList<>(List.of(program, "resize"));
        if (shrink) {
            cmd.add("--shrink");
        }
        cmd.addAll(List.of("-f", format, image.toString(), Long.toString(capacity)));
        HostCommand.check(cmd);
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
