package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A secret given as a name/value pair, the name in a sibling field: masked in each shape AWS and the aws CLI print
 * it (JSON either key order, XML, YAML, text and table), whole and as a stream fed in pieces; non-secret pairs stay.
 */
class SecretPairsTest {
    static final Masker M = Masker.create(MaskingRules.of(List.of("email", "password_assignment"), Map.of(), List.of(), Style.REDACT),
            new byte[0], List.of());
    static final String S = "hunter2-real";
    static final String MASK = "[PASSWORD_ASSIGNMENT]";

    /** Whole, and streamed one byte, seven bytes and one line at a time. */
    static void masked(String text, String... readable) {
        List<String> outs = List.of(M.mask(text), stream(text, 1), stream(text, 7), stream(text, 4096));
        for (int k = 0; k < outs.size(); k++) {
            String out = outs.get(k);
            assertFalse(out.contains(S), "leaked (way " + k + "): " + out);
            assertTrue(out.contains(MASK), out);
            for (String r : readable) assertTrue(out.contains(r), r + " should stay readable: " + out);
        }
    }

    static void clean(String text) {
        for (String out : List.of(M.mask(text), stream(text, 1), stream(text, 5))) assertEquals(text, out);
    }

    static String stream(String text, int piece) {
        StreamMasker s = M.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += piece) out.writeBytes(s.feed(b, i, Math.min(piece, b.length - i)));
        out.writeBytes(s.finish());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void ecsEnvironmentAsTheCliPrintsIt() {
        masked("""
                {
                    "taskDefinition": {
                        "containerDefinitions": [
                            {
                                "name": "web",
                                "environment": [
                                    {
                                        "name": "REGION",
                                        "value": "eu-west-1"
                                    },
                                    {
                                        "name": "DB_PASSWORD",
                                        "value": "hunter2-real"
                                    }
                                ]
                            }
                        ]
                    }
                }
                """, "DB_PASSWORD", "eu-west-1", "\"name\": \"web\"");
    }

    /** A stream cut right after the name, before its value arrives: the name line is held. */
    @Test
    void nameAloneInAChunk() {
        StreamMasker s = M.stream();
        String name = "    {\n        \"name\": \"DB_PASSWORD\",\n";
        String value = "        \"value\": \"hunter2-real\"\n    }\n";
        String out = new String(s.feed(name.getBytes(StandardCharsets.ISO_8859_1), 0, name.length()), StandardCharsets.ISO_8859_1)
                + new String(s.feed(value.getBytes(StandardCharsets.ISO_8859_1), 0, value.length()), StandardCharsets.ISO_8859_1)
                + new String(s.finish(), StandardCharsets.ISO_8859_1);
        assertFalse(out.contains(S), out);
        assertTrue(out.contains("DB_PASSWORD"), out);
    }

    @Test
    void valueBeforeItsName() {
        masked("""
                {"environment": [
                    {
                        "value": "hunter2-real",
                        "name": "DB_PASSWORD"
                    }
                ]}
                """, "DB_PASSWORD");
        masked("[{\"value\":\"hunter2-real\",\"type\":\"PLAINTEXT\",\"name\":\"API_TOKEN\"}]", "API_TOKEN");
    }

    @Test
    void cloudFormationParametersTagsAndParameterStore() {
        masked("{\"Stacks\":[{\"Parameters\":[{\"ParameterKey\":\"DbPassword\",\"ParameterValue\":\"hunter2-real\"}]}]}", "DbPassword");
        masked("{\"Tags\": [{\"Key\": \"api_token\", \"Value\": \"hunter2-real\"}]}", "api_token");
        masked("""
                {
                    "Parameter": {
                        "Name": "/prod/db/password",
                        "Type": "String",
                        "Value": "hunter2-real",
                        "Version": 1
                    }
                }
                """, "/prod/db/password", "\"Type\": \"String\"");
    }

    @Test
    void xmlAnswers() {
        masked("""
                <DescribeStacksResponse><DescribeStacksResult><Stacks><member><Parameters>
                  <member>
                    <ParameterKey>DbPassword</ParameterKey>
                    <ParameterValue>hunter2-real</ParameterValue>
                  </member>
                  <member><ParameterKey>Env</ParameterKey><ParameterValue>prod</ParameterValue></member>
                </Parameters></member></Stacks></DescribeStacksResult></DescribeStacksResponse>
                """, "DbPassword", "<ParameterValue>prod</ParameterValue>");
        masked("<?xml version=\"1.0\"?><Tagging><TagSet><Tag><Value>hunter2-real</Value><Key>password</Key></Tag></TagSet></Tagging>",
                "<Key>password</Key>");
        masked("<tagSet><item><key>db_password</key><value>hunter2-real</value></item></tagSet>", "db_password");
    }

