/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an SSF subject identifier (RFC 9493, SSF 1.0 section 3) names in authcache's
 * terms: {@code iss_sub} names the user {@code sub} (the Kratos identity id, or a token's
 * {@code sub}); {@code opaque} names the session {@code id} (a Kratos session id, or a
 * token's {@code sid}); {@code complex} names its {@code user} member's user and its
 * {@code session} member's session, except that a session id {@value #ALL_SESSIONS} next
 * to a user (Keycloak's subject when every session of the user ended) names the user
 * only; {@code email} names an address, which authcache cannot map to a user id. Other
 * formats name nothing.
 *
 * @param userId the user id, if the subject names one
 * @param sessionId the session id, if the subject names one
 * @param email the email address, if the subject is one
 * @author authcache authors
 * @since 0.1.0
 */
public record SubjectIdentifier(@Nullable String userId, @Nullable String sessionId, @Nullable String email) {

	/**
	 * The session id of a {@code complex} subject that names every session of its user
	 * (Keycloak's, for an administrator's sign-out of the user).
	 */
	public static final String ALL_SESSIONS = "ALL";

	/**
	 * Read a subject identifier.
	 * @param subject the {@code sub_id} claim or an event's {@code subject} member
	 * @return what it names
	 */
	public static SubjectIdentifier of(Map<?, ?> subject) {
		String format = string(subject, "format");
		if (format == null) {
			return new SubjectIdentifier(null, null, null);
		}
		return switch (format) {
			case "iss_sub" -> new SubjectIdentifier(string(subject, "sub"), null, null);
			case "opaque" -> new SubjectIdentifier(null, string(subject, "id"), null);
			case "email" -> new SubjectIdentifier(null, null, string(subject, "email"));
			case "complex" -> complex(subject);
			default -> new SubjectIdentifier(null, null, null);
		};
	}

	private static SubjectIdentifier complex(Map<?, ?> subject) {
		SubjectIdentifier user = (subject.get("user") instanceof Map<?, ?> map) ? of(map)
				: new SubjectIdentifier(null, null, null);
		String userId = user.userId();
		if (userId == null && subject.get("user") instanceof Map<?, ?> map && "opaque".equals(map.get("format"))) {
			// An opaque user member is the user id
			userId = string(map, "id");
		}
		SubjectIdentifier session = (subject.get("session") instanceof Map<?, ?> map) ? of(map)
				: new SubjectIdentifier(null, null, null);
		String sessionId = (userId != null && ALL_SESSIONS.equals(session.sessionId())) ? null : session.sessionId();
		return new SubjectIdentifier(userId, sessionId, user.email());
	}

	private static @Nullable String string(Map<?, ?> subject, String member) {
		return (subject.get(member) instanceof String value && !value.isEmpty()) ? value : null;
	}

	/**
	 * Return whether the subject names neither a user nor a session.
	 * @return whether nothing can be invalidated for this subject
	 */
	public boolean namesNothing() {
		return this.userId == null && this.sessionId == null;
	}

}
