/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Per-route freshness, like HTTP {@code max-age}: a route can demand a cached verdict
 * younger than the entry's TTL (for example {@code /admin/**} at most 10 seconds old),
 * and an older entry is then refreshed for that request. The first rule that matches, in
 * declaration order, applies.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class FreshnessPolicy {

	private final List<Rule> rules;

	/**
	 * Create a policy from path patterns (as {@link PathPatternRequestMatcher} reads
	 * them) and maximum ages.
	 * @param maxAges the maximum age by path pattern, in order of precedence
	 */
	public FreshnessPolicy(Map<String, Duration> maxAges) {
		Assert.notNull(maxAges, "'maxAges' must not be null");
		List<Rule> rules = new ArrayList<>();
		PathPatternRequestMatcher.Builder matchers = PathPatternRequestMatcher.withDefaults();
		maxAges.forEach((pattern, maxAge) -> rules.add(new Rule(matchers.matcher(pattern), maxAge)));
		this.rules = List.copyOf(rules);
	}

	/**
	 * Return the oldest cached verdict the request's route accepts.
	 * @param request the request
	 * @return the maximum age, or {@code null} when no rule applies
	 */
	public @Nullable Duration maxAge(HttpServletRequest request) {
		for (Rule rule : this.rules) {
			if (rule.matcher().matches(request)) {
				return rule.maxAge();
			}
		}
		return null;
	}

	private record Rule(RequestMatcher matcher, Duration maxAge) {

	}

}
