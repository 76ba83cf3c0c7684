package dev.clerkusers.organizations.security.reactive;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.clerkusers.organizations.Organization;
import dev.clerkusers.organizations.OrganizationService;
import dev.clerkusers.organizations.security.ClerkOrganizationContext;
import dev.clerkusers.organizations.security.CurrentOrganization;
import dev.clerkusers.token.ClerkOrganizationClaims;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.util.ReflectionUtils;

import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.ACME_MEMBER;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.SESSION;
import static dev.clerkusers.organizations.security.ClerkOrganizationContextTests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux organization arguments: the servlet side's rules (required means 403,
 * optional means {@code null}), read from the subscriber's security context, with the
 * organization read on the blocking scheduler and never on the caller's thread. The
 * organization service stands in for the database here; the integration tests of
 * {@code integration-tests-webflux} use the real one.
 */
class ReactiveOrganizationArgumentResolversTests {

	/** An organization selected for the request, but not stored (or deleted). */
	private static final ClerkOrganizationClaims OTHER = new ClerkOrganizationClaims("org_gone", "gone", "org:admin",
			List.of());

	private final Scheduler blocking = Schedulers.newSingle("test-blocking");

	private final Scheduler resume = Schedulers.newSingle("test-resume");

	private final OrganizationService organizations = Mockito.mock(OrganizationService.class);

	private final Organization acme = Mockito.mock(Organization.class);

	private final List<String> lookupThreads = new CopyOnWriteArrayList<>();

	private final ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver resolver = new ReactiveOrganizationArgumentResolvers.CurrentOrganizationResolver(
			this.organizations);

	ReactiveOrganizationArgumentResolversTests() {
		this.resolver.setBlockingScheduler(this.blocking);
		this.resolver.setResumeScheduler(this.resume);
		Mockito.when(this.organizations.findActiveCached(Mockito.anyString())).thenAnswer((invocation) -> {
			this.lookupThreads.add(Thread.currentThread().getName());
			return "org_acme".equals(invocation.getArgument(0)) ? Optional.of(this.acme) : Optional.empty();
		});
	}

	@AfterEach
	void disposeSchedulers() {
		this.blocking.dispose();
		this.resume.dispose();
	}

