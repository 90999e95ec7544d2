package hoop.store;

/**
 * When a write counts as recorded. Both fail closed on write errors; they differ in what survives a crash.
 * PROCESS: committed to the WAL in the operating system before anything is forwarded, so a gateway crash
 * loses nothing; an OS crash or power loss may lose the last moments (SQLite synchronous=NORMAL).
 * POWER_LOSS: every commit is fsynced before it is acknowledged (synchronous=FULL); far slower per statement.
 */
public enum Durability { PROCESS, POWER_LOSS }
