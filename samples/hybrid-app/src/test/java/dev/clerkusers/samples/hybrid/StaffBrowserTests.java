package dev.clerkusers.samples.hybrid;

import dev.clerkusers.user.ClerkUserAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.clerkusers.test.context.AutoConfigureFakeClerk;
import dev.clerkusers.test.database.ClerkTestDatabase;
import dev.clerkusers.user.ClerkUserService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the staff pages in a browser: sign in, see the users table, sign out.
 * <p>
 * The browser is headless Chromium when it is installed (Debian's {@code chromium} and
 * {@code chromium-driver}, as {@code .ci/run} installs them), and HtmlUnit otherwise, so
 * that the test runs on any machine. Set {@code SAMPLE_BROWSER=chromium} to require
 * Chromium (CI does): the test then fails when it is missing; set
 * {@code SAMPLE_BROWSER=htmlunit} to use HtmlUnit even where Chromium is installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ClerkTestDatabase
@AutoConfigureFakeClerk
class StaffBrowserTests {

	private static final Log logger = LogFactory.getLog(StaffBrowserTests.class);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final String STAFF = "staff@example.com";

	static final String PASSWORD = "correct horse battery staple";

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserAccounts accounts;

	WebDriver browser;

	Path profile;

	@BeforeEach
	void open() throws IOException {
		if (this.users.findByEmail(STAFF).isEmpty()) {
			this.accounts.createSuperuser(STAFF, PASSWORD);
			this.accounts.createUser("ada@example.com", "user_ada", null);
		}
		this.profile = Files.createTempDirectory("chromium-profile");
		this.browser = browser(this.profile);
	}

	@AfterEach
	void close() throws IOException {
		this.browser.quit();
		try (Stream<Path> files = Files.walk(this.profile)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	@Test
	void staffSignInSeeTheUsersTableAndSignOut() {
		this.browser.get(url("/staff/users"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/login"));

		this.browser.findElement(By.id("username")).sendKeys(STAFF);
		this.browser.findElement(By.id("password")).sendKeys(PASSWORD);
		this.browser.findElement(By.id("sign-in")).click();

		WebElement users = waitFor(By.id("users"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/staff/users"));
		assertThat(users.findElements(By.cssSelector("tbody tr"))).extracting(WebElement::getText)
			.anySatisfy((row) -> assertThat(row).contains("ada@example.com", "user_ada"));

		this.browser.findElement(By.id("logout")).click();
		waitFor(By.id("logged-out"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/login?logout"));

		this.browser.get(url("/staff/users"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/login"));
	}

	@Test
	void aWrongPasswordShowsAnErrorAndNoUsers() {
		this.browser.get(url("/login"));
		this.browser.findElement(By.id("username")).sendKeys(STAFF);
		this.browser.findElement(By.id("password")).sendKeys("not the password");
		this.browser.findElement(By.id("sign-in")).click();
		assertThat(waitFor(By.id("login-error")).getText()).contains("Wrong email or password");
		assertThat(this.browser.findElements(By.id("users"))).isEmpty();
	}

	private WebElement waitFor(By by) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(by));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static WebDriver browser(Path profile) {
		String choice = String.valueOf(System.getenv("SAMPLE_BROWSER"));
		boolean required = "chromium".equalsIgnoreCase(choice);
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if ("htmlunit".equalsIgnoreCase(choice) || !installed) {
			if (required) {
				throw new IllegalStateException("SAMPLE_BROWSER=chromium but " + CHROMIUM + " or " + CHROMEDRIVER
						+ " is missing: install Debian's chromium and chromium-driver packages");
			}
			return new HtmlUnitDriver(true);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver chromium = new ChromeDriver(service, options);
		logger.info("Driving headless Chromium " + chromium.getCapabilities().getBrowserVersion());
		return chromium;
	}

}
