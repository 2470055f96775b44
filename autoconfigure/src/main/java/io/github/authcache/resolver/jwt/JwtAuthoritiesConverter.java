/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.resolver.jwt;

import java.util.Collection;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified access token into the authorities of its identity, in the manner of
 * Spring Security's {@code JwtGrantedAuthoritiesConverter}; authcache keeps authorities
 * as strings so they can be cached. Declare a bean of this type to replace
 * {@link StandardJwtAuthoritiesConverter}.
 *
 * @author authcache authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface JwtAuthoritiesConverter extends Converter<Jwt, Collection<String>> {

}
