package dev.afl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.json.AflJson;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an HTTP error answer of a provider (the LLM, the remote recommendation model) may be kept and shown as: its
 * status, the provider's error code (OpenAI's {@code error.code}, else {@code error.type}) and a short message, with
 * anything that looks like a credential removed. The body itself is never kept: a gateway may echo the request's
 * {@code Authorization} header in it, and what is kept ends up in logs, stored sessions, API answers and the other
 * agent's prompt.
 *
 * @param status  the HTTP status
 * @param code    the provider's error code, or null
 * @param message the provider's message, redacted and cut short, or empty
 */
public record ProviderError(int status, String code, String message) {

    /** The longest message kept. */
    static final int MESSAGE_LIMIT = 160;
    /** Bodies are read this far, no further. */
    private static final int BODY_LIMIT = 16_384;
    /** A run of a configured secret this long is as good as the secret (a gateway may echo part of a key). */
    private static final int SECRET_PART = 8;
    static final String REDACTED = "[redacted]";

    private static final ObjectMapper JSON = AflJson.records();
    /** Where providers put the words of an error: OpenAI's {@code message}, RFC 9457's {@code detail}, OAuth's ... */
    private static final List<String> MESSAGE_FIELDS = List.of("message", "detail", "error_description", "title");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final List<Pattern> CREDENTIALS = List.of(
            // Authorization: Bearer x / "authorization": "Basic x" / x-api-key: x / api_key=x / token=x ...
            Pattern.compile("(?i)(\"?\\b(?:proxy-)?authorization\"?\\s*[:=]\\s*\"?)"
                    + "(?:(?:bearer|basic|token|digest|aws4-hmac-sha256)\\s+)?[^\\s\"',;&()]+"),
            Pattern.compile("(?i)(\"?\\b(?:x-)?(?:api[_-]?key|access[_-]?token|auth[_-]?token|token|secret|password|passwd"
                    + "|key|credential|signature)\"?\\s*[:=]\\s*\"?)[^\\s\"',;&()]+"),
            Pattern.compile("(?i)(\\bbearer\\s+)[^\\s\"',;&()]+"),
            Pattern.compile("()\\b(?:sk|pk|rk)-[A-Za-z0-9_\\-*.]{6,}"),
            // An AWS access key id (long-term AKIA..., temporary ASIA...), as a SigV4 Credential= or on its own.
            Pattern.compile("()\\b(?:AKIA|ASIA)[A-Z0-9]{12,}\\b"));
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-.~+/=*]+");

    /** Reads an error answer's body, keeping only what may be shown. */
    public static ProviderError of(int status, String body, Collection<String> secrets) {
        String text = body == null ? "" : body.length() > BODY_LIMIT ? body.substring(0, BODY_LIMIT) : body;
        String code = null;
        String message = text;
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.isObject()) {
                JsonNode error = root.path("error");
                JsonNode details = error.isObject() ? error : root;
                code = codeOf(details.path("code"));
                if (code == null) {
                    code = codeOf(details.path("type"));
                }
                message = error.isTextual() ? error.asText() : text;
                for (String field : MESSAGE_FIELDS) {
                    if (details.path(field).isTextual()) {
                        message = details.get(field).asText();
                        break;
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // Not JSON (an HTML page, plain text): its start, redacted, is the message.
        }
        return new ProviderError(status, code, shorten(redact(message.strip().replaceAll("\\s+", " "), secrets)));
    }

    /**
     * {@code text} with every credential-looking part replaced by {@value #REDACTED}: each configured secret, and
     * any run of {@value #SECRET_PART} or more of its characters; {@code Bearer ...}, {@code sk-...}, AWS access key
     * ids, and the value of {@code Authorization}, {@code api-key}, {@code key=}, {@code token=}, SigV4's
     * {@code Credential=} and {@code Signature=} and their like.
     */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        for (Pattern credential : CREDENTIALS) {
            redacted = credential.matcher(redacted).replaceAll(match -> Matcher.quoteReplacement(match.group(1))
                    + REDACTED);
        }
        Matcher token = TOKEN.matcher(redacted);
        StringBuilder out = new StringBuilder();
        while (token.find()) {
            token.appendReplacement(out, Matcher.quoteReplacement(partOfASecret(token.group(), secrets) ? REDACTED
                    : token.group()));
        }
        token.appendTail(out);
        return out.toString();
    }

    private static boolean partOfASecret(String token, Collection<String> secrets) {
        String bare = token.replace("*", "");
        if (bare.length() < SECRET_PART) {
            return false;
        }
        for (String secret : secrets) {
            if (secret != null && secret.length() >= SECRET_PART) {
                for (String piece : bare.split("[*]+|\\.{3}")) {
                    if (piece.length() >= SECRET_PART && secret.contains(piece)) {
                        return true;
                    }
                }
                for (int i = 0; i + SECRET_PART <= bare.length(); i++) {
                    if (secret.contains(bare.substring(i, i + SECRET_PART))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String codeOf(JsonNode node) {
        if (!(node.isTextual() || node.isNumber())) {
            return null;
        }
        String code = node.asText();
        return CODE.matcher(code).matches() ? code : null;
    }

    private static String shorten(String message) {
        return message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) + "\u2026" : message;
    }

    /** {@code HTTP 401 (invalid_api_key): Incorrect API key provided: [redacted]}. */
    @Override
    public String toString() {
        return "HTTP " + status + (code == null ? "" : " (" + code + ")") + (message.isEmpty() ? "" : ": " + message);
    }
}
