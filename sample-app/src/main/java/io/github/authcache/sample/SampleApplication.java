/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample application: a small JSON API whose requests are authenticated by Kratos
 * sessions and OAuth 2.0 access tokens through the authcache Redis cache. Without
 * configuration it starts an embedded Redis and a demo identity provider (see
 * {@link io.github.authcache.sample.embedded.EmbeddedDefaultsInitializer}).
 *
 * @author authcache authors
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
