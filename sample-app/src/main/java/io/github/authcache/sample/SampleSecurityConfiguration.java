/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import static io.github.authcache.security.AuthCacheConfigurer.authCache;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Security of the sample. The API chain authenticates with authcache, keeps no HTTP
 * session, and keeps CSRF protection for requests that rely on the session cookie
 * (authcache exempts requests with {@code X-Session-Token} or
 * {@code Authorization: Bearer}); with no HTTP session, the CSRF token travels in the
 * {@code XSRF-TOKEN} cookie and comes back in the {@code X-XSRF-TOKEN} header. Error
 * dispatches are permitted so that a 403 stays a 403. Actuator endpoints have their own
 * chain: they are served on the management port, bound to the loopback address.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class SampleSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint());
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		// Loopback-only port; a cross-site DELETE needs a CORS preflight that this port
		// never grants
		http.csrf((csrf) -> csrf.disable());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/api/public")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.spa());
		// Logout answers 204 when the session is revoked everywhere, 202 when only in the
		// cache (AuthCacheLogoutSuccessHandler, the starter's default)
		http.with(authCache(), withDefaults());
		return http.build();
	}

}
