package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsAnswerShapeTest {

    @Test
    void onlyAQueryOrTextOutputIsShapedAndTheCliThenPrintsJson() {
        assertNull(AwsAnswerShape.of(List.of("aws", "s3api", "list-buckets")));
        assertNull(AwsAnswerShape.of(List.of("bash", "-c", "echo", "--query", "x")), "only the aws CLI's options");
        // s3 cp prints the object itself: a JSON file must come out as it is stored, not re-laid out as text.
        assertNull(AwsAnswerShape.of(List.of("aws", "--region", "eu-west-1", "s3", "cp", "s3://b/config.json", "-", "--output", "text")));
        assertNull(AwsAnswerShape.of(List.of("aws", "configure", "list", "--output", "text")));
        // argparse takes an unambiguous prefix for the whole option: --quer is --query, --out is --output.
        assertEquals(List.of("aws", "lambda", "get-function-configuration", "--output", "json"),
                AwsAnswerShape.of(List.of("aws", "lambda", "get-function-configuration", "--quer", "Environment", "--out=text")).launch());
        assertEquals(List.of("aws", "--profile", "s3", "s3api", "list-buckets", "--output", "json"),
                AwsAnswerShape.of(List.of("aws", "--profile", "s3", "s3api", "list-buckets", "--output", "text")).launch());
        assertEquals(List.of("/usr/bin/aws", "sts", "get-caller-identity", "--output", "json"),
                AwsAnswerShape.of(List.of("/usr/bin/aws", "sts", "get-caller-identity", "--output", "text")).launch());
        assertNull(AwsAnswerShape.of(List.of("aws", "s3api", "list-buckets", "--output", "table")));
        assertNull(AwsAnswerShape.of(List.of("aws", "s3api", "list-buckets", "--output=yaml")));
        assertNull(AwsAnswerShape.of(List.of("aws", "s3api", "list-buckets", "--query", "Buckets[")), "the CLI refuses it itself");
        assertEquals(List.of("aws", "s3api", "list-buckets", "--output", "json"),
                AwsAnswerShape.of(List.of("aws", "--output", "text", "s3api", "list-buckets")).launch());
        assertEquals(List.of("aws", "lambda", "list-functions", "--output", "json"),
                AwsAnswerShape.of(List.of("aws", "lambda", "list-functions", "--query=Functions[].FunctionName", "--output=table")).launch());
    }

    private static String render(List<String> argv, String json) throws Exception {
        return new String(AwsAnswerShape.of(argv).render(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void rendersAsTheCliDoes() throws Exception {
        String answer = "{\"B\":{\"x\":1},\"A\":\"a\",\"L\":[{\"k\":\"1\",\"n\":null},{\"k\":\"2\",\"t\":true}],\"E\":[]}";
        assertEquals("a\nB\t1\nL\t1\tNone\t\nL\t2\t\tTrue\n", render(List.of("aws", "x", "y", "--output", "text"), answer));
        assertEquals("\"a\"\n", render(List.of("aws", "x", "y", "--query", "A"), answer));
        assertEquals("{\n    \"x\": 1\n}\n", render(List.of("aws", "x", "y", "--query", "B"), answer));
        assertEquals("[]\n", render(List.of("aws", "x", "y", "--query", "E"), answer));
        assertEquals("null\n", render(List.of("aws", "x", "y", "--query", "Missing"), answer));
        assertEquals("1700000000.0\n", render(List.of("aws", "x", "y", "--query", "T", "--output", "text"), "{\"T\": 1700000000.0}"));
        assertEquals("", render(List.of("aws", "x", "y", "--output", "text"), ""), "no answer, nothing printed");
        assertThrows(java.io.IOException.class, () -> render(List.of("aws", "x", "y", "--query", "A"), "{not json"));
    }
}
