/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.aot;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.authcache.actuate.JedisVersion;
import io.github.authcache.autoconfigure.AuthCacheProperties;
import io.github.authcache.test.ory.OAuth2TokenSpec;
import io.github.authcache.test.ory.OryStub;
import io.github.authcache.test.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes {@link AotApplication} ahead of time as {@code spring-boot-maven-plugin}'s
 * {@code process-aot} does, compiles the generated code, starts the application from it
 * ({@code spring.aot.enabled=true}) and authenticates a bearer token over HTTP. Also
 * checks that the native-image metadata the processing writes carries authcache's runtime
 * hints.
 *
 * @author authcache authors
 */
class AotProcessedApplicationTests {

	private static final RedisServer redis = RedisServer.startDefault();

	private static final OryStub ory = OryStub.start();

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path generated;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void processAheadOfTimeAndStart() throws Exception {
		String[] args = { "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--authcache.kratos.base-url=" + ory.kratosPublicUrl(),
				"--authcache.introspection.uri=" + ory.introspectionUri(), "--server.port=0" };
		AbstractAotProcessor.Settings settings = AbstractAotProcessor.Settings.builder()
			.sourceOutput(generated.resolve("sources"))
			.resourceOutput(generated.resolve("resources"))
			.classOutput(generated.resolve("classes"))
			.groupId("io.github.authcache")
			.artifactId("aot-test")
			.build();
		new SpringApplicationAotProcessor(AotApplication.class, settings, args).process();
		compile(generated.resolve("sources"));
		System.setProperty(AotDetector.AOT_ENABLED, "true");
		try {
			SpringApplication application = new SpringApplication(AotApplication.class);
			application.setMainApplicationClass(AotApplication.class);
			context = application.run(args);
		}
		finally {
			System.clearProperty(AotDetector.AOT_ENABLED);
		}
	}

	/**
	 * Compile the generated code into the directory {@link AotApplication} was loaded
	 * from: the generated classes reach package-private members, so they must be loaded
	 * by the same class loader as the classes they configure.
	 * @param sources the generated sources
	 */
	private static void compile(Path sources) throws IOException, URISyntaxException {
		Path output = Path.of(AotApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> files;
		try (Stream<Path> paths = Files.walk(sources)) {
			files = paths.filter((path) -> path.toString().endsWith(".java")).map(Path::toString).toList();
		}
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = Stream
			.concat(Stream.of("-proc:none", "-nowarn", "-parameters", "-classpath", classPath, "-d", output.toString()),
					files.stream())
			.toList();
		int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
		assertThat(status).as("compilation of %s generated sources", files.size()).isZero();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		ory.close();
		redis.stop();
	}

	@Test
	void applicationRunsFromTheGeneratedInitializer() {
		assertThat(context.getBeanFactory().getBeanDefinitionNames()).contains("authCacheSecurityFilterChain",
				"authCacheAuthorizationServers");
		assertThat(context.getBean(AuthCacheProperties.class).getKratos().getBaseUrl())
			.isEqualTo(URI.create(ory.kratosPublicUrl()));
	}

	@Test
	void bearerTokenIsAuthenticatedOnceWithTheBearerFactor() throws Exception {
		OAuth2TokenSpec token = ory.registerToken(OAuth2TokenSpec.builder().scopes("read").build());
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = get("/authorities", token.token());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body())
				.isEqualTo("[\"SCOPE_read\",\"" + FactorGrantedAuthority.BEARER_AUTHORITY + "\"]");
		}
		assertThat(ory.introspectCalls()).isEqualTo(1);
	}

	@Test
	void protectedResourceMetadataIsServed() throws Exception {
		HttpResponse<String> response = get("/.well-known/oauth-protected-resource", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"resource\":\"http://localhost:" + port() + "\"");
	}

	@Test
	void nativeImageMetadataCarriesTheRuntimeHints() throws IOException {
		List<JsonNode> metadata;
		try (Stream<Path> paths = Files.walk(generated.resolve("resources/META-INF/native-image"))) {
			metadata = paths.filter((path) -> path.toString().endsWith(".json"))
				.map((path) -> JsonMapper.shared().readTree(path.toFile()))
				.toList();
		}
		assertThat(metadata).flatMap((json) -> json.path("resources").findValuesAsString("glob"))
			.contains("META-INF/spring-configuration-metadata.json", JedisVersion.POM_PROPERTIES);
		assertThat(metadata).flatMap((json) -> json.path("reflection").findValues("type"))
			.filteredOn(JsonNode::isString)
			.map(JsonNode::stringValue)
			.contains(AuthCacheProperties.Kratos.class.getName(), AuthCacheProperties.Upstream.Ssl.class.getName());
	}

	private static HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String port() {
		return context.getEnvironment().getProperty("local.server.port");
	}

}
