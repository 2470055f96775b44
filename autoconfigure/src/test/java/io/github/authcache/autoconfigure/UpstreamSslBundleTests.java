/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.authcache.credential.Credential;
import io.github.authcache.credential.CredentialType;
import io.github.authcache.resolver.Resolution;
import io.github.authcache.resolver.UpstreamUnavailableException;
import io.github.authcache.resolver.kratos.KratosSessionResolver;
import io.github.authcache.test.redis.TlsCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@code authcache.upstream.ssl.bundle}: an identity provider whose certificate
 * a private CA signed is trusted through a Spring Boot SSL bundle, and only through it.
 *
 * @author authcache authors
 */
class UpstreamSslBundleTests {

	private static TlsCertificates certificates;

	private static HttpsServer kratos;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCacheResolverAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("authcache.kratos.base-url=https://127.0.0.1:" + kratos.getAddress().getPort(),
				"spring.ssl.bundle.pem.idp.truststore.certificate=file:" + certificates.caCertificate());

	@BeforeAll
	static void startKratos() throws IOException {
		certificates = TlsCertificates.generate();
		TlsCertificates.ServerCertificate localhost = certificates.localhost();
		SslBundle serverBundle = SslBundle
			.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(Files.readString(localhost.certificate()))
				.withPrivateKey(Files.readString(localhost.privateKey())), null));
		kratos = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		kratos.setHttpsConfigurator(new HttpsConfigurator(serverBundle.createSslContext()));
		kratos.createContext("/sessions/whoami", (exchange) -> {
			exchange.sendResponseHeaders(401, -1);
			exchange.close();
		});
		kratos.start();
	}

	@AfterAll
	static void stopKratos() {
		kratos.stop(0);
	}

	@Test
	void resolveWhenBundleTrustsTheIdentityProvidersCaThenAnswered() {
		this.contextRunner.withPropertyValues("authcache.upstream.ssl.bundle=idp")
			.run((context) -> assertThat(context.getBean(KratosSessionResolver.class).resolve(session()))
				.isInstanceOf(Resolution.Inactive.class));
	}

	@Test
	void resolveWhenNoBundleThenTheJdkTrustStoreRefusesThePrivateCa() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(UpstreamUnavailableException.class)
			.isThrownBy(() -> context.getBean(KratosSessionResolver.class).resolve(session())));
	}

	@Test
	void contextWhenBundleUnknownThenStartupFails() {
		this.contextRunner.withPropertyValues("authcache.upstream.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed());
	}

	private static Credential session() {
		return new Credential(CredentialType.SESSION_TOKEN, "ory_st_0123456789abcdef0123456789abcdef");
	}

}
