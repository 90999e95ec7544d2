package hoop.policy.aws;

import hoop.policy.Classification;
import hoop.policy.Kinds;
import hoop.policy.shell.SimpleCommand;
import java.util.List;
import java.util.Set;

/** An AWS call named as IAM names it ("s3:DeleteBucket") and the kind policies group it under. */
public final class AwsOperations {
    private static final List<String> READ = List.of("Get", "List", "Describe", "Head", "Lookup", "Search", "Scan", "Query",
            "BatchGet", "Select", "Check", "Wait", "Help", "Version");
    /**
     * Calls that destroy or give up something: besides the Delete... family, an Elastic IP or host released, a
     * permission revoked, a multipart upload's parts aborted, and a deletion scheduled (kms:ScheduleKeyDeletion
     * destroys the key, and with it what it encrypted, once the waiting period ends).
     */
    private static final List<String> DELETE = List.of("Delete", "Terminate", "Remove", "Purge", "Deregister", "Destroy",
            "Release", "Revoke", "Abort");
    // Whoever can act here can change who may do everything else, or reveals credentials.
    private static final Set<String> ADMIN_SERVICES = Set.of("iam", "organizations", "sts", "sso-admin", "sso", "configure");

    /**
     * Calls that hand out a credential or a bearer URL the agent can use without hoop between (no rules, no
     * masking, no recording) for as long as it lives: kind admin, as the credential-revealing calls are.
     * cli:Presign is `aws s3 presign`, which signs a GetObject URL with the session's credential.
     */
    private static final Set<String> CREDENTIALS = Set.of("cli:Presign", "eks:GetToken", "ecr:GetLoginPassword", "ecr:GetLogin",
            "ecr:GetAuthorizationToken", "ecr-public:GetLoginPassword", "ecr-public:GetAuthorizationToken", "rds:GenerateDbAuthToken",
            "codeartifact:GetAuthorizationToken", "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM",
            "redshift-serverless:GetCredentials", "sso:GetRoleCredentials", "cognito-identity:GetCredentialsForIdentity",
            "cognito-identity:GetOpenIdToken", "ecs:ExecuteCommand", "ssm:StartSession", "ec2-instance-connect:SendSshPublicKey",
            "sso-oidc:CreateToken", "sso-oidc:CreateTokenWithIAM", "sso-oauth:CreateToken", "sso-oauth:CreateTokenWithIAM", "cognito-idp:InitiateAuth", "cognito-idp:AdminInitiateAuth",
            "cognito-idp:RespondToAuthChallenge", "cognito-idp:AdminRespondToAuthChallenge", "cognito-idp:GetTokensFromRefreshToken",
            // `codecommit credential-helper get` prints a git password signed with the session's secret
            "codecommit:CredentialHelper",
            // A machine's or database's own password or key, and keys for another service: usable without hoop
            "ec2:GetPasswordData", "lightsail:GetInstanceAccessDetails", "lightsail:GetRelationalDatabaseMasterUserPassword",
            "lightsail:DownloadDefaultKeyPair", "lightsail:CreateBucketAccessKey", "connect:GetFederationToken",
            "elasticmapreduce:GetClusterSessionCredentials", "iot:CreateKeysAndCertificate",
            // Bearer URLs and tokens for a service's own console or API: Airflow's, SageMaker's, QuickSight's, AppStream's
            "airflow:CreateCliToken", "airflow:CreateWebLoginToken", "sagemaker:CreatePresignedDomainUrl",
            "sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:CreatePresignedMlflowTrackingServerUrl",
            "quicksight:GenerateEmbedUrlForAnonymousUser", "quicksight:GenerateEmbedUrlForRegisteredUser",
            "quicksight:GenerateEmbedUrlForRegisteredUserWithIdentity", "quicksight:GetDashboardEmbedUrl", "quicksight:GetSessionEmbedUrl",
            "appstream:CreateStreamingURL", "appstream:CreateImageBuilderStreamingURL",
            "kinesisvideo:GetHLSStreamingSessionURL", "kinesisvideo:GetDASHStreamingSessionURL",
            // A GameLift instance's key or password, a compute's AWS credentials and token, credentials to upload a build
            "gamelift:GetInstanceAccess", "gamelift:GetComputeAccess", "gamelift:GetComputeAuthToken", "gamelift:RequestUploadCredentials",
            // Bearer keys under names no detector can mask by (an AppSync key is its "id", an API Gateway usage plan
            // key's and an IVS stream key's their "value"): whoever holds one calls the API or streams without hoop.
            "appsync:CreateApiKey", "appsync:ListApiKeys", "appsync:UpdateApiKey", "apigateway:CreateApiKey", "apigateway:GetUsagePlanKeys",
            "apigateway:GetUsagePlanKey", "apigateway:CreateUsagePlanKey", "ivs:GetStreamKey", "ivs:BatchGetStreamKey",
            "ivs:CreateStreamKey", "ivs:CreateChannel", "ivs:CreateParticipantToken",
            // A device's provisioning certificate and key, a secure tunnel's access tokens, presigned UIs and notebooks.
            "iot:CreateProvisioningClaim", "iotsecuretunneling:OpenTunnel", "iotsecuretunneling:RotateTunnelAccessToken",
            "elasticmapreduce:GetPersistentAppUIPresignedURL", "elasticmapreduce:GetOnClusterAppUIPresignedURL",
            "emr-serverless:GetDashboardForJobRun", "athena:CreatePresignedNotebookUrl",
            // `codeartifact login` fetches a repository token and hands it to pip, npm or twine's configuration.
            "codeartifact:Login",
            // A domain's transfer code (whoever holds it moves the domain away), a Grafana workspace's API key, AWS
            // credentials for Lake Formation's tables and FinSpace, a license or CodeCatalyst token, a registry login,
            // a chat token, a chat bot's security token, and presigned URLs to a console, a test grid, artifacts and reports.
            "route53domains:RetrieveDomainAuthCode", "grafana:CreateWorkspaceApiKey", "lakeformation:GetTemporaryGluePartitionCredentials",
            "lakeformation:GetTemporaryGlueTableCredentials", "finspace-api:GetProgrammaticAccessCredentials", "license-manager:GetAccessToken",
            "codecatalyst:CreateAccessToken", "lightsail:CreateContainerServiceRegistryLogin", "ivschat:CreateChatToken",
            "chime:RegenerateSecurityToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
            "kinesisanalytics:CreateApplicationPresignedUrl", "devicefarm:CreateTestGridUrl", "amplify:GetArtifactUrl",
            "auditmanager:GetAssessmentReportUrl", "gamelift:GetGameSessionLogUrl", "nimble:CreateStreamingSessionStream",
            "nimble:GetStreamingSessionStream");

