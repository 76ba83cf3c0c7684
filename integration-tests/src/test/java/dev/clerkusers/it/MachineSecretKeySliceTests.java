package dev.clerkusers.it;

import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.backend.FakeMachine;
import dev.clerkusers.test.backend.IssuedMachineToken;
import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An application that verifies M2M tokens with its own machine's secret key
 * ({@code clerk.machine-secret-key}), against the fake: the machine is created with the
 * key the context names (black-box run 250, F3: the fake's machines had random keys,
 * known only once the context had started).
 */
@WebMvcTest(TestController.class)
@AutoConfigureFakeClerk
@TestPropertySource(properties = { "clerk.accepts-tokens=m2m_token",
		"clerk.machine-secret-key=" + MachineSecretKeySliceTests.RECEIVER_KEY,
		"clerk.machine-tokens.revocation-interval=0s" })
class MachineSecretKeySliceTests {

	static final String RECEIVER_KEY = "ak_" + "receiver0123456789abcdef01234567";

	@Autowired
	MockMvc mvc;

	@Autowired
	FakeClerkBackend clerk;

	FakeMachine receiver;

	@BeforeEach
	void createTheReceivingMachine() {
		this.receiver = this.clerk.createMachine(RECEIVER_KEY);
	}

	@Test
	void aTokenForThisMachineIsVerifiedWithItsSecretKey() throws Exception {
		FakeMachine sender = this.clerk.createMachine();
		IssuedMachineToken token = this.clerk.createM2mToken(sender, this.receiver.id());
		this.mvc.perform(get("/partner/whoami").header(HttpHeaders.AUTHORIZATION, token.bearer()))
			.andExpect(status().isOk())
			.andExpect(content().string(sender.id()));
	}

	@Test
	void aTokenForAnotherMachineIsRefused() throws Exception {
		IssuedMachineToken token = this.clerk.createM2mToken(this.clerk.createMachine(), "mch_another");
		this.mvc.perform(get("/partner/whoami").header(HttpHeaders.AUTHORIZATION, token.bearer()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void theMachineOfAKeyIsCreatedOnceAndKeptUntilAReset() {
		assertThat(this.clerk.createMachine(RECEIVER_KEY)).isEqualTo(this.receiver);
		this.clerk.reset();
		assertThat(this.clerk.createMachine(RECEIVER_KEY).id()).isNotEqualTo(this.receiver.id());
	}

}