    @Test
    void yamlTextAndTable() {
        masked("""
                taskDefinition:
                  containerDefinitions:
                  - environment:
                    - name: DB_PASSWORD
                      value: hunter2-real
                    - value: eu-west-1
                      name: REGION
                    name: web
                """, "DB_PASSWORD", "value: eu-west-1");
        masked("Parameter:\n  Name: /prod/db/password\n  Type: String\n  Value: hunter2-real\n  Version: 1\n", "/prod/db/password");
        masked("TASKDEFINITION\tarn:aws:ecs:us-east-1:1:task-definition/web:1\tweb\nENVIRONMENT\tDB_PASSWORD\thunter2-real\n"
                + "ENVIRONMENT\tREGION\teu-west-1\n", "DB_PASSWORD", "eu-west-1", "TASKDEFINITION\tarn:aws:ecs");
        masked("""
                ||                        environment                         ||
                |||+------------------+-------------------------------------+||
                |||       name       |                value                 |||
                |||+------------------+-------------------------------------+||
                |||  DB_PASSWORD     |  hunter2-real                        |||
                |||  REGION          |  eu-west-1                           |||
                |||+------------------+-------------------------------------+||
                """, "DB_PASSWORD", "eu-west-1");
        masked("""
                ||                    Parameter                     ||
                |+-------------------+------------------------------+|
                ||  Name             |  /prod/db/password           ||
                ||  Type             |  String                      ||
                ||  Value            |  hunter2-real                ||
                |+-------------------+------------------------------+|
                """, "/prod/db/password", "String");
    }

    /** A decrypted SecureString's Value, by the Type beside it in any shape (JSON alone was masked before). */
    @Test
    void aSecureStringByItsType() {
        masked("Parameter:\n  Name: /app/conn\n  Type: SecureString\n  Value: hunter2-real\n  Version: 2\n", "/app/conn");
        masked("PARAMETER\tarn:aws:ssm:us-east-1:1:parameter/app/conn\ttext\t/app/conn\tSecureString\thunter2-real\t2\n", "/app/conn");
        masked("{\"Parameters\": [{\"Value\": \"hunter2-real\", \"Type\": \"SecureString\", \"Name\": \"/app/conn\"}]}", "/app/conn");
    }

    /** JSON inside a JSON string: a log message, a Step Functions input, as the CLI prints them. */
    @Test
    void jsonGivenAsAString() {
        masked("{\"events\": [{\"message\": \"{\\\"env\\\":[{\\\"name\\\":\\\"DB_PASSWORD\\\",\\\"value\\\":\\\"hunter2-real\\\"}]}\"}]}\n",
                "DB_PASSWORD");
        masked("\"input\": \"{\\\"value\\\": \\\"hunter2-real\\\", \\\"name\\\": \\\"a \\\\\\\"q\\\\\\\" API_TOKEN\\\"}\",\n", "API_TOKEN");
    }

    /** An SQS message attribute named as a secret: its StringValue, under the name (JSON) or beside it (XML). */
    @Test
    void messageAttributes() {
        masked("""
                {
                    "MessageAttributes": {
                        "api_token": {
                            "StringValue": "hunter2-real",
                            "DataType": "String"
                        }
                    }
                }
                """, "api_token", "\"DataType\": \"String\"");
        masked("<MessageAttribute><Name>api_token</Name><Value><StringValue>hunter2-real</StringValue><DataType>String</DataType>"
                + "</Value></MessageAttribute>", "<Name>api_token</Name>");
    }

    /** A DynamoDB item holds each attribute typed: {"name": {"S": ...}}. */
    @Test
    void typedAttributesOfAnItem() {
        masked("""
                {
                    "Items": [
                        {
                            "value": {
                                "S": "hunter2-real"
                            },
                            "name": {
                                "S": "DB_PASSWORD"
                            }
                        },
                        {
                            "name": {
                                "S": "REGION"
                            },
                            "value": {
                                "S": "eu-west-1"
                            }
                        }
                    ]
                }
                """, "DB_PASSWORD", "eu-west-1");
    }

    /** The CLI's table prints a map as columns headed by its keys. */
    @Test
    void aTableColumnHeadedBySecretName() {
        masked("""
                --------------------------------------------
                |               ListQueueTags              |
                +------------------------------------------+
                ||                  Tags                  ||
                |+---------------------------+------------+|
                ||   api_token  |   region   |    team     ||
                |+---------------------------+------------+|
                ||  hunter2-real |  eu-west-1  |  payments ||
                |+---------------------------+------------+|
                """, "api_token", "eu-west-1", "payments", "team");
    }

