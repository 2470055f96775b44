/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.security;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.authcache.test.ory.KratosSessionSpec;
import io.github.authcache.testing.DefaultChainApplication;
import io.github.authcache.testing.WebIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Integration tests for the Ory Network live event stream receiver. Events are posted the
 * way Ory's HTTPS delivery posts them (docs/actions/live-events.mdx of ory/docs: one JSON
 * event per {@code POST}, the stream's credentials as HTTP Basic from the endpoint URL,
 * or a bearer token or an API key header), with the attribute keys Kratos emits
 * ({@code SessionID}, {@code IdentityID}, {@code IdentityActive}).
 *
 * @author authcache authors
 */
@SpringBootTest(classes = DefaultChainApplication.class,
		properties = { "authcache.ory-events.enabled=true",
				"authcache.ory-events.secret=" + OryEventStreamIntegrationTests.SECRET,
				"authcache.ory-events.api-key-header=X-Ory-Api-Key" })
class OryEventStreamIntegrationTests extends WebIntegrationTests {

	static final String SECRET = "an-event-stream-secret-of-32-chars-or-more";

	private static final DateTimeFormatter ORY_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@Autowired
	private MeterRegistry meters;

	@Test
	void sessionRevokedThenTheSessionIsRefusedAtOnce() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		authenticate(session).andExpect(status().isOk());
		ory.revokeSession(session.sessionId());
		authenticate(session).andExpect(status().isOk());
		deliver(event("SessionRevoked", Map.of("SessionID", session.sessionId(), "IdentityID", session.identityId())))
			.andExpect(status().isOk());
		authenticate(session).andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
	}

	@Test
	void identityDeletedThenEverySessionOfTheIdentityIsRefused() throws Exception {
		KratosSessionSpec first = ory.registerSession();
		KratosSessionSpec second = ory.registerSession(sameIdentity(first));
		authenticate(first).andExpect(status().isOk());
		authenticate(second).andExpect(status().isOk());
		ory.revokeSession(first.sessionId());
		ory.revokeSession(second.sessionId());
		deliver(event("IdentityDeleted", Map.of("IdentityID", first.identityId()))).andExpect(status().isOk());
		authenticate(first).andExpect(status().isUnauthorized());
		authenticate(second).andExpect(status().isUnauthorized());
	}

	@Test
	void identityUpdatedInactiveThenTheIdentitysSessionsAreRefusedAndActiveChangesNothing() throws Exception {
		KratosSessionSpec active = ory.registerSession();
		KratosSessionSpec deactivated = ory.registerSession();
		authenticate(active).andExpect(status().isOk());
		authenticate(deactivated).andExpect(status().isOk());
		deliver(event("IdentityUpdated", Map.of("IdentityID", active.identityId(), "IdentityActive", "true")))
			.andExpect(status().isOk());
		ory.revokeSession(deactivated.sessionId());
		deliver(event("IdentityUpdated", Map.of("IdentityID", deactivated.identityId(), "IdentityActive", "false")))
			.andExpect(status().isOk());
		authenticate(active).andExpect(status().isOk());
		authenticate(deactivated).andExpect(status().isUnauthorized());
		assertThat(ory.whoamiCalls()).isEqualTo(3);
	}

	@Test
	void otherEventsAndUnknownAttributesThenAcknowledgedAndIgnored() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		authenticate(session).andExpect(status().isOk());
		for (String name : new String[] { "LoginSucceeded", "SessionChanged", "SessionChecked", "ANewEventName" }) {
			deliver(event(name, Map.of("SessionID", session.sessionId(), "IdentityID", session.identityId())))
				.andExpect(status().isOk());
		}
		authenticate(session).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
		ory.revokeSession(session.sessionId());
		deliver(event("SessionRevoked",
				Map.of("SessionID", session.sessionId(), "GeoLocationCity", "Munich", "ANewAttribute", "x")))
			.andExpect(status().isOk());
		authenticate(session).andExpect(status().isUnauthorized());
	}

	@Test
	void deliveryWithoutTheSecretThen401AndNothingRevoked() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		authenticate(session).andExpect(status().isOk());
		String event = event("SessionRevoked", Map.of("SessionID", session.sessionId()));
		String wrong = SECRET.substring(1) + "x";
		send(post("/ory/events"), event).andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ory-event-stream\""));
		send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, basic("ory", wrong)), event)
			.andExpect(status().isUnauthorized());
		send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, basic("someone", SECRET)), event)
			.andExpect(status().isUnauthorized());
		send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, "Bearer " + wrong), event)
			.andExpect(status().isUnauthorized());
		send(post("/ory/events").header("X-Ory-Api-Key", wrong), event).andExpect(status().isUnauthorized());
		send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, "Basic not-base64!"), event)
			.andExpect(status().isUnauthorized());
		authenticate(session).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void deliveryWithABearerTokenOrAnApiKeyThenApplied() throws Exception {
		KratosSessionSpec first = ory.registerSession();
		KratosSessionSpec second = ory.registerSession();
		authenticate(first).andExpect(status().isOk());
		authenticate(second).andExpect(status().isOk());
		send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, "Bearer " + SECRET),
				event("SessionRevoked", Map.of("SessionID", first.sessionId())))
			.andExpect(status().isOk());
		send(post("/ory/events").header("X-Ory-Api-Key", SECRET),
				event("SessionRevoked", Map.of("SessionID", second.sessionId())))
			.andExpect(status().isOk());
		ory.revokeSession(first.sessionId());
		ory.revokeSession(second.sessionId());
		authenticate(first).andExpect(status().isUnauthorized());
		authenticate(second).andExpect(status().isUnauthorized());
	}

	@Test
	void malformedDeliveryThen400AndNothingRevoked() throws Exception {
		KratosSessionSpec session = ory.registerSession();
		authenticate(session).andExpect(status().isOk());
		String tooLarge = event("SessionRevoked",
				Map.of("SessionID", session.sessionId(), "Padding", "x".repeat(OryEventStreamFilter.MAX_BODY_BYTES)));
		String paddedEvent = event("SessionRevoked", Map.of("SessionID", session.sessionId()))
				+ " ".repeat(OryEventStreamFilter.MAX_BODY_BYTES);
		for (String body : new String[] { paddedEvent, "not json", "[]", "{}", "{\"name\":42}",
				event("SessionRevoked", Map.of("IdentityID", session.identityId())),
				event("SessionRevoked", Map.of("SessionID", "")), event("IdentityDeleted", Map.of()),
				"{\"name\":\"SessionRevoked\",\"eventAttributes\":\"" + session.sessionId() + "\"}", tooLarge }) {
			deliver(body).andExpect(status().isBadRequest());
		}
		authenticate(session).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(1);
	}

	@Test
	void eventDeliveredAgainThenAppliedOnceSoALateRetryEndsNoLaterSession() throws Exception {
		KratosSessionSpec before = ory.registerSession();
		authenticate(before).andExpect(status().isOk());
		String deactivated = event("IdentityUpdated",
				Map.of("IdentityID", before.identityId(), "IdentityActive", "false"));
		deliver(deactivated).andExpect(status().isOk());
		// The identity is active again and logs in; then Ory retries the old delivery
		KratosSessionSpec after = ory.registerSession(sameIdentity(before));
		authenticate(after).andExpect(status().isOk());
		double duplicates = this.meters
			.counter("authcache.ory.events", "event", "IdentityUpdated", "outcome", "duplicate")
			.count();
		deliver(deactivated).andExpect(status().isOk());
		authenticate(after).andExpect(status().isOk());
		assertThat(ory.whoamiCalls()).isEqualTo(2);
		assertThat(
				this.meters.counter("authcache.ory.events", "event", "IdentityUpdated", "outcome", "duplicate").count())
			.isEqualTo(duplicates + 1);
	}

	private ResultActions authenticate(KratosSessionSpec session) throws Exception {
		return this.mvc.perform(get("/api/me").header("X-Session-Token", session.requiredToken()));
	}

	private ResultActions deliver(String body) throws Exception {
		return send(post("/ory/events").header(HttpHeaders.AUTHORIZATION, basic("ory", SECRET)), body);
	}

	private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
		// No CSRF token: the endpoint is exempt, its credentials are its authentication
		return this.mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private static KratosSessionSpec sameIdentity(KratosSessionSpec session) {
		return KratosSessionSpec.builder().identityId(session.identityId()).build();
	}

	private static String basic(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static String event(String name, Map<String, String> attributes) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("name", name);
		event.put("version", "1");
		event.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(ORY_TIMESTAMP));
		event.put("projectId", "b3b748e5-7ddc-4860-a672-2436a877dc93");
		event.put("eventAttributes", attributes);
		return JsonMapper.shared().writeValueAsString(event);
	}

}
