/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.ssf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.authcache.invalidation.AuthCacheInvalidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * Receives Security Event Tokens from a Shared Signals transmitter, however they are
 * delivered (pushed, RFC 8935, or polled, RFC 8936): verifies each with the
 * {@link SecurityEventTokenVerifier}, applies it once across instances (its {@code jti}),
 * and turns the CAEP events into invalidations: {@value #SESSION_REVOKED} drops the
 * subject's session when it names one, else every session of its user;
 * {@value #CREDENTIAL_CHANGE} drops every session of its user when it names one, else its
 * session. Other events are accepted and ignored. The subject is the token's
 * {@code sub_id} (SSF 1.0), else the event's {@code subject} member (earlier CAEP
 * drafts); see {@link SubjectIdentifier} for what each format names.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class SharedSignalsReceiver {

	/**
	 * The CAEP session revoked event.
	 */
	public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	/**
	 * The CAEP credential change event.
	 */
	public static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

	private static final Log logger = LogFactory.getLog(SharedSignalsReceiver.class);

	private final SecurityEventTokenVerifier verifier;

	private final AuthCacheInvalidator invalidator;

	/**
	 * Create a receiver.
	 * @param verifier the verifier of the transmitter's tokens
	 * @param invalidator the invalidator
	 */
	public SharedSignalsReceiver(SecurityEventTokenVerifier verifier, AuthCacheInvalidator invalidator) {
		Assert.notNull(verifier, "'verifier' must not be null");
		Assert.notNull(invalidator, "'invalidator' must not be null");
		this.verifier = verifier;
		this.invalidator = invalidator;
	}

	/**
	 * Verify a Security Event Token and, on its first use on any instance, apply its
	 * events.
	 * @param token the compact serialized token
	 * @return {@code true} when applied, {@code false} when its {@code jti} was used
	 * before (by this or another instance)
	 * @throws InvalidSecurityEventTokenException when the token is refused
	 * @throws org.springframework.security.oauth2.jwt.JwtException when the keys could
	 * not be fetched
	 * @throws io.github.authcache.invalidation.RevocationFailedException when a
	 * revocation could not be recorded
	 */
	public boolean receive(String token) {
		Jwt jwt = this.verifier.verify(token);
		List<Runnable> invalidations = invalidations(jwt);
		if (!this.verifier.firstUse(jwt)) {
			return false;
		}
		invalidations.forEach(Runnable::run);
		return true;
	}

	private List<Runnable> invalidations(Jwt jwt) {
		List<Runnable> invalidations = new ArrayList<>();
		Map<String, Object> events = jwt.getClaimAsMap("events");
		Assert.state(events != null, "The token validator was not applied");
		events.forEach((type, event) -> {
			boolean sessionRevoked = SESSION_REVOKED.equals(type);
			if (!sessionRevoked && !CREDENTIAL_CHANGE.equals(type)) {
				return;
			}
			SubjectIdentifier subject = subject(jwt, event);
			String userId = subject.userId();
			String sessionId = subject.sessionId();
			if (sessionId != null && (sessionRevoked || userId == null)) {
				invalidations.add(() -> this.invalidator.invalidateSession(sessionId));
			}
			else if (userId != null) {
				invalidations.add(() -> this.invalidator.invalidateUser(userId));
			}
			else {
				logger.warn("Ignored a " + type + " event whose subject names no user id and no session (an "
						+ "email subject cannot be mapped to a user: configure the transmitter for iss_sub)");
			}
		});
		return invalidations;
	}

	private static SubjectIdentifier subject(Jwt jwt, Object event) {
		Object subject = jwt.getClaims().get("sub_id");
		if (!(subject instanceof Map) && event instanceof Map<?, ?> members) {
			subject = members.get("subject");
		}
		if (!(subject instanceof Map<?, ?> map)) {
			throw new InvalidSecurityEventTokenException("invalid_request", "The event names no subject");
		}
		return SubjectIdentifier.of(map);
	}

}
