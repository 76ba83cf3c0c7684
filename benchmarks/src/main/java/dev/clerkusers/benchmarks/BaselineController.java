package dev.clerkusers.benchmarks;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of the webhook benchmark: an ordinary Spring MVC endpoint that binds a
 * JSON body and inserts one row, in the same application, over the same HTTP and
 * database.
 */
@RestController
class BaselineController {

	private final JdbcTemplate jdbc;

	BaselineController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.jdbc
			.execute("create table if not exists bench_events (id varchar(64) primary key, payload jsonb not null)");
	}

	@PostMapping("/baseline/events")
	Map<String, Object> receive(@RequestBody JsonNode event) {
		String id = event.path("data").path("id").asString();
		this.jdbc.update("insert into bench_events (id, payload) values (?, ?::jsonb)", id, event.toString());
		return Map.of("status", "stored", "id", id);
	}

}
