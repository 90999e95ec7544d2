/**
 * Statement classification for hoop's SQL policies.
 *
 * <p>Design choices that policies depend on:
 * <ul>
 *   <li>Fail closed: any lexical error, unbalanced bracket, unrecognised leading keyword or
 *       internal failure yields {@link hoop.policy.sql.SqlKind#UNKNOWN} with a reason.</li>
 *   <li>Evidence escalates: a statement's kind is the most severe of everything it is seen to
 *       do (severity: read &lt; transaction &lt; session &lt; copy-out &lt; write &lt; copy-in &lt;
 *       ddl &lt; procedural &lt; dcl &lt; admin &lt; copy-program &lt; unknown).</li>
 *   <li>Wrappers: plain EXPLAIN is READ (it only plans); EXPLAIN ANALYZE, PREPARE and DECLARE
 *       take the wrapped statement's kind; COPY (query) TO combines the query's kind.</li>
 * </ul>
 */
package hoop.policy.sql;
