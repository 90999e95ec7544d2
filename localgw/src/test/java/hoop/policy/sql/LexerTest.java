package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LexerTest {

    private static String render(String sql) {
        List<Token> toks = Lexer.lex(sql);
        return toks.stream().map(t -> t.type() + ":" + t.value()).collect(Collectors.joining(" "));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("SeLeCt", "IDENT:select"),
                Arguments.of("\"SeLeCt\"", "QIDENT:SeLeCt"),
                Arguments.of("\"a\"\"b\"", "QIDENT:a\"b"),
                Arguments.of("DEL/**/ETE", "IDENT:del IDENT:ete"),
                Arguments.of("'it''s'", "STRING:it's"),
                Arguments.of("'a\\'", "STRING:a\\"),
                Arguments.of("E'a\\'b'", "STRING:a'b"),
                Arguments.of("e'\\x41\\n'", "STRING:A\n"),
                Arguments.of("U&'\\0041'", "STRING:A"),
                Arguments.of("U&\"\\0064rop\"", "QIDENT:drop"),
                Arguments.of("U&\"!0041\" UESCAPE '!'", "QIDENT:A"),
                Arguments.of("$$a;b$$", "STRING:a;b"),
                Arguments.of("$x$ $$ $x$", "STRING: $$ "),
                Arguments.of("$1", "PARAM:$1"),
                Arguments.of("a$b$", "IDENT:a$b$"),
                Arguments.of("1.5e3 .5 0x1F 1_000", "NUMBER:1.5e3 NUMBER:.5 NUMBER:0x1F NUMBER:1_000"),
                Arguments.of("a::int", "IDENT:a PUNCT::: IDENT:int"),
                Arguments.of("x := 1", "IDENT:x OP::= NUMBER:1"),
                Arguments.of("2*/*c*/3", "NUMBER:2 OP:* NUMBER:3"),
                Arguments.of("a<>--c\nb", "IDENT:a OP:<> IDENT:b"),
                Arguments.of("DELETE\u00a0FROM", "IDENT:delete\u00a0from"),
                Arguments.of("LOC\u212a", "IDENT:loc\u212a"),
                // a quote, whitespace holding a newline, a quote: one literal, its parts scanned alike
                Arguments.of("E'a\\x41'\n'\\x42'", "STRING:aAB"),
                Arguments.of("E'a'\n'\\''", "STRING:a'"),
                Arguments.of("'a' -- x'\n  \r\n'b'", "STRING:ab"),
                Arguments.of("'a'\n-- x\n'b'", "STRING:ab"),
                Arguments.of("'a'\n'\\'", "STRING:a\\"),
                Arguments.of("U&'\\0041'\n'\\0042'", "STRING:AB"),
                Arguments.of("'a' 'b'", "STRING:a STRING:b"),
                Arguments.of("'a'\n/* c */'b'", "STRING:a STRING:b"),
                Arguments.of("'a'\n-- x'", "STRING:a"),
                Arguments.of("'a'" + "-".repeat(100_000), "STRING:a"),
                Arguments.of("'abc", "ERROR:unterminated quoted string"),
                Arguments.of("$q$ abc", "ERROR:unterminated dollar-quoted string"),
                Arguments.of("/* /* */", "ERROR:unterminated /* comment"),
                Arguments.of("U&\"\\zzzz\"", "ERROR:invalid Unicode escape"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void tokens(String sql, String expected) {
        assertEquals(expected, render(sql));
    }
}
