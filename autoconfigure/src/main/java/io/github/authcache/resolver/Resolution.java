/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The upstream's verdict on a credential. An upstream that gives no verdict (unreachable,
 * timing out, answering with an error) is not a resolution: the resolver throws
 * {@link UpstreamUnavailableException}, and nothing is cached.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public sealed interface Resolution {

	/**
	 * Return how long the upstream allows the verdict to be cached (for example Kratos's
	 * {@code Ory-Session-Cache-For}), if it said.
	 * @return the upstream's cache bound, or {@code null}
	 */
	@Nullable Duration cacheFor();

	/**
	 * The credential is valid and belongs to the given identity.
	 *
	 * @param identity the identity
	 * @param cacheFor how long the upstream allows the verdict to be cached, if it said
	 * @param setCookies {@code Set-Cookie} header values the upstream sent (a refreshed
	 * session cookie); relayed to the client on this request only and never cached
	 */
	record Active(Identity identity, @Nullable Duration cacheFor, List<String> setCookies) implements Resolution {

		/**
		 * Create a new active resolution.
		 * @param identity the identity
		 * @param cacheFor how long the upstream allows the answer to be cached, if it
		 * says
		 * @param setCookies {@code Set-Cookie} header values to relay
		 */
		public Active {
			Assert.notNull(identity, "'identity' must not be null");
			setCookies = List.copyOf(setCookies);
		}

		/**
		 * Create an active resolution with no cache bound and no cookies.
		 * @param identity the identity
		 */
		public Active(Identity identity) {
			this(identity, null, List.of());
		}

	}

	/**
	 * The credential is unknown, expired or revoked.
	 *
	 * @param cacheFor how long the upstream allows the verdict to be cached, if it said
	 */
	record Inactive(@Nullable Duration cacheFor) implements Resolution {

		/**
		 * Create an inactive resolution with no cache bound.
		 */
		public Inactive() {
			this(null);
		}

	}

}
