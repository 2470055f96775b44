/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One application with the starter, as a user would run it: Spring Boot's
 * auto-configuration, the default security filter chain, Tomcat on a free port of
 * {@code 127.0.0.1}, and {@code GET /api/me} answering the caller's name,
 * {@code client_id} and authorities as JSON. Identity providers reach it over real HTTP
 * (back-channel logout), and so do the tests.
 *
 * @author authcache authors
 */
public final class WebInstance implements AutoCloseable {

	private static final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private WebInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * Start an instance.
	 * @param properties the application's properties, {@code name=value}
	 * @return the started instance
	 */
	public static WebInstance start(List<String> properties) {
		List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
				"spring.main.banner-mode=off", "logging.level.root=WARN"));
		all.addAll(properties);
		return new WebInstance(
				new SpringApplicationBuilder(Application.class).properties(all.toArray(String[]::new)).run());
	}

	/**
	 * Return a bean of the application.
	 * @param <T> the bean type
	 * @param type the bean type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Return a bean of the application by name, for a bean whose class is not visible.
	 * @param <T> a type of the bean
	 * @param name the bean name
	 * @param type a type of the bean, for example
	 * {@link org.springframework.context.Lifecycle}
	 * @return the bean
	 */
	public <T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	/**
	 * Return the URL of a path of this instance.
	 * @param path the path
	 * @return the URL
	 */
	public String url(String path) {
		return this.baseUrl + path;
	}

	/**
	 * {@code GET /api/me} with a bearer token.
	 * @param bearer the token
	 * @return the response
	 */
	public HttpResponse<String> me(String bearer) {
		return send(HttpRequest.newBuilder(URI.create(url("/api/me"))).GET(), bearer);
	}

	/**
	 * {@code GET /api/me} with a DPoP-bound access token ({@code Authorization: DPoP})
	 * and a proof.
	 * @param token the token
	 * @param proof the {@code DPoP} header
	 * @return the response
	 */
	public HttpResponse<String> meWithDPoP(String token, String proof) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/api/me")))
			.GET()
			.header("Authorization", "DPoP " + token)
			.header("DPoP", proof);
		return send(request, null);
	}

	/**
	 * {@code POST /logout} with a bearer token.
	 * @param bearer the token
	 * @return the response
	 */
	public HttpResponse<String> logout(String bearer) {
		return send(HttpRequest.newBuilder(URI.create(url("/logout"))).POST(HttpRequest.BodyPublishers.noBody()),
				bearer);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request, @Nullable String bearer) {
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return httpClient.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The application: nothing but auto-configuration and one controller.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@RestController
		static class MeController {

			@GetMapping("/api/me")
			Map<String, Object> me(Authentication authentication) {
				Map<String, Object> me = new LinkedHashMap<>();
				me.put("name", authentication.getName());
				if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal) {
					me.put("client_id", principal.getAttribute("client_id"));
				}
				me.put("authorities",
						authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
				return me;
			}

		}

	}

}