    /**
     * Calls that change who may reach a resource: a bucket's, key's, secret's or other resource policy, an ACL, a
     * grant, a permission, a public access block (setting, adding or deleting one). Made by an agent, they let it, or
     * anyone, read the data straight from AWS, with no rules, no masking and no recording (`put-bucket-policy` with
     * Principal "*" on the one bucket the session may write): kind admin, as changing IAM is. Named by a verb that
     * changes, so reads of them (Get, List, Describe) stay reads.
     */
    private static final java.util.regex.Pattern CHANGES_ACCESS = java.util.regex.Pattern.compile(
            "(?:Put|Set|Delete|Add|Remove|Create|Update|Attach|Detach|Grant|Revoke|Retire|Replace)\\w*?"
                    + "(?:(?:Resource|Bucket|Key|AccessPoint|Repository|Registry|FileSystem|Access|Domain|Topic|Queue|Stream|Table|Secret|Object)Policy"
                    + "|Acl|Grants?|Permissions?|PublicAccessBlock)(?:[A-Z]\\w*)?");

    /**
     * In any case: the CLI's names come from its kebab-case commands, which lose an acronym's case
     * (get-cluster-credentials-with-iam is GetClusterCredentialsWithIam), and IAM reads action names in any case.
     */
    private static final Set<String> CREDENTIALS_ANY_CASE = lower(CREDENTIALS);

    private AwsOperations() {}

    static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether the call hands out a credential or bearer URL (see CREDENTIALS). */
    static boolean issuesCredential(String operation) {
        return CREDENTIALS_ANY_CASE.contains(operation.toLowerCase(java.util.Locale.ROOT));
    }

    public static String kind(String operation) {
        int colon = operation.indexOf(':');
        String service = operation.substring(0, colon);
        String action = operation.substring(colon + 1);
        if (ADMIN_SERVICES.contains(service) || issuesCredential(operation) || CHANGES_ACCESS.matcher(action).matches()
                || hoop.core.aws.AccessChanges.always(operation)) {
            return "admin";
        }
        if (DELETE.stream().anyMatch(action::startsWith) || action.startsWith("Schedule") && action.contains("Deletion")) return "delete";
        if (READ.stream().anyMatch(action::startsWith)) return "read";
        return "write";
    }

    public static Classification.Unit unit(String operation, List<String> resources, SimpleCommand argv, String text) {
        return new Classification.Unit(kind(operation), argv, Set.of(), List.of(), text, operation, resources);
    }

    /** A call on every key that begins with the resource (a recursive `aws s3` command): see {@link Classification.Unit#KEY_PREFIX}. */
    public static Classification.Unit onPrefix(String operation, String prefixArn, SimpleCommand argv, String text) {
        return new Classification.Unit(kind(operation), argv, Set.of(Classification.Unit.KEY_PREFIX), List.of(), text, operation, List.of(prefixArn));
    }

    /**
     * The units of a call whose parameters change who may reach its resource (AccessChanges): kind admin, as the
     * calls named for such a change are.
     */
    static List<Classification.Unit> changingAccess(List<Classification.Unit> units) {
        return units.stream().map(u -> new Classification.Unit("admin", u.argv(), u.flags(), u.tables(), u.text(), u.operation(),
                u.resources())).toList();
    }

    public static Classification.Unit unknown(String text) {
        return new Classification.Unit(Kinds.UNKNOWN, null, Set.of(), List.of(), text);
    }

    /** "delete-bucket" to "DeleteBucket". */
    public static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key" ("s3://bucket/key" and bucket + key forms). */
    public static String s3Arn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + (key == null || key.isEmpty() ? "" : "/" + key);
    }
}
