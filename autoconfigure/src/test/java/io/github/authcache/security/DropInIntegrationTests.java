/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.authcache.credential.CredentialKind;
import io.github.authcache.metrics.LookupObservationContext;
import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.testing.WebIntegrationTests;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * authcache next to the application's own login: a {@code UserDetailsService} with form
 * login and HTTP Basic in the same chain keeps working, and authcache's authentications
 * go through the chain's shared {@code AuthenticationManager}: events published, the
 * {@code spring.security.authentications} observation recorded, each lookup observed
 * within it.
 *
 * @author authcache authors
 */
@SpringBootTest(classes = DropInIntegrationTests.TestApplication.class)
class DropInIntegrationTests extends WebIntegrationTests {

	@Autowired
	private Events events;

	@Autowired
	private TestObservationRegistry observations;

	@BeforeEach
	void clearRecords() {
		this.events.all.clear();
		this.observations.clear();
	}

	@Test
	void httpBasicWithTheApplicationsUsersStillWorks() throws Exception {
		this.mvc.perform(get("/me").with(httpBasic("alice", "password")))
			.andExpect(status().isOk())
			.andExpect(content().string("alice"));
		this.mvc.perform(get("/me").with(httpBasic("alice", "wrong"))).andExpect(status().isUnauthorized());
	}

	@Test
	void formLoginWithTheApplicationsUsersStillWorks() throws Exception {
		this.mvc.perform(formLogin().user("alice").password("password"))
			.andExpect(authenticated().withUsername("alice"));
	}

	@Test
	void sessionsAndTokensAuthenticateInTheSameChain() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isOk())
			.andExpect(content().string(session.identityId()));
		OAuth2TokenSpec token = ory.registerToken();
		this.mvc.perform(get("/me").header("Authorization", "Bearer " + token.token())).andExpect(status().isOk());
	}

	@Test
	void authCacheAuthenticationsPublishSuccessAndFailureEvents() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		this.mvc.perform(get("/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
			.andExpect(status().isOk());
		this.mvc.perform(get("/me").cookie(new Cookie("ory_kratos_session", "MTYnotasession")))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/me").header("Authorization", "Bearer ory_at_unknown.token"))
			.andExpect(status().isUnauthorized());
		assertThat(this.events.all).filteredOn(AuthenticationSuccessEvent.class::isInstance)
			.singleElement()
			.extracting(AbstractAuthenticationEvent::getAuthentication)
			.extracting(Authentication::getName)
			.isEqualTo(session.identityId());
		// The application's global manager, the parent, adds a ProviderNotFound event of
		// its own (as it does for oauth2ResourceServer())
		assertThat(this.events.all).filteredOn(AuthenticationFailureBadCredentialsEvent.class::isInstance)
			.extracting((event) -> ((CredentialAuthenticationToken) event.getAuthentication()).getCredential().kind())
			.containsExactly(CredentialKind.SESSION, CredentialKind.TOKEN);
	}

	@Test
	void eachLookupIsObservedWithinTheAuthenticationObservation() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(get("/me").cookie(new Cookie("ory_kratos_session", session.cookieValue())))
				.andExpect(status().isOk());
		}
		TestObservationRegistryAssert.assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			List<Observation.Context> lookups = contexts.stream()
				.filter(LookupObservationContext.class::isInstance)
				.toList();
			assertThat(lookups).extracting((context) -> context.getLowCardinalityKeyValue("kind").getValue())
				.containsExactly("session", "session");
			assertThat(lookups).extracting((context) -> context.getLowCardinalityKeyValue("result").getValue())
				.containsExactly("miss", "hit");
			assertThat(lookups).allSatisfy((context) -> assertThat(context.getParentObservation()).isNotNull()
				.extracting((parent) -> parent.getContextView().getName())
				.isEqualTo("spring.security.authentications"));
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TestController.class, Events.class })
	static class TestApplication {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}password").roles("USER").build());
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(withDefaults());
			http.httpBasic(withDefaults());
			http.with(AuthCacheConfigurer.authCache(), withDefaults());
			return http.build();
		}

	}

	static class Events {

		final List<AbstractAuthenticationEvent> all = new CopyOnWriteArrayList<>();

		@EventListener
		void on(AbstractAuthenticationEvent event) {
			this.all.add(event);
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/me")
		String me(Authentication authentication) {
			return authentication.getName();
		}

	}

}
