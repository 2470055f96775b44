/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.lang.reflect.Modifier;
import java.util.Arrays;

import io.github.authcache.actuate.JedisVersion;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link AuthCacheRuntimeHints}.
 *
 * @author authcache authors
 */
class AuthCacheRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	AuthCacheRuntimeHintsTests() {
		new AuthCacheRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void registrarIsLoadedFromAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(AuthCacheRuntimeHints.class);
	}

	@Test
	void propertiesAndEveryNestedGroupCanBeBound() {
		assertThat(RuntimeHintsPredicates.reflection().onType(AuthCacheProperties.class)).accepts(this.hints);
		assertThat(
				RuntimeHintsPredicates.reflection().onMethodInvocation(AuthCacheProperties.Kratos.class, "setBaseUrl"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(AuthCacheProperties.Upstream.Ssl.class, "setBundle")).accepts(this.hints);
		Arrays.stream(AuthCacheProperties.class.getDeclaredClasses())
			.filter((type) -> !type.isEnum() && Modifier.isPublic(type.getModifiers()))
			.forEach((group) -> assertThat(RuntimeHintsPredicates.reflection().onType(group)).as(group.getName())
				.accepts(this.hints));
	}

	@Test
	void configurationMetadataCanBeRead() {
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring-configuration-metadata.json"))
			.accepts(this.hints);
	}

	@Test
	void jedisVersionCanBeRead() {
		assertThat(RuntimeHintsPredicates.resource().forResource(JedisVersion.POM_PROPERTIES)).accepts(this.hints);
	}

	@Test
	void unifiedJedisModeCanBeAskedReflectively() {
		assumeTrue(ReflectionUtils.findMethod(JedisConnectionFactory.class, "isUseUnifiedJedis") != null,
				"Spring Data Redis 4.0 has no unified mode");
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(JedisConnectionFactory.class, "isUseUnifiedJedis")).accepts(this.hints);
	}

}
