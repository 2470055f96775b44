/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time for TLS tests: a certificate authority, a server
 * certificate for {@code localhost} and {@code 127.0.0.1}, and a server certificate for a
 * host name that is not this machine's ({@value #WRONG_HOST}), all signed by that CA and
 * written as PEM files.
 * <p>
 * They are made with the JDK's own {@code keytool} (EC P-256 keys, valid for two days):
 * it ships with every JDK the build runs on, so the tests need no {@code openssl} on the
 * machine, no extra library and no JDK-internal API. The private keys are read back from
 * the PKCS #12 stores and written as PKCS #8 PEM, which {@code redis-server} loads.
 *
 * <pre class="code">
 * TlsCertificates certificates = TlsCertificates.generate();
 * try (RedisServer redis = RedisServer.builder().tls(certificates.localhost()).start()) {
 *     // connect with TLS, trusting certificates.caCertificate()
 * }
 * </pre>
 *
 * @author authcache authors
 * @since 0.1.0
 */
public final class TlsCertificates {

	/**
	 * The host name of {@link #wrongHost()}'s certificate.
	 */
	public static final String WRONG_HOST = "wrong-host.authcache.invalid";

	private static final String PASSWORD = "authcache";

	private final Path directory;

	private final Path caCertificate;

	private final ServerCertificate localhost;

	private final ServerCertificate wrongHost;

	private TlsCertificates(Path directory) {
		this.directory = directory;
		this.caCertificate = directory.resolve("ca.crt");
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=authcache test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
		keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.crt");
		this.localhost = server("localhost", "localhost", "san=dns:localhost,ip:127.0.0.1");
		this.wrongHost = server("wrong-host", WRONG_HOST, "san=dns:" + WRONG_HOST);
	}

	/**
	 * Make a new CA and server certificates in a temporary directory that is deleted when
	 * the JVM exits.
	 * @return the certificates
	 */
	public static TlsCertificates generate() {
		try {
			Path directory = Files.createTempDirectory("authcache-tls-");
			ManagedProcesses.registerDirectory(directory);
			return new TlsCertificates(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ServerCertificate server(String name, String commonName, String subjectAlternativeNames) {
		String store = name + ".p12";
		keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
				"-validity", "2", "-keystore", store);
		keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
		keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile", name + ".crt",
				"-rfc", "-ext", subjectAlternativeNames, "-ext", "eku=serverAuth", "-validity", "2");
		Path privateKey = this.directory.resolve(name + ".key");
		try (InputStream in = Files.newInputStream(this.directory.resolve(store))) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, PASSWORD.toCharArray());
			PrivateKey key = (PrivateKey) keyStore.getKey(name, PASSWORD.toCharArray());
			Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to read the key of " + name, ex);
		}
		return new ServerCertificate(this.caCertificate, this.directory.resolve(name + ".crt"), privateKey);
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		// keytool is a short-lived JVM: skip the optimising compiler
		command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
		try {
			Process process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not finish in 30 s: " + command);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/**
	 * Return the CA certificate (PEM), the one clients trust.
	 * @return the CA certificate file
	 */
	public Path caCertificate() {
		return this.caCertificate;
	}

	/**
	 * Return the server certificate for {@code localhost} and {@code 127.0.0.1}.
	 * @return the certificate and key
	 */
	public ServerCertificate localhost() {
		return this.localhost;
	}

	/**
	 * Return the server certificate for {@value #WRONG_HOST} only: a client that verifies
	 * host names refuses it on {@code 127.0.0.1}.
	 * @return the certificate and key
	 */
	public ServerCertificate wrongHost() {
		return this.wrongHost;
	}

	/**
	 * A server certificate and its key, as PEM files, with the CA that signed it.
	 *
	 * @param caCertificate the CA certificate
	 * @param certificate the server certificate
	 * @param privateKey the server's private key (PKCS #8)
	 * @since 0.1.0
	 */
	public record ServerCertificate(Path caCertificate, Path certificate, Path privateKey) {

		/**
		 * Return a socket factory that trusts the CA (and nothing else) and verifies no
		 * host name: for harness connections only, never for the code under test.
		 * @return the socket factory
		 */
		public SSLSocketFactory trustingSocketFactory() {
			try (InputStream in = Files.newInputStream(this.caCertificate)) {
				X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
				KeyStore trustStore = KeyStore.getInstance("PKCS12");
				trustStore.load(null, null);
				trustStore.setCertificateEntry("ca", ca);
				TrustManagerFactory trustManagers = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trustManagers.init(trustStore);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, trustManagers.getTrustManagers(), null);
				return context.getSocketFactory();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Unable to trust " + this.caCertificate, ex);
			}
		}

		/**
		 * Return the server certificate.
		 * @return the certificate
		 */
		public X509Certificate x509Certificate() {
			try (InputStream in = Files.newInputStream(this.certificate)) {
				Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
				return (X509Certificate) certificate;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
