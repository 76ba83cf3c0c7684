package dev.clerkusers.test.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	@Test
	void everyCallerGetsItsOwnDatabaseOnOnePostgres17() throws Exception {
		TestDatabase first = EmbeddedPostgresServer.shared().createDatabase();
		TestDatabase second = EmbeddedPostgresServer.shared().createDatabase();
		assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
		try (Connection a = DriverManager.getConnection(first.jdbcUrl(), first.username(), "");
				Connection b = DriverManager.getConnection(second.jdbcUrl(), second.username(), "");
				Statement sa = a.createStatement();
				Statement sb = b.createStatement()) {
			sa.execute("create table only_in_first (id int)");
			try (ResultSet rs = sb.executeQuery("select to_regclass('only_in_first') is null")) {
				rs.next();
				assertThat(rs.getBoolean(1)).isTrue();
			}
			try (ResultSet rs = sa.executeQuery("show server_version_num")) {
				rs.next();
				assertThat(rs.getInt(1) / 10000).isEqualTo(17);
			}
		}
	}

}
