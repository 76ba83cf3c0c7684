package dev.clerkusers.samples.hybrid;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.clerkusers.organizations.OrganizationRepository;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.webhook.ClerkWebhookInbox;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Server-rendered staff pages: users, organizations, recent webhook events and the
 * library's health.
 */
@Controller
class StaffController {

	private static final int PAGE_SIZE = 20;

	private final ClerkUserRepository users;

	private final OrganizationRepository organizations;

	private final ClerkWebhookInbox webhooks;

	private final HealthContributorRegistry health;

	StaffController(ClerkUserRepository users, OrganizationRepository organizations, ClerkWebhookInbox webhooks,
			HealthContributorRegistry health) {
		this.users = users;
		this.organizations = organizations;
		this.webhooks = webhooks;
		this.health = health;
	}

	/**
	 * The signed-in staff member's name, shown in the navigation bar.
	 */
	@ModelAttribute("staffName")
	String staffName(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : "";
	}

	@GetMapping("/")
	String home() {
		return "redirect:/staff/users";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/staff/users")
	String users(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model) {
		PageRequest request = PageRequest.of(Math.max(0, page), PAGE_SIZE, Sort.by("createdAt").descending());
		model.addAttribute("q", q);
		model.addAttribute("users", q.isBlank() ? this.users.findAll(request) : this.users.search(q.trim(), request));
		return "users";
	}

	@GetMapping("/staff/organizations")
	String organizations(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
			Model model) {
		PageRequest request = PageRequest.of(Math.max(0, page), PAGE_SIZE, Sort.by("name"));
		model.addAttribute("q", q);
		model.addAttribute("organizations",
				q.isBlank() ? this.organizations.findAll(request) : this.organizations.search(q.trim(), request));
		return "organizations";
	}

	/**
	 * The {@code clerk} health contributor's parts (keys, webhooks, invalidation
	 * listener), as {@code /actuator/health/clerk} reports them.
	 */
	@GetMapping("/staff/health")
	String health(Model model) {
		Map<String, Health> parts = new LinkedHashMap<>();
		if (this.health.getContributor("clerk") instanceof CompositeHealthContributor clerk) {
			clerk.stream().forEach((entry) -> {
				if (entry.contributor() instanceof HealthIndicator indicator) {
					parts.put(entry.name(), indicator.health());
				}
			});
		}
		model.addAttribute("parts", parts);
		return "health";
	}

	@GetMapping("/staff/webhooks")
	String webhooks(Model model) {
		model.addAttribute("counts", this.webhooks.countByStatus());
		model.addAttribute("events", this.webhooks.recent(50));
		return "webhooks";
	}

}
