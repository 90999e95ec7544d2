package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudFormation hides what a stack was given for a NoEcho parameter, not the parameter's Default: get-template hands
 * the template back as written (YAML, or JSON the aws CLI prints as an object), get-template-summary as DefaultValue
 * beside NoEcho. Each default reached the client whole, through the proxy and hoop exec, even with password_assignment
 * (a NoEcho parameter need not be named as a secret; one named so, DbPassword, has Type and Default under its key).
 * CloudFormation cannot run here: a local double answers its query protocol as it does.
 */
class AwsTemplateDefaultsTest {
    static final String NO_ECHO_DEFAULT = "Zq8-conn-string-default";
    static final String NAMED_DEFAULT = "Named-pw-default-77";

    @TempDir
    Path dir;

    static HttpServer upstream() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ns = " xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"";
            String reply;
            if (body.contains("Action=GetTemplate&") && body.contains("StackName=yaml")) {
                String yaml = "Parameters:\n  Conn:\n    Type: String\n    NoEcho: true\n    Default: " + NO_ECHO_DEFAULT + "\n  DbPassword:\n"
                        + "    Type: String\n    Default: " + NAMED_DEFAULT + "\n  Env:\n    Type: String\n    Default: staging\nResources: {}\n";
                reply = "<GetTemplateResponse" + ns + "><GetTemplateResult><TemplateBody>" + yaml.replace("\n", "&#xA;")
                        + "</TemplateBody><StagesAvailable><member>Original</member></StagesAvailable></GetTemplateResult></GetTemplateResponse>";
            } else if (body.contains("Action=GetTemplate&")) {
                String json = "{\"Parameters\":{\"Conn\":{\"Type\":\"String\",\"NoEcho\":\"true\",\"Default\":\"" + NO_ECHO_DEFAULT + "\"},"
                        + "\"DbPassword\":{\"Type\":\"String\",\"Default\":\"" + NAMED_DEFAULT + "\"},"
                        + "\"Env\":{\"Type\":\"String\",\"Default\":\"staging\"}},\"Resources\":{}}";
                reply = "<GetTemplateResponse" + ns + "><GetTemplateResult><TemplateBody>" + json.replace("\"", "&quot;")
                        + "</TemplateBody><StagesAvailable><member>Original</member></StagesAvailable></GetTemplateResult></GetTemplateResponse>";
            } else if (body.contains("Action=GetTemplateSummary")) {
                reply = "<GetTemplateSummaryResponse" + ns + "><GetTemplateSummaryResult><Parameters><member><ParameterKey>Conn</ParameterKey>"
                        + "<DefaultValue>" + NO_ECHO_DEFAULT + "</DefaultValue><ParameterType>String</ParameterType><NoEcho>true</NoEcho></member>"
                        + "<member><ParameterKey>Env</ParameterKey><DefaultValue>staging</DefaultValue><ParameterType>String</ParameterType>"
                        + "<NoEcho>false</NoEcho></member></Parameters></GetTemplateSummaryResult></GetTemplateSummaryResponse>";
            } else {
                reply = "<ErrorResponse" + ns + "><Error><Code>InvalidAction</Code></Error></ErrorResponse>";
            }
            AwsFixture.reply(ex, 200, "text/xml", reply);
        });
        api.start();
        return api;
    }

    @Test
    void aSecretParametersDefaultIsMaskedAndTheOthersStay() throws Exception {
        HttpServer api = upstream();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.passwords(AwsFixture.endpoint(yaml, url)))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(List.of("cloudformation", "get-template", "--stack-name", "yaml"),
                    List.of("cloudformation", "get-template", "--stack-name", "json"),
                    List.of("cloudformation", "get-template-summary", "--stack-name", "json"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                var exec = fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
                for (var out : List.of(List.of(String.valueOf(proxy.exit()), proxy.out(), proxy.err()),
                        List.of(String.valueOf(exec.exit()), exec.out(), exec.err()))) {
                    assertEquals("0", out.get(0), argv + ": " + out.get(2));
                    String shown = out.get(1);
                    assertFalse(shown.contains(NO_ECHO_DEFAULT) || shown.contains(NAMED_DEFAULT), argv + ": " + shown);
                    // The rest of the template stays readable: the parameters' names, types and harmless defaults.
                    assertTrue(shown.contains("[PASSWORD_ASSIGNMENT]") && shown.contains("staging") && shown.contains("Conn"), argv + ": " + shown);
                    if (!argv.get(1).endsWith("summary")) assertTrue(shown.contains("DbPassword") && shown.contains("Original"), shown);
                    // A key whose value is the mapping below it keeps its line: in the XML answer its line break is &#xA;.
                    if (argv.get(3).equals("yaml")) assertTrue(shown.contains("DbPassword:\\n    Type: String"), argv + ": " + shown);
                }
            }
        } finally {
            api.stop(0);
        }
    }
}
