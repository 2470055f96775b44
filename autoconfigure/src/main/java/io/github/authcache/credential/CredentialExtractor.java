/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.credential;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Extracts a {@link Credential} from a request.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface CredentialExtractor {

	/**
	 * Extract the credential the request carries.
	 * @param request the request
	 * @return the credential, or {@code null} when the request carries none (it then goes
	 * on anonymous)
	 * @throws MalformedCredentialException when the request carries a credential that is
	 * oversized or not of the credential's syntax; it is rejected before any cache or
	 * upstream call
	 */
	@Nullable Credential extract(HttpServletRequest request);

}
