package dev.clerkusers.autoconfigure;

import java.time.Clock;
import javax.sql.DataSource;

import dev.clerkusers.api.ClerkApiClient;
import dev.clerkusers.command.PushUsersCommand;
import dev.clerkusers.command.SyncCommand;
import dev.clerkusers.mirror.AdvisoryLocks;
import dev.clerkusers.mirror.QuietRollbackTransactionTemplate;
import dev.clerkusers.sync.ClerkInstanceCheck;
import dev.clerkusers.sync.ClerkSync;
import dev.clerkusers.sync.ClerkSyncObservationContext;
import dev.clerkusers.sync.ClerkSyncStep;
import dev.clerkusers.sync.ClerkUserPush;
import dev.clerkusers.sync.ReconcileGuard;
import dev.clerkusers.sync.SyncRunLock;
import dev.clerkusers.sync.UserSyncStep;
import dev.clerkusers.user.ClerkUserAccounts;
import dev.clerkusers.user.ClerkUserRepository;
import dev.clerkusers.user.ClerkUserService;
import dev.clerkusers.user.ClerkUserSynchronizer;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of bulk sync and push, when the
 * Backend API client is configured: {@link ClerkSync} with every {@link ClerkSyncStep}
 * bean (users first), {@link ClerkUserPush}, the {@code sync} and {@code push-users}
 * commands.
 */
@AutoConfiguration(after = { ClerkApiAutoConfiguration.class, ClerkUsersAutoConfiguration.class },
		before = ClerkCommandAutoConfiguration.class)
@ConditionalOnBean({ ClerkApiClient.class, ClerkUserService.class })
public final class ClerkSyncAutoConfiguration {

	@Bean
	@Order(0)
	@ConditionalOnMissingBean
	UserSyncStep clerkUserSyncStep(ClerkApiClient api, ClerkUserSynchronizer users, ClerkUserRepository repository,
			PlatformTransactionManager transactionManager, ReconcileGuard guard, AdvisoryLocks locks) {
		UserSyncStep step = new UserSyncStep(api, users, repository, transactionManager, Clock.systemUTC());
		step.setReconcileGuard(guard);
		step.setLocks(locks);
		return step;
	}

	@Bean
	@ConditionalOnMissingBean
	ReconcileGuard clerkReconcileGuard(ClerkProperties properties) {
		return new ReconcileGuard(properties.getSync().getReconcileMaxFraction());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkInstanceCheck clerkInstanceCheck(ClerkApiClient api, DataSource dataSource,
			PlatformTransactionManager transactionManager) {
		QuietRollbackTransactionTemplate transactions = new QuietRollbackTransactionTemplate(transactionManager);
		transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new ClerkInstanceCheck(api, new JdbcTemplate(dataSource), transactions, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkSync clerkSync(ObjectProvider<ClerkSyncStep> steps, ClerkInstanceCheck instanceCheck, SyncRunLock runLock,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ObservationConvention<ClerkSyncObservationContext>> observationConvention) {
		ClerkSync sync = new ClerkSync(steps.orderedStream().toList());
		sync.setInstanceCheck(instanceCheck);
		sync.setRunLock(runLock);
		observationRegistry.ifUnique(sync::setObservationRegistry);
		observationConvention.ifUnique(sync::setObservationConvention);
		return sync;
	}

	@Bean
	@ConditionalOnMissingBean
	SyncRunLock clerkSyncRunLock(DataSource dataSource) {
		// The lock's connection, held for the whole run, is never one the run needs.
		return new SyncRunLock(HikariPools.besidePool(dataSource, "clerk-users-sync"));
	}

	@Bean
	@ConditionalOnMissingBean
	ClerkUserPush clerkUserPush(ClerkApiClient api, ClerkUserService users, ClerkUserAccounts accounts,
			ClerkUserRepository repository, ClerkInstanceCheck instanceCheck, SyncRunLock runLock,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		ClerkUserPush push = new ClerkUserPush(api, users, accounts, repository, Clock.systemUTC());
		push.setInstanceCheck(instanceCheck);
		push.setRunLock(runLock);
		observationRegistry.ifUnique(push::setObservationRegistry);
		return push;
	}

	@Bean
	@ConditionalOnMissingBean
	SyncCommand clerkSyncCommand(ClerkSync sync) {
		return new SyncCommand(sync);
	}

	@Bean
	@ConditionalOnMissingBean
	PushUsersCommand clerkPushUsersCommand(ClerkUserPush push) {
		return new PushUsersCommand(push);
	}

}
