package com.s3dynamopipe.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's Content-Security-Policy as Terraform renders it for one region (terraform/frontend.tf, the
 * {@code aws_cloudfront_response_headers_policy}), evaluated offline: the string interpolations of the CSP are
 * resolved from the module's variable defaults, its one-line locals, and the data sources a deploy reads
 * ({@code aws_caller_identity}: a fixed test account, {@code aws_partition}: the commercial partition). An
 * interpolation it cannot resolve is an error, so a CSP written in a form this class does not understand fails the
 * test instead of passing it.
 *
 * <p>Source matching follows CSP Level 3 host-source rules for what the page's CSP uses: scheme, exact host or a
 * leading {@code *.} wildcard, default port, any path when the source has none.
 */
final class DeployedCsp {

    /** Account id of the rendered stack (data.aws_caller_identity.current.account_id). */
    static final String ACCOUNT_ID = "123456789012";

    private static final Path TERRAFORM = Path.of("terraform");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]+)}");
    private static final Map<String, String> DATA_SOURCES = Map.of(
            "data.aws_caller_identity.current.account_id", ACCOUNT_ID,
            "data.aws_partition.current.partition", "aws",
            "data.aws_partition.current.dns_suffix", "amazonaws.com");

    private final String region;
    private final String variables;
    private final String locals;

    private DeployedCsp(String region) {
        this.region = region;
        this.variables = read("variables.tf");
        this.locals = read("locals.tf");
    }

    /**
     * @param region AWS region code of the stack, e.g. {@code us-east-1}
     * @return the renderer for a stack in that region with the default variables
     */
    static DeployedCsp forRegion(String region) {
        return new DeployedCsp(region);
    }

    /**
     * @return the sources of the rendered CSP's {@code connect-src} directive, e.g.
     *         {@code ['self', https://*.execute-api.us-east-1.amazonaws.com, ...]}
     * @throws IllegalStateException when frontend.tf has no connect-src or it names something unresolvable
     */
    List<String> connectSources() {
        return sources("connect-src");
    }

    /**
     * @param directive a fetch directive of the CSP, e.g. {@code script-src}
     * @return its rendered sources, keywords with their quotes, e.g. {@code ['self', 'wasm-unsafe-eval']}
     * @throws IllegalStateException when frontend.tf has no such directive or it names something unresolvable
     */
    List<String> sources(String directive) {
        Matcher entry =
                Pattern.compile("\"" + Pattern.quote(directive) + " ([^\"]+)\"").matcher(read("frontend.tf"));
        if (!entry.find()) {
            throw new IllegalStateException("terraform/frontend.tf has no \"" + directive + " ...\" entry in its CSP");
        }
        return Arrays.asList(render(entry.group(1)).trim().split("\\s+"));
    }

    /**
     * @param reference a Terraform reference such as {@code var.region} or {@code local.storage_bucket_name}
     * @return its value in the rendered stack
     * @throws IllegalStateException when the reference is not a variable default, a one-line local or a known data
     *                               source attribute
     */
    String resolve(String reference) {
        if (reference.equals("var.region")) {
            return region;
        }
        if (DATA_SOURCES.containsKey(reference)) {
            return DATA_SOURCES.get(reference);
        }
        if (reference.startsWith("var.")) {
            Matcher m = Pattern.compile(
                            "variable \"" + Pattern.quote(reference.substring(4))
                                    + "\" \\{.*?\\n\\s+default\\s+=\\s+\"([^\"]*)\"",
                            Pattern.DOTALL)
                    .matcher(variables);
            if (m.find()) {
                return render(m.group(1));
            }
        }
        if (reference.startsWith("local.")) {
            Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(reference.substring(6)) + "\\s+=\\s+(.+?)\\s*$")
                    .matcher(locals);
            if (m.find()) {
                String expression = m.group(1);
                return expression.startsWith("\"") && expression.endsWith("\"")
                        ? render(expression.substring(1, expression.length() - 1))
                        : resolve(expression);
            }
        }
        throw new IllegalStateException("cannot render ${" + reference + "} of the CSP offline");
    }

    private String render(String template) {
        Matcher m = INTERPOLATION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(m.group(1).trim())));
        }
        return m.appendTail(out).toString();
    }

    /**
     * @param url an absolute https URL the page would fetch (a presigned S3 URL)
     * @return whether one of the connect-src sources allows it
     */
    boolean allowsConnectTo(URI url) {
        return connectSources().stream().anyMatch(source -> matches(source, url));
    }

    private static boolean matches(String source, URI url) {
        if (source.startsWith("'")) {
            return false; // 'self' is the page's own origin (CloudFront), never S3
        }
        URI allowed = URI.create(source.replace("://*.", "://wildcard."));
        if (!allowed.getScheme().equalsIgnoreCase(url.getScheme()) || allowed.getPort() != url.getPort()) {
            return false;
        }
        String host = url.getHost().toLowerCase();
        String pattern = allowed.getHost().toLowerCase();
        boolean hostMatches =
                source.contains("://*.") ? host.endsWith(pattern.substring("wildcard".length())) : host.equals(pattern);
        String path = allowed.getRawPath();
        return hostMatches
                && (path == null
                        || path.isEmpty()
                        || path.equals("/")
                        || url.getRawPath().startsWith(path));
    }

    private static String read(String file) {
        try {
            return Files.readString(TERRAFORM.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
