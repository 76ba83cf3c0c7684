package dev.clerkusers.samples.hybrid;

import dev.clerkusers.user.ClerkUserAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.clerkusers.user.ClerkUserService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.clerkusers.samples.hybrid.StaffAccounts.PASSWORD;
import static dev.clerkusers.samples.hybrid.StaffAccounts.STAFF;
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
@HybridApplicationTest
class StaffBrowserTests {

	private static final Log logger = LogFactory.getLog(StaffBrowserTests.class);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	int port;

	@Autowired
	ClerkUserService users;

	@Autowired
	ClerkUserAccounts accounts;

	// One browser for the class (a launch of Chromium costs seconds); each test starts
	// signed out, without the cookies of the one before.
	static WebDriver browser;

	static Path profile;

	@BeforeAll
	static void open() throws IOException {
		profile = Files.createTempDirectory("chromium-profile");
		browser = browser(profile);
	}

	@AfterAll
	static void close() throws IOException {
		browser.quit();
		try (Stream<Path> files = Files.walk(profile)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	@BeforeEach
	void signedOutWithAccounts() {
		new StaffAccounts(this.users, this.accounts).ensure();
		browser.manage().deleteAllCookies();
	}

	@Test
	void staffSignInSeeTheUsersTableAndSignOut() {
		browser.get(url("/staff/users"));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login"));

		browser.findElement(By.id("username")).sendKeys(STAFF);
		browser.findElement(By.id("password")).sendKeys(PASSWORD);
		browser.findElement(By.id("sign-in")).click();

		WebElement users = waitFor(By.id("users"));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/staff/users"));
		assertThat(users.findElements(By.cssSelector("tbody tr"))).extracting(WebElement::getText)
			.anySatisfy((row) -> assertThat(row).contains("ada@example.com", "user_ada"));

		browser.findElement(By.id("logout")).click();
		waitFor(By.id("logged-out"));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login?logout"));

		browser.get(url("/staff/users"));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login"));
	}

	@Test
	void aWrongPasswordShowsAnErrorAndNoUsers() {
		browser.get(url("/login"));
		browser.findElement(By.id("username")).sendKeys(STAFF);
		browser.findElement(By.id("password")).sendKeys("not the password");
		browser.findElement(By.id("sign-in")).click();
		assertThat(waitFor(By.id("login-error")).getText()).contains("Wrong email or password");
		assertThat(browser.findElements(By.id("users"))).isEmpty();
	}

	private WebElement waitFor(By by) {
		return new WebDriverWait(browser, Duration.ofSeconds(10))
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
