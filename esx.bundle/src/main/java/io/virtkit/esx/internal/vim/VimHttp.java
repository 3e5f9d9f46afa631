package io.virtkit.esx.internal.vim;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of a vSphere connection: SOAP posts to {@code /sdk} and file transfers under {@code /folder},
 * one JDK client per connection holding the session cookie ({@code vmware_soap_session}) so every call after
 * login is in the session. Thread-safe.
 */
public final class VimHttp {

    private final URI base;
    private final HttpClient client;
    private final Duration callTimeout;

    /**
     * @param base        {@code https://host:port} (or {@code http://} when the URI says {@code transport=http})
     * @param tls         the TLS context ({@link VimTls})
     * @param callTimeout how long one call may take before it fails
     */
    public VimHttp(URI base, SSLContext tls, Duration connectTimeout, Duration callTimeout) {
        this.base = base;
        this.callTimeout = callTimeout;
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI base() {
        return base;
    }

    /** Posts a SOAP envelope; the answer's status and body, whatever the status. */
    HttpResponse<InputStream> post(String soapAction, String envelope) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/sdk"))
                .timeout(callTimeout)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", soapAction)
                .header("User-Agent", "virtkit-esx")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** GET of a path below the server ({@code /folder/dir/x.vmx?dcPath=...&dsName=...}). */
    public HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(callTimeout)
                .header("User-Agent", "virtkit-esx").GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** PUT of {@code content} to a path below the server. */
    public HttpResponse<byte[]> put(String pathAndQuery, byte[] content) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(callTimeout)
                .header("User-Agent", "virtkit-esx")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
