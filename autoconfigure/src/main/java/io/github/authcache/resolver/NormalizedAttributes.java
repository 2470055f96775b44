/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.CollectionUtils;

/**
 * The form an {@link Identity} keeps its attributes in: JSON objects as unmodifiable maps
 * in their original order, with string keys and no {@code null} values; arrays as
 * unmodifiable lists; whole numbers of up to 64 bits as {@link Long}, {@link Float}s as
 * {@link Double}; other values as they are. A map or list in this form (built by
 * {@link #object} or {@link #array}, or by an {@link Identity}) is taken by an
 * {@link Identity} as it is; any other is copied into it. Readers that build the
 * attributes themselves, such as the cache's decoder, hand their maps and lists over with
 * {@link #object} and {@link #array}, so the attributes of a cache hit are built once.
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class NormalizedAttributes {

	private NormalizedAttributes() {
	}

	/**
	 * Hand a map over as a normalized JSON object: its values are normalized in place and
	 * {@code null} values removed, and it is wrapped, not copied.
	 * @param object the map, which the caller must neither change nor keep
	 * @return the normalized, unmodifiable map
	 */
	public static Map<String, Object> object(Map<String, @Nullable Object> object) {
		if (object.containsValue(null)) {
			object.values().removeIf((value) -> value == null);
		}
		object.replaceAll((name, value) -> normalized(value));
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) (Map<String, ?>) object;
		return new NormalizedMap(values);
	}

	/**
	 * Hand a list over as a normalized JSON array: its elements are normalized in place
	 * (a {@code null} element stays), and it is wrapped, not copied.
	 * @param array the list, which the caller must neither change nor keep
	 * @return the normalized, unmodifiable list
	 */
	public static List<@Nullable Object> array(List<@Nullable Object> array) {
		array.replaceAll((element) -> (element != null) ? normalized(element) : null);
		return new NormalizedList(array);
	}

	/**
	 * Return attributes in the normalized form: as they are when they already are,
	 * otherwise a normalized copy.
	 * @param attributes the attributes
	 * @return the normalized attributes
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> of(Map<String, Object> attributes) {
		return (Map<String, Object>) normalized(attributes);
	}

	private static Object normalized(Object value) {
		if (value instanceof NormalizedMap || value instanceof NormalizedList) {
			return value;
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Float number) {
			return number.doubleValue();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> copy = CollectionUtils.newLinkedHashMap(map.size());
			map.forEach((name, element) -> copy.put(String.valueOf(name), element));
			return object(copy);
		}
		if (value instanceof List<?> list) {
			return array(new ArrayList<>(list));
		}
		return value;
	}

	/**
	 * A normalized JSON object: an unmodifiable view of a map nobody else holds.
	 */
	private static final class NormalizedMap extends AbstractMap<String, Object> {

		private final Map<String, Object> values;

		NormalizedMap(Map<String, Object> values) {
			this.values = values;
		}

		@Override
		public int size() {
			return this.values.size();
		}

		@Override
		public boolean containsKey(Object key) {
			return this.values.containsKey(key);
		}

		@Override
		public boolean containsValue(Object value) {
			return this.values.containsValue(value);
		}

		@Override
		public @Nullable Object get(Object key) {
			return this.values.get(key);
		}

		@Override
		public void forEach(BiConsumer<? super String, ? super Object> action) {
			this.values.forEach(action);
		}

		@Override
		public Set<Entry<String, Object>> entrySet() {
			return Collections.unmodifiableMap(this.values).entrySet();
		}

	}

	/**
	 * A normalized JSON array: an unmodifiable view of a list nobody else holds.
	 */
	private static final class NormalizedList extends AbstractList<@Nullable Object> implements RandomAccess {

		private final List<@Nullable Object> elements;

		NormalizedList(List<@Nullable Object> elements) {
			this.elements = elements;
		}

		@Override
		public @Nullable Object get(int index) {
			return this.elements.get(index);
		}

		@Override
		public int size() {
			return this.elements.size();
		}

	}

}
