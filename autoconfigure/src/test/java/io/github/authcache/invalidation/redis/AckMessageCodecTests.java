/*
 * Copyright 2026 the authcache authors.
 */

package io.github.authcache.invalidation.redis;

import java.nio.charset.StandardCharsets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.authcache.cache.PurposeKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AckMessageCodec}.
 *
 * @author authcache authors
 */
class AckMessageCodecTests {

	private final AckMessageCodec codec = new AckMessageCodec("secret");

	@Test
	void decodeWhenEncodedThenAcknowledgesTheMessageFromTheSender() {
		AckMessageCodec.Ack ack = this.codec.decode(this.codec.encode("message", "b"));
		assertThat(ack).isNotNull();
		assertThat(ack.from()).isEqualTo("b");
		assertThat(this.codec.acknowledges(ack, "message")).isTrue();
	}

	@Test
	void acknowledgesWhenOtherMessageThenFalse() {
		AckMessageCodec.Ack ack = this.codec.decode(this.codec.encode("message", "b"));
		assertThat(ack).isNotNull();
		assertThat(this.codec.acknowledges(ack, "other message")).isFalse();
	}

	@Test
	void acknowledgesWhenProvenWithOtherSecretThenFalse() {
		AckMessageCodec.Ack ack = this.codec.decode(new AckMessageCodec("other").encode("message", "b"));
		assertThat(ack).isNotNull();
		assertThat(this.codec.acknowledges(ack, "message")).isFalse();
	}

	@Test
	void acknowledgesWhenProvenWithTheSecretItselfThenFalse() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] rawSecretProof = mac.doFinal("authcache-ack\nmessage\nb".getBytes(StandardCharsets.UTF_8));
		AckMessageCodec.Ack ack = new AckMessageCodec.Ack("b", rawSecretProof);
		assertThat(this.codec.acknowledges(ack, "message")).as("keyed by the purpose's key only").isFalse();
		mac.init(new SecretKeySpec(PurposeKeys.derive("secret", AckMessageCodec.PURPOSE), "HmacSHA256"));
		ack = new AckMessageCodec.Ack("b", mac.doFinal("authcache-ack\nmessage\nb".getBytes(StandardCharsets.UTF_8)));
		assertThat(this.codec.acknowledges(ack, "message")).isTrue();
	}

	@Test
	void acknowledgesWhenSenderRenamedThenFalse() {
		String renamed = this.codec.encode("message", "b").replace("\"from\":\"b\"", "\"from\":\"c\"");
		AckMessageCodec.Ack ack = this.codec.decode(renamed);
		assertThat(ack).isNotNull();
		assertThat(this.codec.acknowledges(ack, "message")).isFalse();
	}

	@Test
	void decodeWhenUnreadableThenNull() {
		assertThat(this.codec.decode("not json")).isNull();
		assertThat(this.codec.decode("{\"v\":1,\"from\":\"b\"}")).isNull();
		assertThat(this.codec.decode("{\"v\":2,\"from\":\"b\",\"proof\":\"AAAA\"}")).isNull();
		assertThat(this.codec.decode("{\"v\":1,\"from\":\"b\",\"proof\":\"!!\"}")).isNull();
	}

}
