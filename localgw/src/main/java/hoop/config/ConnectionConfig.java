package hoop.config;

import hoop.core.RunAs;
import java.util.List;
import java.util.Map;

/**
 * A named upstream. For type command: the fixed program prefix and its environment (secrets resolved);
 * for type postgres: postgres settings; for type aws: aws settings and the program `hoop exec` runs (aws).
 * runAs: null, or the OS user a command connection's commands run as.
 */
public record ConnectionConfig(String name, String type, List<String> command, Map<String, String> env,
                               List<String> policies, List<String> masking, Location location, PostgresSettings postgres,
                               AwsSettings aws, RunAs runAs) {}
