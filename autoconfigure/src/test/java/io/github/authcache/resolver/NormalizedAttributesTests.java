/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NormalizedAttributes} and the attributes an {@link Identity} keeps.
 *
 * @author authcache authors
 */
class NormalizedAttributesTests {

	@Test
	void identityWhenAttributesAreNormalizedThenTakesThemAsTheyAre() {
		Map<String, @Nullable Object> built = new LinkedHashMap<>();
		built.put("traits", NormalizedAttributes.object(new LinkedHashMap<>(Map.of("email", "a@example.org"))));
		Map<String, Object> attributes = NormalizedAttributes.object(built);
		Identity identity = new Identity("alice", null, null, null, List.of(), attributes);
		assertThat(identity.attributes()).isSameAs(attributes);
		assertThat(new Identity("alice", null, null, null, List.of(), identity.attributes()).attributes())
			.isSameAs(attributes);
	}

	@Test
	void identityWhenAttributesAreAPlainMapThenCopiesThem() {
		Map<String, Object> traits = new LinkedHashMap<>(Map.of("email", "a@example.org"));
		Map<String, Object> attributes = new LinkedHashMap<>(Map.of("traits", traits));
		Identity identity = new Identity("alice", null, null, null, List.of(), attributes);
		attributes.put("added", "later");
		traits.put("email", "mallory@example.org");
		assertThat(identity.attributes()).containsOnlyKeys("traits");
		assertThat(identity.attributes().get("traits")).isEqualTo(Map.of("email", "a@example.org"));
	}

	@Test
	void objectNormalizesValuesKeepsOrderAndDropsNulls() {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		object.put("z", 1);
		object.put("gone", null);
		object.put("a", 1.5f);
		object.put("list", new ArrayList<>(Arrays.asList(2, null, Map.of("n", (short) 3))));
		Map<String, Object> normalized = NormalizedAttributes.object(object);
		assertThat(normalized).containsExactly(Map.entry("z", 1L), Map.entry("a", 1.5d),
				Map.entry("list", Arrays.asList(2L, null, Map.of("n", 3L))));
		assertThat(normalized.get("z")).isInstanceOf(Long.class);
	}

	@Test
	void normalizedMapsAndListsAreUnmodifiable() {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		object.put("name", "alice");
		object.put("roles", new ArrayList<>(List.of("admin")));
		Map<String, Object> normalized = NormalizedAttributes.object(object);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> normalized.put("x", "y"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> normalized.remove("name"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(normalized::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> normalized.entrySet().iterator().next().setValue("mallory"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> normalized.replaceAll((name, value) -> "mallory"));
		@SuppressWarnings("unchecked")
		List<Object> roles = (List<Object>) normalized.get("roles");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> roles.add("root"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> roles.set(0, "root"));
		assertThat(normalized).isEqualTo(Map.of("name", "alice", "roles", List.of("admin")));
	}

}
