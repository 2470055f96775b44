/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Says once, at INFO, that authcache is on the classpath with no identity provider
 * configured, so it stays out of the way (no cache, no filter, no secret required), and
 * how to turn it on.
 *
 * @author authcache authors
 */
class NoIdentityProviderNotice implements InitializingBean {

	private static final Log logger = LogFactory.getLog(NoIdentityProviderNotice.class);

	static final String MESSAGE = "authcache is inactive: no identity provider is configured. To authenticate "
			+ "requests, set authcache.kratos.base-url (Ory Kratos sessions), authcache.introspection.uri "
			+ "(RFC 7662 token introspection) or authcache.jwt.jwk-set-uri (JWT access tokens), or define an "
			+ "IdentityResolver bean; authcache.cache.secret is then required. Set authcache.enabled=false to "
			+ "silence this message.";

	@Override
	public void afterPropertiesSet() {
		logger.info(MESSAGE);
	}

}
