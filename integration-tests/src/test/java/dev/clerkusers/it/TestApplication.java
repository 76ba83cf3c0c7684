package dev.clerkusers.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application under test: nothing but the starter, the organizations module and the properties of each test.
 */
@SpringBootApplication
public class TestApplication {

}
