/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Error bodies exactly as Kratos (herodot envelope) and Hydra (OAuth 2.0 error) write
 * them.
 *
 * @author authcache authors
 */
final class OryErrors {

	static final String NO_SESSION_REASON = "No valid session credentials found in the request.";

	static final String EMPTY_BODY_DESCRIPTION = "The request is missing a required parameter, includes an invalid "
			+ "parameter value, includes a parameter more than once, or is otherwise malformed. "
			+ "The POST body can not be empty.";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private OryErrors() {
	}

	static StubResponse herodot(int code, String status, @Nullable String requestId, @Nullable String reason,
			String message) {
		ObjectNode error = mapper.createObjectNode();
		error.put("code", code);
		error.put("status", status);
		if (requestId != null && !requestId.isEmpty()) {
			error.put("request", requestId);
		}
		if (reason != null) {
			error.put("reason", reason);
		}
		error.put("message", message);
		ObjectNode root = mapper.createObjectNode();
		root.set("error", error);
		return StubResponse.of(code, StubResponse.JSON, mapper.writeValueAsString(root));
	}

	static StubResponse noSession(@Nullable String requestId) {
		return herodot(401, "Unauthorized", requestId, NO_SESSION_REASON, "The request could not be authorized");
	}

	static StubResponse badRequest(@Nullable String requestId, String reason) {
		return herodot(400, "Bad Request", requestId, reason,
				"The request was malformed or contained invalid parameters");
	}

	static StubResponse notFound(@Nullable String requestId) {
		return herodot(404, "Not Found", requestId, null, "Unable to locate the resource");
	}

	static StubResponse aal2Required(String baseUrl) {
		String redirect = baseUrl + "/self-service/login/browser?aal=aal2";
		ObjectNode details = mapper.createObjectNode();
		details.put("redirect_browser_to", redirect);
		ObjectNode error = mapper.createObjectNode();
		error.put("id", "session_aal2_required");
		error.put("code", 403);
		error.put("status", "Forbidden");
		error.put("reason", "An active session was found but it does not fulfill the requested Authenticator "
				+ "Assurance Level. Please verify yourself with a second factor to resolve this issue.");
		error.set("details", details);
		error.put("message", "Session does not fulfill the requested Authenticator Assurance Level");
		ObjectNode root = mapper.createObjectNode();
		root.set("error", error);
		root.put("redirect_browser_to", redirect);
		return StubResponse.of(403, StubResponse.JSON, mapper.writeValueAsString(root))
			.header("Ory-Error-Id", "session_aal2_required");
	}

	static StubResponse oauth2(int status, String error, String description) {
		ObjectNode root = mapper.createObjectNode();
		root.put("error", error);
		root.put("error_description", description);
		return StubResponse.of(status, StubResponse.OAUTH2_JSON, mapper.writeValueAsString(root)).noStore();
	}

	static StubResponse emptyIntrospectionBody() {
		return oauth2(400, "invalid_request", EMPTY_BODY_DESCRIPTION);
	}

	static StubResponse invalidClient() {
		return oauth2(401, "invalid_client", "Client authentication failed (e.g., unknown client, no client "
				+ "authentication included, or unsupported authentication method).");
	}

	static StubResponse injected(int status) {
		if (status >= 502 && status <= 504) {
			String text = status + " " + reasonPhrase(status);
			return StubResponse.of(status, "text/html",
					"<html><head><title>" + text + "</title></head><body><center><h1>" + text
							+ "</h1></center><hr><center>nginx</center></body></html>\n");
		}
		StubResponse response = herodot(status, reasonPhrase(status), null, null, defaultMessage(status));
		return (status == 429) ? response.header("Retry-After", "1") : response;
	}

	private static String defaultMessage(int status) {
		return switch (status) {
			case 400 -> "The request was malformed or contained invalid parameters";
			case 401 -> "The request could not be authorized";
			case 403 -> "The requested action was forbidden";
			case 404 -> "The requested resource could not be found";
			case 429 -> "Too many requests";
			default -> "An internal server error occurred, please contact the system administrator";
		};
	}

	static String reasonPhrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Error";
		};
	}

}
