/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.ory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Hydra {@code /admin/oauth2/introspect} and {@code /oauth2/revoke}, following
 * ory-wire.md section 3.
 *
 * @author authcache authors
 */
final class HydraEndpoints {

	private final TokenStore tokens;

	private final StubSettings settings;

	private final Supplier<String> baseUrl;

	HydraEndpoints(TokenStore tokens, StubSettings settings, Supplier<String> baseUrl) {
		this.tokens = tokens;
		this.settings = settings;
		this.baseUrl = baseUrl;
	}

	StubResponse introspect(StubRequest request) {
		StubResponse rejected = rejectRequest(request);
		if (rejected != null) {
			return rejected;
		}
		String token = request.formValue("token");
		List<String> requested = scopes(request.formValue("scope"));
		Instant now = this.settings.clock().instant();
		Optional<OAuth2TokenSpec> active = Optional.ofNullable(token)
			.flatMap(this.tokens::findUnrevoked)
			.filter((spec) -> spec.isUnexpiredAt(now))
			.filter((spec) -> requested.stream().allMatch((scope) -> isGranted(spec.scopes(), scope)));
		if (active.isEmpty()) {
			return StubResponse.of(200, StubResponse.OAUTH2_JSON, "{\"active\":false}").noStore();
		}
		return StubResponse.of(200, StubResponse.OAUTH2_JSON,
				OryJson.introspection(active.get(), this.baseUrl.get() + "/"));
	}

	StubResponse revoke(StubRequest request) {
		StubResponse rejected = rejectRequest(request);
		if (rejected != null) {
			return rejected;
		}
		String token = request.formValue("token");
		if (token != null) {
			this.tokens.revoke(token);
		}
		return StubResponse.empty(200).noStore();
	}

	private @Nullable StubResponse rejectRequest(StubRequest request) {
		if (!"POST".equals(request.method())) {
			return StubResponse.empty(405).header("Allow", "POST");
		}
		String required = this.settings.requiredAuthorization();
		if (required != null && !required.equals(request.header("Authorization"))) {
			return OryErrors.invalidClient();
		}
		if (request.body().length == 0 || request.form().isEmpty()) {
			return OryErrors.emptyIntrospectionBody();
		}
		return null;
	}

	private static List<String> scopes(@Nullable String scope) {
		return (scope != null) ? Arrays.stream(scope.split(" ")).filter((s) -> !s.isEmpty()).toList() : List.of();
	}

	/**
	 * Hydra's default {@code wildcard} scope strategy (fosite
	 * {@code WildcardScopeStrategy}).
	 * @param granted the scopes granted
	 * @param needle the scope asked for
	 * @return whether a granted scope covers it
	 */
	static boolean isGranted(List<String> granted, String needle) {
		String[] needleParts = needle.split("\\.", -1);
		for (String matcher : granted) {
			String[] matcherParts = matcher.split("\\.", -1);
			if (matcherParts.length > needleParts.length) {
				continue;
			}
			boolean equal = true;
			for (int i = 0; i < matcherParts.length; i++) {
				String part = matcherParts[i];
				if (i == matcherParts.length - 1 && matcherParts.length != needleParts.length && !part.equals("*")) {
					equal = false;
					break;
				}
				if (part.equals("*") && !needleParts[i].isEmpty()) {
					continue;
				}
				if (!part.equals(needleParts[i])) {
					equal = false;
					break;
				}
			}
			if (equal) {
				return true;
			}
		}
		return false;
	}

}
