package dev.clerkusers.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.clerkusers.security.ClerkAuthenticationToken;
import dev.clerkusers.security.ClerkConfigurer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter chain as an application with a public area, an API and form login would write
 * it, with an area for Clerk sign-ins only. clerk-users adds Clerk authentication to it
 * by itself. Beside it, an API whose chain answers missing or refused credentials in a
 * format of its own ({@value #PROBLEM_TYPE}), through the Clerk DSL's entry point.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AppSecurityConfiguration {

	/**
	 * The {@code type} of the problem documents that the {@code /problems/**} chain
	 * answers with.
	 */
	public static final String PROBLEM_TYPE = "https://app.example.com/problems/unauthorized";

	@Bean
	@Order(1)
	SecurityFilterChain problemsSecurityFilterChain(HttpSecurity http) throws Exception {
		AuthenticationEntryPoint problems = (request, response, exception) -> {
			response.setStatus(401);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write("{\"type\":\"" + PROBLEM_TYPE + "\",\"status\":401}");
		};
		http.securityMatcher("/problems/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.entryPoint(problems))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	/**
	 * A chain whose refused tokens are answered by a failure handler of its own, as
	 * Spring Security's {@code AuthenticationFailureHandler}s answer: the handler sets
	 * the answer, and the request ends with it, on public paths too.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain handledSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/handled/**")
			.with(ClerkConfigurer.clerk(), (clerk) -> clerk.failureHandler((request, response, exception) -> {
				response.setStatus(499);
				response.getWriter().write("refused by the chain's handler");
			}))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/handled/public/**")
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

	/**
	 * The chain of a partner's API, whose bearer tokens another identity provider issues:
	 * Clerk is turned off here, and the chain's own mechanism reads them. It shares the
	 * HTTP session with the other chains, so a sign-in kept there counts here too.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain partnerSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/partner/**")
			.with(ClerkConfigurer.clerk(), AbstractHttpConfigurer::disable)
			.addFilterBefore(new PartnerTokenFilter(), AuthorizationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		return http.build();
	}

	@Bean
	SecurityFilterChain appSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**", "/error")
			.permitAll()
			.requestMatchers("/actuator/**")
			.hasRole("STAFF")
			.requestMatchers("/visitors/**")
			.anonymous()
			.requestMatchers("/clerk-only/**")
			.access((authentication,
					request) -> new AuthorizationDecision(authentication.get() instanceof ClerkAuthenticationToken))
			.anyRequest()
			.authenticated());
		http.formLogin(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Another identity provider's bearer tokens, as a partner's API would read them.
	 */
	static final class PartnerTokenFilter extends OncePerRequestFilter {

		/** The partner's one valid token. */
		static final String TOKEN = "partner-secret";

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("partner", null,
							AuthorityUtils.createAuthorityList("ROLE_PARTNER")));
			}
			chain.doFilter(request, response);
		}

	}

}
