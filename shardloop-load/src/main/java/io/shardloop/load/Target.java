package io.shardloop.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the load goes: scheme ({@code http}, {@code https} or {@code tcp}), host, port and, for HTTP, the request
 * target. Immutable, any thread.
 */
public record Target(String url, String scheme, String host, int port, String pathAndQuery) {

    private static final String ACCEPTS = "accepts http://HOST[:PORT][/PATH], https://HOST[:PORT][/PATH] or tcp://HOST:PORT";

    /** Parses a URL; throws {@link LoadSpecException} naming {@code URL} when it is not one we can load. */
    public static Target parse(String url) {
        if (url == null || url.isBlank()) {
            throw new LoadSpecException("URL", ACCEPTS + ", got nothing");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new LoadSpecException("URL", ACCEPTS + ", got '" + url + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("tcp")) {
            throw new LoadSpecException("URL", ACCEPTS + ", got '" + url + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new LoadSpecException("URL", ACCEPTS + ", got '" + url + "' (no host)");
        }
        int port = uri.getPort();
        if (port == -1) {
            if (scheme.equals("tcp")) {
                throw new LoadSpecException("URL", ACCEPTS + ", got '" + url + "' (tcp:// needs a port)");
            }
            port = defaultPort(scheme);
        }
        if (port < 1 || port > 65535) {
            throw new LoadSpecException("URL", ACCEPTS + ", got '" + url + "' (port out of range)");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(url.strip(), scheme, host, port, path);
    }

    /** True for https:// targets: the connection speaks TLS. */
    public boolean tls() {
        return scheme.equals("https");
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The value of the Host header: host, plus the port when it is not the scheme's default. */
    public String hostHeader() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == defaultPort(scheme) ? h : h + ":" + port;
    }
}
