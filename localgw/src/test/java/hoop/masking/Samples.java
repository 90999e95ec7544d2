package hoop.masking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Known positive and negative examples per detector, shared by the detector, engine and stream tests. */
final class Samples {
    private Samples() {
    }

    static final String GITHUB_PAT = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    static final String RSA_KEY = """
            -----BEGIN RSA PRIVATE KEY-----
            MIIEpAIBAAKCAQEA1c7yq8example0example0example0example0example0
            Qm9ndXMga2V5IG1hdGVyaWFsIGZvciB0ZXN0cyBvbmx5LCBub3QgcmVhbA==
            -----END RSA PRIVATE KEY-----""";

    static final String OPENSSH_KEY = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            -----END OPENSSH PRIVATE KEY-----""";

    /** detector -> texts that must be masked (each contains exactly one secret of that kind). */
    static final Map<String, List<String>> POSITIVE = new LinkedHashMap<>();
    /** detector -> texts that must pass unchanged when only that detector is enabled. */
    static final Map<String, List<String>> NEGATIVE = new LinkedHashMap<>();

    static {
        POSITIVE.put("email", List.of("mail alice.smith+tag@mail.example.co.uk now", "<bob@example.com>"));
        NEGATIVE.put("email", List.of("user@localhost", "@handle", "a@b.c", "ping me @ example.com"));

        POSITIVE.put("credit_card", List.of("card 4111111111111111 ok", "4111 1111 1111 1111",
                "4111-1111-1111-1111", "amex 378282246310005", "mc 5555555555554444", "d=6011111111111117;",
                // Fullwidth digits read as a card number (TerminalText folds them).
                "\uFF14\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11"));
        NEGATIVE.put("credit_card", List.of("4111111111111112", "6666666666666", "22222222222222222",
                "ts=1700000000000", "id 41111111111111111111", "4111  1111  1111  1111"));

        POSITIVE.put("iban", List.of("IBAN DE89 3704 0044 0532 0130 00 EUR", "to GB82WEST12345698765432.",
                "NO9386011117947"));
        NEGATIVE.put("iban", List.of("DE89370400440532013001", "DE8937040044", "de89370400440532013000"));

        POSITIVE.put("ssn", List.of("ssn 078-05-1120", "SSN: 123-45-6789."));
        NEGATIVE.put("ssn", List.of("000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
                "1234-56-7890", "123-45-67890", "2024-05-01"));

        POSITIVE.put("phone", List.of("call +14155552671 now", "+44 20 7946 0958", "tel:+49-30-1234567"));
        NEGATIVE.put("phone", List.of("+123", "+1234567", "+1234567890123456", "x+14155552671", "+0123456789",
                "2+2=4", "tz +0530"));

        POSITIVE.put("ipv4", List.of("from 10.0.0.1 port", "192.168.1.254:8080", "255.255.255.255."));
        NEGATIVE.put("ipv4", List.of("256.1.1.1", "version 1.2.3.4.5", "1.2.3", "v1.2.3.4", "01.02.03.04"));

        // Lower-cased (lower(key) in SQL) a key id is still read in text, all capitals as it is: FoldedKeysTest.
        POSITIVE.put("aws_access_key", List.of("id=AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A",
                "\"AROAJ3Z4XQ7EXAMPLE2A\""));
        NEGATIVE.put("aws_access_key", List.of("AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLE1", "XAKIAIOSFODNN7EXAMPLE",
                "AKIAIOSFODNN8EXAMPLE", "akiaiosfodnn7examplE", "AKIA_IOSFODNN7EXAMPLE"));

        POSITIVE.put("aws_secret_key", List.of("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end",
                "aws_secret_access_key = abcdefghijabcdefghijabcdefghijabcdefghij"));
        NEGATIVE.put("aws_secret_key", List.of("commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
                "9FCEB02D0AE598E95DC970B74767F19372D61AF8", "abcdefghijabcdefghijabcdefghijabcdefghij",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYx", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY=="));

        POSITIVE.put("github_token", List.of("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
                "token gho_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789.", GITHUB_PAT));
        NEGATIVE.put("github_token", List.of("ghp_short", "ghx_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
                "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567890"));

        POSITIVE.put("slack_token", List.of("xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
                "xapp-1-A0123456789-1234567890-abcdef"));
        NEGATIVE.put("slack_token", List.of("xoxc-1234567890-abcdefghij", "xoxb-short", "xapp-"));

        POSITIVE.put("stripe_key", List.of("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "rk_test_abcdefghijklmnop1234"));
        NEGATIVE.put("stripe_key", List.of("pk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_short", "sk_prod_4eC39HqLyjWDarjtT1zdp7dc"));

        // One of each vendor's format, with the body length its issuer documents.
        POSITIVE.put("api_token", List.of("GOOGLE_KEY=AIzaSyD3x4mPl3K3yN0tR3aL0nlyF0rT3st1ngX",
                "https://maps.example.com/geocode/json?key=AIzaSyD3x4mPl3K3yN0tR3aL0nlyF0rT3st1ngX&x=1",
                "glpat-xY3zAbC9dEfGhIjK1mNo", "OPENAI_API_KEY=sk-proj-Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIj",
                "sk-ant-api03-Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AbCdEfGhAA",
                "//registry.npmjs.org/:_authToken=npm_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789",
                "hf_Ab3dEfGhIjKlMnOpQrStUvWxYz01234567", "SG.Ab3dEfGhIjKlMnOpQrStUv.Wx0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01234",
                "\"token\": \"hvs.CAESIAb3dEfGhIjKlMnOpQrStUvWxYz01\"",
                "dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "shpat_0123456789abcdef0123456789abcdef", "ya29.a0AfH6SMBx3Yj9kLmNoPqRsTuVwXyZ0123456789abc",
                "pypi-AgEIcHlwaS5vcmcCJDAxMjM0NTY3LTg5YWItY2RlZi0wMTIzLTQ1Njc4OWFiY2RlZgACKlszLCJ",
                "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"));
        NEGATIVE.put("api_token", List.of("sk-learn-image-classification-pipeline-v2-final", "glpat-short",
                "AIzaSyD3x4mPl3K3yN0tR3aL0nlyF0rT3st1ng", "xAIzaSyD3x4mPl3K3yN0tR3aL0nlyF0rT3st1ngX", "npm_install",
                "my_npm_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789", "the key-value store", "ya29.short", "hf_hub_download"));

        // Stored password hashes and verifiers, each family by its grammar (PasswordHashesTest has the layouts kept).
        POSITIVE.put("password_hash", List.of(
                "root:$6$zZZ0xfV0gEbkQTqv$Hy.EmRfpWv6hR/knrAabIRgWybvqX5KpwdGRudwyzezerrYK632CHh6RA2MQJQkwsLfiu6uqCGwcp/91md/Qe.:19000:0:99999:7:::",
                "admin:$apr1$FVmQVviV$RqT7FRfy6uIu45qvqDBT1.", "$1$MB3G1u1a$FUJUmlnyR9fnSxw3FMssL.",
                "$5$rounds=5000$Ra9PSNBurwC3BLL0$rAxONTfQEHnllO8uOVkydoB1ioPsmoSvEfhM2LXgATA",
                "{\"hash\": \"$2b$12$7tEoByshaftrkmufmoqKpOcaS/b/mgI9359DqJ/rbsvVjZ2UnijWC\"}",
                "bob:$y$j9T$abcdefgh$UGYCVcUwcoG0k8SZZ.Uz3i0RYQNy1YmYj4I4poBPer2:19500::::::",
                "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQxMjM$RdescudvJCsgt3ub+b+dWRWJTmaaJObGX1",
                "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
                "$pbkdf2-sha256$29000$N2ZMqTVmLAWAkNLaWyvlvA$fN0F1jjNuiDaLvPDkj8Ooh1zuKS0VcBbExeD7y1mfxY",
                "rolpassword | SCRAM-SHA-256$4096:Ei5qiVnH6mL8tlWzYMhkaA==$Bx0ix2VQqkIg3yKJ+rSRr46MzYX4/sS3j5OQ+vE/o1M=:aGcCrZxQH3YyX8w4p4VKiJbWkKKKTOdy5XkKu+7W1eM=",
                "app_md5 | md5a3556571e93b0d20722ba62be61e8c2d", "| root | *6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9 |",
                "pbkdf2_sha256$600000$Qm9ndXNTYWx0$ZXhhbXBsZWhhc2hleGFtcGxlaGFzaGV4YW1wbGU=",
                "pbkdf2:sha256:600000$aB3dE5fG7hI9jK1l$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                "userPassword: {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "bob:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=",
                "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/",
                "define('PW', '$P$BpQ8bFq0rTcA3Kd9m1nVxWyZ5eQfGh.');"));
        NEGATIVE.put("password_hash", List.of("echo $PATH $HOME $1 $2", "costs $5.00 or $6", "awk '{print $1$2$3}'",
                "d41d8cd98f00b204e9800998ecf8427e  empty.txt", "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
                "* item one\n* item two", "at com.example.Outer$1$Inner.run(Outer.java:42)", "md5sum file", "md5: d41d8cd98f00b204e9800998ecf8427e",
                "use {SHA} or {SSHA} schemes", "x = a*B", "$6$short$abc", "9FCEB02D0AE598E95DC970B74767F19372D61AF8",
                "Outer$$Lambda$123/0x0000000800c0b440", "price: US$1$2 total"));

        POSITIVE.put("jwt", List.of("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
                + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"));
        NEGATIVE.put("jwt", List.of("eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9.abc.def", "eyJ.eyJ.x"));

        POSITIVE.put("private_key", List.of(RSA_KEY, OPENSSH_KEY,
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBexample\n-----END EC PRIVATE KEY-----",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqexample\n-----END ENCRYPTED PRIVATE KEY-----"));
        NEGATIVE.put("private_key", List.of("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0C\n-----END PUBLIC KEY-----",
                "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIB\n-----END CERTIFICATE-----"));

        POSITIVE.put("password_assignment", List.of("password=hunter2", "passwd: s3cr3t", "secret: abc123",
                "api_key=xyz789", "token=abc", "PGPASSWORD=pw123 psql", "{\"password\": \"hunter 2\"}",
                "DB_Password : 'p w'",
                // Secrets Manager's answer: a JSON string holding JSON, and such JSON quoted in a log line.
                "\"SecretString\": \"{\\\"username\\\":\\\"admin\\\",\\\"password\\\":\\\"hunter2\\\"}\",",
                "log: {\\\"password\\\":\\\"hunter2\\\"}", "\"SessionToken\": \"IQoJb3JpZ2luX2VjEHUaCXVzLWVhc3Qt\"",
                // Parameter Store's decrypted SecureString (CLI and API layouts) and KMS Decrypt's answer.
                "\"Type\": \"SecureString\",\n        \"Value\": \"ssm-s3cr3t-value\",", "{\"Type\":\"SecureString\",\"Value\":\"x1y2\"}",
                "\"Plaintext\": \"c2VjcmV0LWRhdGE=\"", "role arn:aws:iam::123456789012:role/app password=hunter2",
                "arn:aws:iam::123456789012:user/bob,password=hunter2",
                // Headers as curl -v shows them, names with dashes, and key names that are a secret only as a whole part.
                "> Authorization: Bearer 8f3kLq92mZxP0aVbN7cYtR4wE6uJ1hGd", "Proxy-Authorization: Basic dXNlcjpwYXNz",
                "x-api-key: 9aK3mPq7Zt2LxW8vB5nC1yR6sD4fG0hJ", "Cookie: theme=dark; session=9aK3mPq7Zt2LxW8vB5nC1yR6",
                "{\"auths\": {\"r.example.com\": {\"auth\": \"ZGVwbG95Omh1bnRlcjI=\"}}}", "DB_PASS=hunter2", "_auth=dXNlcjpw",
                "private-key: abc123", "\"credentials\": \"abc123\"", "PASSPHRASE=correct horse",
                // Credential files and command lines: .netrc, .pgpass, a long option's value, curl's user:password.
                "machine api.example.com login deploy password hunter2", "machine h\n  login me\n  password hunter2\n",
                "db.example.com:5432:app:app_rw:Sup3rS3cret", "mysql --password hunter2 db", "app --api-token 'abc 123'",
                "curl -u deploy:hunter2 https://x", "curl --user=\"deploy:hunter2\" https://x",
                // A short option's password, by the program's grammar (CommandPasswords).
                "mysql -uroot -phunter2 db", "sshpass -p 'hunter 2' ssh -p 2222 h", "redis-cli -h c -a hunter2 ping",
                "/usr/bin/mysqldump \\\n  -u root \\\n  -p\"hunter2\" db", "smbclient //h/s -U ops%hunter2",
                // XML: an element named by a secret word (Maven's settings.xml), .NET's appSettings; a connection string.
                "<server><id>nexus</id><password>m4venPw</password></server>", "<passphrase>k3y phrase</passphrase>",
                "<add key=\"ApiKey\" value=\"w3bC0nfig\" />", "\"Default\": \"Server=db;User Id=sa;Password=Sql5ecret;Encrypt=true\"",
                // SQL as text (a history file, a migration, pg_stat_activity): a role's, a server's or a MySQL user's password.
                "ALTER ROLE app WITH LOGIN ENCRYPTED PASSWORD 'R0le-Pw''s'", "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'u', password 'Map-Pw')",
                "CREATE USER 'app'@'%' IDENTIFIED BY \"My-Pw\";", "ALTER USER root@localhost IDENTIFIED WITH mysql_native_password BY 'My-Pw2'",
                "grant all on *.* to u identified by password 'hashy'", "psql_history: alter role x\tpassword  'tab-pw';"));
        POSITIVE.put("url_password", List.of("postgres://app:S3cret@db.internal:5432/app",
                "DATABASE_URL=postgresql://admin:hunter2@10.0.0.5/prod", "redis://:pw0rd@cache:6379/0",
                "https://bot:ghp_notreallyatoken@github.com/org/repo.git", "{\"dsn\":\"mysql:\\/\\/root:r00t@db\\/x\"}",
                "amqp://guest:p@ss:w@rabbit/", "mongodb+srv://u:pa%40ss@cluster0.example.net/?retryWrites=true",
                "redis-cli -u redis://app:Rd5-pw@cache:6379/0 ping", "redis-cli -u rediss://Rd5-pw@cache:6380"));
        NEGATIVE.put("url_password", List.of("https://example.com/path@version", "ssh://git@github.com:22/x.git",
                "http://host:8080/a@b", "mailto:alice@example.com", "user:pass@host without a scheme",
                "postgres://app:@db/app", "see http://a.b/c?x=y:z@w", "redis-cli -u redis://cache:6379/0 ping",
                "myredis://user@h"));
        POSITIVE.put("aws_credential", List.of("\"SessionToken\": \"IQoJb3JpZ2luX2VjEHUaCXVzLWVhc3Qt\"",
                "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>",
                "{\"authorizationData\":[{\"authorizationToken\":\"QVdTOnBhc3N3b3Jk\"}]}", "\"accessToken\" : \"aoa\\\"x\",",
                "\"Location\": \"https://b.s3.amazonaws.com/k?X-Amz-Expires=600&X-Amz-Signature=9f1c2b3a\"",
                "<Url>https://b.s3.amazonaws.com/k?AWSAccessKeyId=AKID&amp;Expires=1&amp;Signature=abc%2Bdef</Url>"));
        NEGATIVE.put("aws_credential", List.of("\"NextToken\": \"abc\"", "<AccessKeyId>ASIAY34FZKBOKMUTVV7A</AccessKeyId>",
                "\"SessionToken\": \"\"", "{\\\"password\\\":\\\"x\\\"}", "\"Password\": 12", "\"MySessionToken\": \"x\"",
                "SessionToken: x", "<SessionTokenExpiry>2030</SessionTokenExpiry>", "https://example.com/?MySignature=abc",
                "X-Amz-Signature=abc without a query"));
        NEGATIVE.put("password_assignment", List.of("\"Type\": \"String\",\n  \"Value\": \"public-setting\"",
                "Author: Jane Doe", "compass: north", "bypass=1", "{\"PasswordPolicy\": {\"MinimumPasswordLength\": 8}}",
                "{\"RequireSymbols\": true, \"Tokens\": [1, 2], \"Credentials\": {\"Expiration\": null}}",
                "the password is wrong", "docker login --password-stdin registry.example.com", "--token-file /run/t",
                "docker run -u 1000:1000 img", "at 12:30:45:67:89", "mysql -u root -p db", "ssh -p 2222 h", "mkdir -p a/b",
                "docker login -u u r.io && docker run -p 8080:80 x", "mysql -P 3306 -h db", "openssl req -keyout k.pem", "{\"a\":\"b:c:d:e\"}", "curl -u deploy https://x",
                "redis-cli -u redis://cache:6379/0 ping", "redis-cli -u redis://app:Rd5-pw@cache ping",
                // Cursors a client sends back for the next page, and XML that names no secret.
                "{\"NextToken\": \"eyABC123paginate\", \"nextPageToken\": \"x1\", \"ClientToken\": \"c-1\"}",
                "<NextContinuationToken>1ueGcxLPRx1Tr</NextContinuationToken>", "next_token=abc123", "--starting-token abc",
                "<add key=\"Theme\" value=\"dark\" />", "<author>Jane</author>", "</password>",
                "<MinimumPasswordLength>8</MinimumPasswordLength><PasswordResetRequired>false</PasswordResetRequired>",
                "<PasswordLastUsed>2024-05-01T12:30:45Z</PasswordLastUsed>",
                "\"Value\": \"SecureString\"", "password policy updated", "Password:", "Password: ",
                "tokens are cheap", "password:\nnext line", "password=\"\"",
                // An ARN's resource type is no key: "secret:db-AbCdEf" named a secret, and masking it ate the JSON's quote.
                "\"ARN\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\",",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/app/password:3",
                // SQL that names passwords without giving one, and a word only ending like one.
                "ALTER ROLE app PASSWORD NULL", "CREATE ROLE r IDENTIFIED BY SYSTEM", "mypassword 'x'", "identifiedby 'x'",
                "as identified by the team", "sorted by 'name'"));
    }

    /** Every positive example, one per line, plus filler: the stream tests' input. */
    static String everyPositive() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (List<String> texts : POSITIVE.values()) {
            for (String t : texts) {
                sb.append("line ").append(i++).append(": ").append(t).append('\n');
                sb.append("clean filler text, nothing to see here; ok=true count=42\n");
            }
        }
        return sb.toString();
    }

    static MaskingRules allDetectors(Style style) {
        return MaskingRules.of(List.copyOf(MaskingRules.knownDetectors()), Map.of(), List.of(), style);
    }
}