	/**
	 * Black-box run 169, F1: a {@code @CurrentOrganization(required = true)} parameter of
	 * another type ({@code String}, {@code Optional<Organization>}) was left to Spring's
	 * data binding, which filled it from the query string, and {@code required} had no
	 * effect. Every parameter with the annotation is the resolver's, and one of another
	 * type is refused, naming the type it should have. So is an {@code Organization}
	 * without the annotation, which data binding built blank (black-box run 359).
	 */
	@Test
	void everyCurrentOrganizationParameterIsResolvedAndOneOfAnotherTypeIsRefused() {
		assertThat(this.resolver.supportsParameter(parameter("optional", 0))).isTrue();
		assertThat(this.resolver.supportsParameter(parameter("required", 0))).isTrue();
		assertThat(this.resolver.supportsParameter(parameter("notAnnotated", 0))).isTrue();
		StepVerifier.create(resolve("notAnnotated", token(SESSION, ACME_MEMBER)))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("annotate it with @CurrentOrganization"));
		assertThat(this.resolver.supportsParameter(parameter("notAnOrganization", 0))).isTrue();
		StepVerifier.create(resolve("notAnOrganization", token(SESSION, ACME_MEMBER)))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@CurrentOrganization")
				.hasMessageContaining("java.lang.String")
				.hasMessageContaining("declare it as Organization"));
		assertThat(this.lookupThreads).isEmpty();
		ReactiveOrganizationArgumentResolvers.ContextResolver contexts = new ReactiveOrganizationArgumentResolvers.ContextResolver();
		assertThat(contexts.supportsParameter(parameter("context", 0))).isTrue();
		assertThat(contexts.supportsParameter(parameter("notAnnotated", 0))).isFalse();
	}

	@Test
	void theActiveOrganizationIsReadOnTheBlockingSchedulerAndTheRequestGoesOnOnTheResumeScheduler() {
		List<String> resumedOn = new CopyOnWriteArrayList<>();
		StepVerifier
			.create(resolve("optional", token(SESSION, ACME_MEMBER))
				.doOnNext((organization) -> resumedOn.add(Thread.currentThread().getName())))
			.expectNext(this.acme)
			.verifyComplete();
		assertThat(this.lookupThreads).singleElement().asString().startsWith("test-blocking");
		assertThat(resumedOn).singleElement().asString().startsWith("test-resume");
	}

	@Test
	void withoutAnActiveOrganizationAnOptionalParameterIsEmptyWithoutALookup() {
		StepVerifier.create(resolve("optional", token(SESSION, null))).verifyComplete();
		StepVerifier.create(resolve("optional", null)).verifyComplete();
		assertThat(this.lookupThreads).isEmpty();
	}

	@Test
	void anOrganizationThatIsNotStoredIsEmptyForAnOptionalParameter() {
		StepVerifier.create(resolve("optional", token(SESSION, OTHER))).verifyComplete();
		assertThat(this.lookupThreads).hasSize(1);
	}

	@Test
	void aRequiredParameterWithoutAnActiveStoredOrganizationIsAccessDenied() {
		StepVerifier.create(resolve("required", token(SESSION, null))).verifyError(AccessDeniedException.class);
		StepVerifier.create(resolve("required", null)).verifyError(AccessDeniedException.class);
		StepVerifier.create(resolve("required", token(SESSION, OTHER))).verifyError(AccessDeniedException.class);
		StepVerifier.create(resolve("required", token(SESSION, ACME_MEMBER))).expectNext(this.acme).verifyComplete();
	}

	@Test
	void theContextParameterIsTheActiveOrganizationOrEmpty() {
		ReactiveOrganizationArgumentResolvers.ContextResolver contexts = new ReactiveOrganizationArgumentResolvers.ContextResolver();
		StepVerifier
			.create(contexts.resolveArgument(parameter("context", 0), null, null)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(token(SESSION, ACME_MEMBER))))
			.assertNext((context) -> assertThat(context).isInstanceOfSatisfying(ClerkOrganizationContext.class,
					(found) -> assertThat(found.organizationId()).isEqualTo("org_acme")))
			.verifyComplete();
		StepVerifier
			.create(contexts.resolveArgument(parameter("context", 0), null, null)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(token(SESSION, null))))
			.verifyComplete();
		StepVerifier.create(contexts.resolveArgument(parameter("context", 0), null, null)).verifyComplete();
	}

	/**
	 * Black-box run 321 F1: a Kotlin controller's {@code organization: Organization} or
	 * {@code context: ClerkOrganizationContext} (non-null types) got {@code null} without
	 * an active organization, and the request failed with a 500. Declared non-null (here
	 * by JSpecify, as Kotlin's cannot be compiled), they are required: 403.
	 */
	@Test
	void parametersDeclaredNonNullWithoutAnActiveOrganizationAreAccessDenied() {
		MethodParameter organization = new MethodParameter(
				ReflectionUtils.findMethod(NonNullController.class, "organization", Organization.class), 0);
		MethodParameter context = new MethodParameter(
				ReflectionUtils.findMethod(NonNullController.class, "context", ClerkOrganizationContext.class), 0);
		StepVerifier
			.create(this.resolver.resolveArgument(organization, null, null)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(token(SESSION, null))))
			.verifyError(AccessDeniedException.class);
		StepVerifier
			.create(new ReactiveOrganizationArgumentResolvers.ContextResolver().resolveArgument(context, null, null)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(token(SESSION, null))))
			.verifyError(AccessDeniedException.class);
		StepVerifier
			.create(this.resolver.resolveArgument(organization, null, null)
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(token(SESSION, ACME_MEMBER))))
			.expectNext(this.acme)
			.verifyComplete();
	}

	private Mono<Object> resolve(String method, @Nullable Authentication authentication) {
		Mono<Object> resolved = this.resolver.resolveArgument(parameter(method, 0), null, null);
		return (authentication != null)
				? resolved.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication)) : resolved;
	}

	private static MethodParameter parameter(String name, int index) {
		Method method = ReflectionUtils.findMethod(Controller.class, name, (Class<?>[]) null);
		assertThat(method).as(name).isNotNull();
		return new MethodParameter(method, index);
	}

	/** Parameters of plain Java code, of unspecified nullness. */
	@SuppressWarnings("unused")
	@NullUnmarked
	static class Controller {

		void optional(@CurrentOrganization Organization organization) {
		}

		void required(@CurrentOrganization(required = true) Organization organization) {
		}

		void notAnnotated(Organization organization) {
		}

		void notAnOrganization(@CurrentOrganization(required = true) String organization) {
		}

		void context(ClerkOrganizationContext context) {
		}

	}

	/** Parameters as a Kotlin controller declares them, in JSpecify's terms. */
	@SuppressWarnings("unused")
	@NullMarked
	static class NonNullController {

		void organization(@CurrentOrganization Organization organization) {
		}

		void context(ClerkOrganizationContext context) {
		}

	}

}
