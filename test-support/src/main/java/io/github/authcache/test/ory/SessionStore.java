/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe registry of Kratos sessions, indexed by token and cookie value.
 *
 * @author authcache authors
 */
final class SessionStore {

	private final Map<String, KratosSessionSpec> sessions = new LinkedHashMap<>();

	private final Map<String, String> byToken = new HashMap<>();

	private final Map<String, String> byCookie = new HashMap<>();

	private final Map<String, Set<String>> rotatedCookies = new HashMap<>();

	synchronized KratosSessionSpec put(KratosSessionSpec session) {
		remove(session.sessionId());
		this.sessions.put(session.sessionId(), session);
		if (session.token() != null) {
			this.byToken.put(session.token(), session.sessionId());
		}
		session.cookieValues().forEach((cookie) -> this.byCookie.put(cookie, session.sessionId()));
		return session;
	}

	private void remove(String sessionId) {
		KratosSessionSpec previous = this.sessions.remove(sessionId);
		if (previous != null) {
			this.byToken.values().remove(sessionId);
			this.byCookie.values().removeIf(sessionId::equals);
		}
	}

	synchronized Optional<KratosSessionSpec> byId(String sessionId) {
		return Optional.ofNullable(this.sessions.get(sessionId));
	}

	synchronized Optional<KratosSessionSpec> byToken(String token) {
		String id = this.byToken.get(token);
		return Optional.ofNullable((id != null) ? this.sessions.get(id) : null);
	}

	synchronized Optional<KratosSessionSpec> byCookie(String cookie) {
		String id = this.byCookie.get(cookie);
		return Optional.ofNullable((id != null) ? this.sessions.get(id) : null);
	}

	synchronized Optional<KratosSessionSpec> update(String sessionId, UnaryOperator<KratosSessionSpec> change) {
		KratosSessionSpec current = this.sessions.get(sessionId);
		if (current == null) {
			return Optional.empty();
		}
		KratosSessionSpec changed = change.apply(current);
		if (changed.extended() && (!current.extended() || !changed.expiresAt().equals(current.expiresAt()))) {
			this.rotatedCookies.remove(sessionId);
		}
		return Optional.of(put(changed));
	}

	synchronized List<KratosSessionSpec> byIdentity(String identityId) {
		List<KratosSessionSpec> result = new ArrayList<>();
		this.sessions.values().stream().filter((s) -> s.identityId().equals(identityId)).forEach(result::add);
		return result;
	}

	synchronized int deleteByIdentity(String identityId) {
		List<KratosSessionSpec> matching = byIdentity(identityId);
		matching.forEach((session) -> {
			remove(session.sessionId());
			this.rotatedCookies.remove(session.sessionId());
		});
		return matching.size();
	}

	synchronized int updateByIdentity(String identityId, UnaryOperator<KratosSessionSpec> change) {
		List<KratosSessionSpec> matching = byIdentity(identityId);
		matching.forEach((session) -> put(change.apply(session)));
		return matching.size();
	}

	/**
	 * Rotate the cookie of an extended session when the presented value predates the
	 * extension.
	 * @param sessionId the session
	 * @param presented the cookie value the client sent
	 * @return the new cookie value, or {@code null} if no rotation is due
	 */
	synchronized @Nullable String rotateIfExtended(String sessionId, String presented) {
		KratosSessionSpec session = this.sessions.get(sessionId);
		if (session == null || !session.extended()) {
			return null;
		}
		Set<String> rotated = this.rotatedCookies.computeIfAbsent(sessionId, (id) -> new HashSet<>());
		if (rotated.contains(presented)) {
			return null;
		}
		String fresh = OryCredentials.sessionCookieValue();
		rotated.add(fresh);
		put(session.toBuilder().addCookieValue(fresh).build());
		return fresh;
	}

	synchronized List<KratosSessionSpec> all() {
		return List.copyOf(this.sessions.values());
	}

	synchronized void clear() {
		this.sessions.clear();
		this.byToken.clear();
		this.byCookie.clear();
		this.rotatedCookies.clear();
	}

}
