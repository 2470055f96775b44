/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.authcache.resolver.Identity;
import io.github.authcache.resolver.introspection.IntrospectionClaims;
import io.github.authcache.resolver.kratos.KratosAttributes;
import io.github.authcache.security.AuthCacheAuthentications;

import org.springframework.security.core.Authentication;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc {@link RequestPostProcessor}s that run a request as authenticated by authcache,
 * in the manner of spring-security-test's {@code jwt()} and {@code opaqueToken()}: the
 * request carries the very {@link Authentication} authcache would give (a
 * {@code SessionAuthentication} with its factor authorities, or a
 * {@code BearerTokenAuthentication}), so a {@code @WebMvcTest} of a controller behind
 * authcache needs no Redis and no identity provider.
 *
 * <pre class="code">
 * mvc.perform(get("/api/me").with(kratosSession("identity-1")));
 * mvc.perform(get("/api/things").with(bearerToken("client-1", "read")));
 * </pre>
 *
 * In such a test authcache has no cache, so its filter is not added (with a warning) and
 * a request that carries a real credential is anonymous.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class AuthCacheRequestPostProcessors {

	private static final Duration LIFESPAN = Duration.ofHours(1);

	private AuthCacheRequestPostProcessors() {
	}

	/**
	 * Run the request as the given Kratos session identity.
	 * @param identity the identity, as the Kratos resolver gives it (session id,
	 * {@code aal}, {@code methods}, {@code traits} attributes)
	 * @return the post-processor
	 */
	public static RequestPostProcessor kratosSession(Identity identity) {
		return authentication(AuthCacheAuthentications.session(identity, List.of()));
	}

	/**
	 * Run the request as an active aal1 Kratos session of the given identity, logged in
	 * with a password now.
	 * @param identityId the identity id
	 * @return the post-processor
	 */
	public static RequestPostProcessor kratosSession(String identityId) {
		Instant now = Instant.now();
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(KratosAttributes.AAL, "aal1");
		attributes.put(KratosAttributes.AUTHENTICATED_AT, now.getEpochSecond());
		attributes.put(KratosAttributes.METHODS, List.of("password"));
		attributes.put(KratosAttributes.TRAITS, Map.of());
		return kratosSession(new Identity(identityId, UUID.randomUUID().toString(), null, now.plus(LIFESPAN), List.of(),
				attributes));
	}

	/**
	 * Run the request as an access token of the given identity.
	 * @param identity the identity, as the introspection resolver gives it
	 * ({@code SCOPE_…} authorities, the introspection claims as attributes)
	 * @return the post-processor
	 */
	public static RequestPostProcessor bearerToken(Identity identity) {
		return authentication(AuthCacheAuthentications.bearerToken("test-" + UUID.randomUUID(), identity));
	}

	/**
	 * Run the request as an active access token of the given subject with the given
	 * scopes ({@code SCOPE_…} authorities, the {@code scope} claim).
	 * @param subject the subject
	 * @param scopes the scopes
	 * @return the post-processor
	 */
	public static RequestPostProcessor bearerToken(String subject, String... scopes) {
		List<String> authorities = Arrays.stream(scopes).map((scope) -> "SCOPE_" + scope).toList();
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(IntrospectionClaims.ACTIVE, true);
		attributes.put(IntrospectionClaims.SCOPE, String.join(" ", scopes));
		return bearerToken(new Identity(subject, null, null, Instant.now().plus(LIFESPAN), authorities, attributes));
	}

	private static RequestPostProcessor authentication(Authentication authentication) {
		return SecurityMockMvcRequestPostProcessors.authentication(authentication);
	}

}
