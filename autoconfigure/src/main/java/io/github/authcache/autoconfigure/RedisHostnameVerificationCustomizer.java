/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import javax.net.ssl.SSLParameters;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.JedisClientConfigurationBuilderCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration.JedisClientConfigurationBuilder;

/**
 * Turns on TLS host name verification for Redis connections made through an SSL bundle.
 * Spring Boot hands Jedis an {@link SSLParameters} of its own whenever an SSL bundle is
 * set (for the bundle's ciphers and protocols), and Jedis (7.5) then leaves endpoint
 * identification off, so a certificate for any host name was accepted. This keeps the
 * bundle's ciphers and protocols and adds {@code HTTPS} endpoint identification.
 *
 * @author authcache authors
 */
class RedisHostnameVerificationCustomizer implements JedisClientConfigurationBuilderCustomizer {

	private final DataRedisConnectionDetails connectionDetails;

	RedisHostnameVerificationCustomizer(DataRedisConnectionDetails connectionDetails) {
		this.connectionDetails = connectionDetails;
	}

	@Override
	public void customize(JedisClientConfigurationBuilder builder) {
		SslBundle bundle = this.connectionDetails.getSslBundle();
		if (bundle == null) {
			return;
		}
		SSLParameters parameters = new SSLParameters();
		SslOptions options = bundle.getOptions();
		if (options.getCiphers() != null) {
			parameters.setCipherSuites(options.getCiphers());
		}
		if (options.getEnabledProtocols() != null) {
			parameters.setProtocols(options.getEnabledProtocols());
		}
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		builder.useSsl().sslParameters(parameters);
	}

}