    @Test
    void aMapIsMaskedByItsOwnKeysAlready() {
        masked("{\n    \"Environment\": {\n        \"Variables\": {\n            \"DB_PASSWORD\": \"hunter2-real\"\n        }\n    }\n}\n",
                "DB_PASSWORD");
    }

    @Test
    void nonSecretPairsStay() {
        clean("{\n    \"environment\": [\n        {\n            \"name\": \"REGION\",\n            \"value\": \"eu-west-1\"\n        }\n    ]\n}\n");
        clean("<Tagging><TagSet><Tag><Key>team</Key><Value>payments</Value></Tag></TagSet></Tagging>");
        clean("Tags:\n- Key: team\n  Value: payments\n");
        clean("TAGS\tteam\tpayments\n");
        clean("SECRETLIST\tprod/db-AbC\tprod/db\t2024-01-01\n");
    }

    /**
     * Each '<' looked for its '>' to the end of the text: 200 KB of "<a" held the thread masking it (a gateway event
     * loop) for ten seconds. Counted in reads of the text, not timed: linear now, whatever the shape.
     */
    @Test
    void xmlIsReadInTimeLinearInItsLength() {
        for (String unit : List.of("<a", "<a b", "<![CDATA[", "<a><![CDATA[x", "<!x", "</a", "<a>x<b")) {
            String text = unit.repeat(40_000 / unit.length());
            long[] reads = {0};
            CharSequence counted = new CharSequence() {
                public int length() {
                    return text.length();
                }

                public char charAt(int i) {
                    reads[0]++;
                    return text.charAt(i);
                }

                public CharSequence subSequence(int s, int e) {
                    return text.subSequence(s, e);
                }

                @Override
                public String toString() {
                    return text;
                }
            };
            XmlPairs.scan(counted, new SecretPairs.Out(counted));
            assertTrue(reads[0] < 20L * text.length(), unit + ": " + reads[0] + " reads of " + text.length() + " chars");
        }
    }
    /**
     * CloudFormation's NoEcho parameters: AWS hides what a stack was given for one, not its Default, which
     * get-template (JSON, or YAML in a JSON or XML string), get-template-summary and validate-template (DefaultValue)
     * hand back. A parameter named as a secret is one with or without NoEcho; the template's other defaults stay.
     */
    @Test
    void aTemplateParametersSecretDefaultIsMasked() {
        masked("{\"Parameters\": [{\"ParameterKey\": \"Conn\", \"DefaultValue\": \"" + S + "\", \"ParameterType\": \"String\", \"NoEcho\": true}]}",
                "\"ParameterKey\": \"Conn\"");
        masked("<member><NoEcho>true</NoEcho><ParameterKey>Conn</ParameterKey><DefaultValue>" + S + "</DefaultValue></member>", "Conn");
        masked("{\"Parameters\": {\"Conn\": {\"Type\": \"String\", \"NoEcho\": \"true\", \"Default\": \"" + S + "\"}, "
                + "\"Env\": {\"Type\": \"String\", \"Default\": \"staging\"}}}", "\"Default\": \"staging\"");
        masked("{\"Parameters\": {\"DbPassword\": {\"Type\": \"String\", \"Default\": \"" + S + "\"}}}", "DbPassword");
        masked("Parameters:\n  Conn:\n    Type: String\n    NoEcho: true\n    Default: " + S + "\n  Env:\n    Type: String\n    Default: staging\n",
                "Default: staging");
        masked("Parameters:\n  DbPassword:\n    Type: String\n    Default: " + S + "\nResources: {}\n", "DbPassword:");
        // A YAML template as the aws CLI prints get-template's answer: in a JSON string.
        masked("{\n    \"TemplateBody\": \"Parameters:\\n  Conn:\\n    Type: String\\n    NoEcho: true\\n    Default: " + S
                + "\\n  Env:\\n    Default: staging\\n\",\n    \"StagesAvailable\": [\"Original\"]\n}\n", "Default: staging", "Original");
        clean("Parameters:\n  Env:\n    Type: String\n    NoEcho: false\n    Default: staging\n  Size:\n    Default: 3\n");
        clean("{\"TemplateBody\": \"Parameters:\\n  Env:\\n    NoEcho: false\\n    Default: staging\\n\"}");
        clean("{\"Parameters\": {\"Env\": {\"Type\": \"String\", \"Default\": \"staging\"}}, \"Mappings\": {}}");
    }
}
