package io.virtkit.esx.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vmx.DatastorePath;

/**
 * Files on the connection's datastores through the host's HTTP file service
 * ({@code /folder/<path>?dcPath=<datacenter>&dsName=<datastore>}, the session cookie authorising), and their
 * deletion through the file manager. Used for {@code .vmx} files: small, read and written whole.
 */
final class EsxDatastoreFiles {

    private final EsxContext context;

    EsxDatastoreFiles(EsxContext context) {
        this.context = context;
    }

    String url(DatastorePath path) {
        StringBuilder url = new StringBuilder("/folder");
        for (String segment : path.directoryAndFile().split("/")) {
            if (!segment.isEmpty()) {
                url.append('/').append(encode(segment));
            }
        }
        return url.append("?dcPath=").append(encode(context.refs.datacenterPath())).append("&dsName=")
                .append(encode(path.datastore())).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The file's content; INTERNAL_ERROR with libvirt's wording for any status but 200. */
    byte[] download(DatastorePath path) {
        HttpResponse<byte[]> response = transfer(() -> context.session.http().get(url(path)), "download from", path);
        if (response.statusCode() != 200 && response.statusCode() != 206) {
            throw EsxErrors.internal("HTTP response code " + response.statusCode() + " for download from '"
                    + context.session.http().base() + url(path) + "'");
        }
        return response.body();
    }

    void upload(DatastorePath path, byte[] content) {
        HttpResponse<byte[]> response = transfer(() -> context.session.http().put(url(path), content), "upload to",
                path);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw EsxErrors.internal("HTTP response code " + response.statusCode() + " for upload to '"
                    + context.session.http().base() + url(path) + "'");
        }
    }

    /** Deletes a file ({@code DeleteDatastoreFile_Task}); a file already gone is not an error. */
    void delete(DatastorePath path) {
        EsxErrors.task("Could not delete '" + path + "'", () -> {
            try {
                return context.tasks.run(context.taskTimeout(), "DeleteDatastoreFile_Task",
                        context.session.serviceObject("fileManager"), VimNode.leaf("name", path.toString()),
                        context.refs.datacenter().toNode("datacenter"));
            } catch (io.virtkit.esx.internal.vim.VimTaskException e) {
                if ("FileNotFound".equals(e.faultType())) {
                    return null;
                }
                throw e;
            }
        });
    }

    private interface Exchange {
        HttpResponse<byte[]> send() throws IOException, InterruptedException;
    }

    private HttpResponse<byte[]> transfer(Exchange exchange, String what, DatastorePath path) {
        try {
            return exchange.send();
        } catch (HttpTimeoutException e) {
            throw EsxErrors.internal("No answer in time for " + what + " '" + path + "'");
        } catch (IOException e) {
            throw EsxErrors.internal("Cannot " + what.replace(" from", "").replace(" to", "") + " '" + path + "': "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EsxErrors.internal("Interrupted during " + what + " '" + path + "'");
        }
    }
}
