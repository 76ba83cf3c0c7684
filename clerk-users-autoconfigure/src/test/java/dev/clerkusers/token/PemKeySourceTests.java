package dev.clerkusers.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PemKeySourceTests {

	/** {@code mockPEMJwtKey} of @clerk/backend's fixtures. */
	private static final String PEM = "-----BEGIN PUBLIC KEY-----\n"
			+ "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA8Z1oLQbaYkakUSIYRvjm\n"
			+ "OoeXMDFFjynGP2+gVy0mQJHYgVhgo34RsQgZoz7rSNm/EOL+l/mHTqQAhwaf9Ef8\n"
			+ "X5vsPX8vP3RNRRm3XYpbIGbOcANJaHihJZwnzG9zIGYF8ki+m55zftO7pkOoXDtI\n"
			+ "qCt+5nIUQjGJK5axFELrnWaz2qcR03A7rYKQc3F1gut2Ru1xfmiJVUlQe0tLevQO\n"
			+ "/FzfYpWu7+691q+ZRUGxWvGc0ays4ACa7JXElCIKXRv/yb3Vc1iry77HRAQ28J7F\n"
			+ "qpj5Cb+sxfFI+Vhf1GB1bNeOLPR10nkSMJ74HB0heHi/SsM83JiGekv0CpZPCC8j\n" + "cQIDAQAB\n"
			+ "-----END PUBLIC KEY-----";

	@Test
	void parsesAPemKeyAsTheDashboardShowsIt() {
		assertThat(PemKeySource.parse(PEM).getModulus().bitLength()).isEqualTo(2048);
	}

	@Test
	void toleratesEscapedNewlinesAsEnvironmentVariablesHaveThem() {
		assertThat(PemKeySource.parse(PEM.replace("\n", "\\n"))).isEqualTo(PemKeySource.parse(PEM));
	}

	@Test
	void toleratesMissingNewlinesAndAMissingHeader() {
		String oneLine = PEM.replace("\n", "");
		String bare = PEM.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
		assertThat(PemKeySource.parse(oneLine)).isEqualTo(PemKeySource.parse(PEM));
		assertThat(PemKeySource.parse(bare)).isEqualTo(PemKeySource.parse(PEM));
	}

	@Test
	void refusesSomethingElse() {
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeySource.parse("not a key"));
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeySource.parse("  "));
	}

}
