package dev.clerkusers.test.backend;

/**
 * A machine the {@link FakeClerkBackend} knows, for M2M tokens.
 *
 * @param id the machine id ({@code mch_…})
 * @param secretKey its machine secret key ({@code ak_…}), for
 * {@code clerk.machine-secret-key} and for creating M2M tokens
 */
public record FakeMachine(String id, String secretKey) {
}
