package dev.clerkusers.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.api.UserListQuery;
import dev.clerkusers.api.UserResource;
import dev.clerkusers.organizations.api.ClerkOrganizationsApi;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.SyncOptions;
import dev.clerkusers.sync.SyncReport;
import dev.clerkusers.sync.SyncSummary;
import dev.clerkusers.test.backend.FakeClerkBackend;
import dev.clerkusers.test.data.ClerkData;
import dev.clerkusers.test.data.ClerkOrganizationBuilder;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Users and memberships per second of a full sync from the fake Backend API into
 * PostgreSQL, and the number of API calls it made. The baseline of each, in the same run,
 * lists the same pages with the same client without storing anything: the cost of Clerk's
 * side alone.
 * <p>
 * Arguments: {@code [users] [memberships]}, default 10000 and 0: membership {@code i} is
 * of user {@code i} and of organization {@code i % 10}, so every membership of a page is
 * of another user (the most rows a page of memberships touches).
 */
public final class SyncThroughputBenchmark {

	private static final int ORGANIZATIONS = 10;

	private SyncThroughputBenchmark() {
	}

	public static void main(String[] args) {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int membershipCount = (args.length > 1) ? Integer.parseInt(args[1]) : 0;
		if (membershipCount > count) {
			throw new IllegalArgumentException("At most one membership per user");
		}
		try (FakeClerkBackend clerk = FakeClerkBackend.start()) {
			Instant created = Instant.parse("2025-01-01T00:00:00Z");
			for (int i = 0; i < count; i++) {
				clerk.addUser(ClerkData.user("user_sync_" + i)
					.email("sync" + i + "@example.com")
					.name("Sync", "User " + i)
					.username("sync_user_" + i)
					.createdAt(created.plusSeconds(i))
					.updatedAt(created.plusSeconds(i)));
			}
			addMemberships(clerk, membershipCount, created);
			ConfigurableApplicationContext application = BenchmarkApplication.start(clerk, false);
			try {
				ClerkApiClient api = application.getBean(ClerkApiClient.class);
				// Warm-up: a listing, and a sync of a small window, into a scratch state
				// that is then removed.
				listAll(api);
				ClerkSync sync = application.getBean(ClerkSync.class);
				sync.sync(SyncOptions.all().withWindow(0, 1000), (soFar) -> {
				});
				JdbcTemplate jdbc = application.getBean(JdbcTemplate.class);
				jdbc.update("delete from clerk_organization_memberships");
				jdbc.update("delete from clerk_organizations");
				jdbc.update("delete from clerk_users");

				long listStart = System.nanoTime();
				int listed = listAll(api);
				Duration listing = Duration.ofNanos(System.nanoTime() - listStart);
				ClerkOrganizationsApi organizations = application.getBean(ClerkOrganizationsApi.class);
				long membershipListStart = System.nanoTime();
				int listedMemberships = listAllMemberships(organizations);
				Duration membershipListing = Duration.ofNanos(System.nanoTime() - membershipListStart);

				clerk.clearRequests();
				SyncReport report = sync.sync(SyncOptions.all(),
						(soFar) -> System.out.println("  page " + soFar.pages() + ": " + soFar.processed() + " "
								+ soFar.step() + ", " + String.format("%.0f", soFar.rate()) + " per second"));
				SyncSummary summary = report.summary("users");
				long stored = jdbc.queryForList("select count(*) from clerk_users", Long.class).get(0);
				int apiCalls = clerk.requests().size();
				int userCalls = clerk.requests("GET", "/v1/users").size();
				int pages = (count + SyncOptions.MAX_PAGE_SIZE - 1) / SyncOptions.MAX_PAGE_SIZE;
				double listingRate = listed / (listing.toNanos() / 1e9);
				System.out.printf("%nSync of %d users from the fake Backend API into PostgreSQL 17 (embedded)%n",
						count);
				System.out.printf("  full sync                : %8.0f users/s (%d stored, %.1f s)%n", summary.rate(),
						stored, summary.duration().toNanos() / 1e9);
				System.out.printf("  baseline: listing only   : %8.0f users/s%n", listingRate);
				System.out.printf("  ratio to baseline        : %8.2f%n", summary.rate() / listingRate);
				System.out.printf("  API calls for users      : %d for %d pages of 500 (pages + %d)%n", userCalls,
						pages, userCalls - pages);
				System.out.printf(
						"  API calls in all         : %d (the organizations step lists organizations and memberships)%n",
						apiCalls);
				if (membershipCount > 0) {
					SyncSummary memberships = report.summary("memberships");
					double membershipListingRate = listedMemberships / (membershipListing.toNanos() / 1e9);
					System.out.printf("  memberships              : %8.0f memberships/s (%d created, %.1f s)%n",
							memberships.rate(), memberships.created(), memberships.duration().toNanos() / 1e9);
					System.out.printf("  baseline: listing only   : %8.0f memberships/s%n", membershipListingRate);
					System.out.printf("  ratio to baseline        : %8.2f%n",
							memberships.rate() / membershipListingRate);
					if (memberships.created() != membershipCount) {
						throw new IllegalStateException(
								"Created " + memberships.created() + " memberships of " + membershipCount);
					}
				}
				if (stored != count) {
					throw new IllegalStateException("Stored " + stored + " of " + count);
				}
			}
			finally {
				application.close();
			}
		}
		System.exit(0);
	}

	/**
	 * Ten organizations, and the memberships spread over them: membership {@code i} is of
	 * the organization {@code i % 10} and the user {@code i}.
	 */
	private static void addMemberships(FakeClerkBackend clerk, int count, Instant created) {
		if (count == 0) {
			return;
		}
		List<ClerkOrganizationBuilder> organizations = new ArrayList<>();
		for (int i = 0; i < ORGANIZATIONS; i++) {
			organizations.add(clerk.addOrganization(ClerkData.organization("org_sync_" + i)
				.name("Sync " + i, "sync-" + i)
				.createdAt(created.plusSeconds(i))
				.updatedAt(created.plusSeconds(i))));
		}
		for (int i = 0; i < count; i++) {
			clerk.addMembership(
					ClerkData.membership("orgmem_sync_" + i, organizations.get(i % ORGANIZATIONS), "user_sync_" + i)
						.createdAt(created.plusSeconds(i))
						.updatedAt(created.plusSeconds(i)));
		}
	}

	private static int listAllMemberships(ClerkOrganizationsApi api) {
		int listed = 0;
		for (int offset = 0;; offset += UserListQuery.MAX_LIMIT) {
			int size = api.listAllOrganizationMembershipJson(UserListQuery.MAX_LIMIT, offset).data().size();
			listed += size;
			if (size < UserListQuery.MAX_LIMIT) {
				return listed;
			}
		}
	}

	private static int listAll(ClerkApiClient api) {
		int listed = 0;
		for (int offset = 0;; offset += UserListQuery.MAX_LIMIT) {
			List<UserResource> page = api.listUsers(UserListQuery.page(UserListQuery.MAX_LIMIT, offset));
			listed += page.size();
			if (page.size() < UserListQuery.MAX_LIMIT) {
				return listed;
			}
		}
	}

}
