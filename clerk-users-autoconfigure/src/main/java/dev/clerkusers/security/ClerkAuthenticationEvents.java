package dev.clerkusers.security;

import java.util.Map;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security's authentication events for Clerk authentications. A
 * {@link DefaultAuthenticationEventPublisher} publishes a failure event only for the
 * exceptions it maps, class by class: this maps the library's own, as Spring Security
 * maps its resource server's {@code InvalidBearerTokenException}:
 * <ul>
 * <li>a {@link ClerkAuthenticationException} (a refused token, or a user who may not sign
 * in) to an {@link AuthenticationFailureBadCredentialsEvent};</li>
 * <li>a {@link ClerkServiceUnavailableException} (Clerk or the database could not answer)
 * to an {@link AuthenticationFailureServiceExceptionEvent}.</li>
 * </ul>
 * As a {@link BeanPostProcessor}, it maps them on every
 * {@code DefaultAuthenticationEventPublisher} bean (Spring Boot's among them), so that
 * Spring Boot's audit records the refusal with its reason.
 */
public final class ClerkAuthenticationEvents implements BeanPostProcessor {

	private static final Map<Class<? extends AuthenticationException>, Class<? extends AbstractAuthenticationFailureEvent>> MAPPINGS = Map
		.of(ClerkAuthenticationException.class, AuthenticationFailureBadCredentialsEvent.class,
				ClerkServiceUnavailableException.class, AuthenticationFailureServiceExceptionEvent.class);

	/**
	 * Creates the post-processor that maps the library's exceptions on every
	 * {@code DefaultAuthenticationEventPublisher} bean.
	 */
	public ClerkAuthenticationEvents() {
	}

	private static DefaultAuthenticationEventPublisher map(DefaultAuthenticationEventPublisher publisher) {
		publisher.setAdditionalExceptionMappings(MAPPINGS);
		return publisher;
	}

	/**
	 * The publisher of the authentication events of an application: its
	 * {@link AuthenticationEventPublisher} bean, else a
	 * {@link DefaultAuthenticationEventPublisher} of its context that maps the library's
	 * exceptions, as Spring Security's {@code HttpSecurity} does for its own managers.
	 * @param context the application context
	 * @return the publisher
	 */
	static AuthenticationEventPublisher publisherOf(ApplicationContext context) {
		return context.getBeanProvider(AuthenticationEventPublisher.class)
			.getIfUnique(() -> map(new DefaultAuthenticationEventPublisher(context)));
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		return (bean instanceof DefaultAuthenticationEventPublisher publisher) ? map(publisher) : bean;
	}

}
