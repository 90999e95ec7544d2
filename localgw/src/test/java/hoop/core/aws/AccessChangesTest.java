package hoop.core.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessChangesTest {
    @Test
    void aDeliveryStreamToAnEndpointOutsideAwsChangesAccess() {
        assertTrue(AccessChanges.byParameters("firehose:CreateDeliveryStream", Map.of("DeliveryStreamName", "s",
                "HttpEndpointDestinationConfiguration", Map.of("EndpointConfiguration", Map.of("Url", "https://collector.example"))), "123456789012"));
        assertFalse(AccessChanges.byParameters("firehose:CreateDeliveryStream", Map.of("DeliveryStreamName", "s",
                "ExtendedS3DestinationConfiguration", Map.of("BucketARN", "arn:aws:s3:::logs")), "123456789012"));
        assertTrue(AccessChanges.always("events:CreateApiDestination"));
    }

    /** However a service might read the ARN: in upper case, or with a line after it. */
    @Test
    void anotherAccountsArnInAnySpellingIsAnotherAccount() {
        for (String arn : new String[] {"ARN:aws:sqs:us-east-1:210987654321:theirs", "arn:aws:sqs:us-east-1:210987654321:theirs\nx"}) {
            assertTrue(AccessChanges.byParameters("sns:Subscribe", Map.of("Protocol", "sqs", "Endpoint", arn), "123456789012"), arn);
        }
        assertFalse(AccessChanges.byParameters("sns:Subscribe", Map.of("Protocol", "sqs", "Endpoint", "arn:aws:sqs:us-east-1:123456789012:ours"),
                "123456789012"));
    }

    @Test
    void peeringWithAnotherAccountsNetworkChangesAccess() {
        assertTrue(AccessChanges.byParameters("ec2:CreateVpcPeeringConnection", Map.of("VpcId", "vpc-1", "PeerVpcId", "vpc-2",
                "PeerOwnerId", "210987654321"), "123456789012"));
        assertFalse(AccessChanges.byParameters("ec2:CreateVpcPeeringConnection", Map.of("VpcId", "vpc-1", "PeerVpcId", "vpc-2",
                "PeerOwnerId", "123456789012"), "123456789012"));
        assertTrue(AccessChanges.byParameters("ec2:CreateTransitGatewayPeeringAttachment", Map.of("PeerAccountId", "210987654321"), "123456789012"));
    }

    @Test
    void inventoriesIntoAnotherAccountsBucketChangeAccess() {
        Map<String, Object> xml = Map.of("Destination", Map.of("S3BucketDestination", Map.of("AccountId", "210987654321",
                "Bucket", "arn:aws:s3:::theirs")));
        assertTrue(AccessChanges.byParameters("s3:PutBucketInventory", xml, "123456789012"));
        assertFalse(AccessChanges.byParameters("s3:PutBucketInventory", Map.of("Destination", Map.of("S3BucketDestination",
                Map.of("AccountId", "123456789012", "Bucket", "arn:aws:s3:::ours"))), "123456789012"));
    }

    private static final String US = "123456789012";

    /** EC2's query form and the CLI's options, read alike: each opens what was closed to the internet. */
    @Test
    void networkExposureByParameters() {
        assertTrue(AccessChanges.byParameters("ec2:AuthorizeSecurityGroupEgress", Map.of("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"), US));
        assertTrue(AccessChanges.byParameters("ec2:ModifySubnetAttribute", Map.of("MapPublicIpOnLaunch.Value", "true"), US));
        assertFalse(AccessChanges.byParameters("ec2:ModifySubnetAttribute", Map.of("MapPublicIpOnLaunch.Value", "false"), US));
        assertTrue(AccessChanges.byParameters("ec2:ModifySubnetAttribute", Map.of("MapPublicIpOnLaunch", java.util.List.of()), US), "the CLI's flag");
        assertTrue(AccessChanges.byParameters("ec2:RunInstances", Map.of("NetworkInterface.1.AssociatePublicIpAddress", "true"), US));
        assertFalse(AccessChanges.byParameters("ec2:RunInstances", Map.of("NoAssociatePublicIpAddress", java.util.List.of()), US));
        assertTrue(AccessChanges.byParameters("ec2:ModifyInstanceAttribute", Map.of("GroupId.1", "sg-1"), US));
        assertTrue(AccessChanges.byParameters("ec2:CreateLaunchTemplate", Map.of("LaunchTemplateData", Map.of("NetworkInterfaces",
                java.util.List.of(Map.of("DeviceIndex", 0, "AssociatePublicIpAddress", true)))), US));
        assertFalse(AccessChanges.byParameters("ec2:CreateLaunchTemplate", Map.of("LaunchTemplateData", Map.of("NetworkInterfaces",
                java.util.List.of(Map.of("DeviceIndex", 0, "AssociatePublicIpAddress", false)))), US));
        assertTrue(AccessChanges.byParameters("autoscaling:CreateLaunchConfiguration", Map.of("AssociatePublicIpAddress", "true"), US));
        assertFalse(AccessChanges.byParameters("ec2:ModifyInstanceAttribute", Map.of("InstanceType.Value", "t3.micro"), US));
        assertTrue(AccessChanges.byParameters("ec2:EnableSnapshotBlockPublicAccess", Map.of("State", "unblocked"), US));
        assertTrue(AccessChanges.always("ec2:AssociateAddress"));
        assertTrue(AccessChanges.always("eks:AssociateAccessPolicy") && AccessChanges.always("cognito-identity:SetIdentityPoolRoles"));
        assertTrue(AccessChanges.byParameters("ec2:CreateRoute", Map.of("RouteTableId", "rtb-1", "DestinationCidrBlock", "0.0.0.0/0",
                "GatewayId", "igw-1"), US));
        assertFalse(AccessChanges.byParameters("ec2:CreateRoute", Map.of("RouteTableId", "rtb-1", "NatGatewayId", "nat-1"), US));
        assertTrue(AccessChanges.byParameters("elasticmapreduce:PutBlockPublicAccessConfiguration", Map.of("BlockPublicAccessConfiguration",
                Map.of("BlockPublicSecurityGroupRules", false)), US));
        assertTrue(AccessChanges.byParameters("cognito-identity:CreateIdentityPool", Map.of("IdentityPoolName", "p",
                "AllowUnauthenticatedIdentities", true), US));
        assertFalse(AccessChanges.byParameters("cognito-identity:UpdateIdentityPool", Map.of("IdentityPoolId", "p",
                "AllowUnauthenticatedIdentities", false), US));
        assertTrue(AccessChanges.byParameters("eks:CreateCluster", Map.of("resourcesVpcConfig", Map.of("subnetIds", java.util.List.of("s"))), US));
        assertFalse(AccessChanges.byParameters("eks:CreateCluster", Map.of("resourcesVpcConfig", Map.of("endpointPublicAccess", false)), US));
        assertTrue(AccessChanges.byParameters("eks:UpdateClusterConfig", Map.of("resourcesVpcConfig", Map.of("publicAccessCidrs",
                java.util.List.of("0.0.0.0/0"))), US));
        assertTrue(AccessChanges.byParameters("kafka:UpdateConnectivity", Map.of("connectivityInfo", Map.of("publicAccess",
                Map.of("type", "SERVICE_PROVIDED_EIPS"))), US));
    }

    /** A bucket's ARN names no account: a destination is the connection's only where its structure says so. */
    @Test
    void aDestinationBucketWithoutItsOwnerIsAnotherAccounts() {
        assertTrue(AccessChanges.byParameters("s3:PutBucketReplication", Map.of("Rule", Map.of("Destination",
                Map.of("Bucket", "arn:aws:s3:::theirs"))), US));
        assertFalse(AccessChanges.byParameters("s3:PutBucketReplication", Map.of("Rule", Map.of("Destination",
                Map.of("Bucket", "arn:aws:s3:::ours", "Account", US))), US));
        // The CLI's options: --bucket is the source.
        assertFalse(AccessChanges.byParameters("s3:PutBucketReplication", Map.of("Bucket", "src", "ReplicationConfiguration", Map.of("Rules",
                java.util.List.of(Map.of("Destination", Map.of("Bucket", "arn:aws:s3:::ours", "Account", US))))), US));
        assertTrue(AccessChanges.byParameters("s3:PutBucketAnalyticsConfiguration", Map.of("S3BucketDestination",
                Map.of("Bucket", "arn:aws:s3:::theirs", "Format", "CSV")), US));
    }

    /** An IoT rule's queue named by its URL, whose path names the account; an HTTP action delivers outside AWS. */
    @Test
    void topicRulesDeliveringElsewhereChangeAccess() {
        assertTrue(AccessChanges.byParameters("iot:CreateTopicRule", Map.of("topicRulePayload", Map.of("actions", java.util.List.of(
                Map.of("sqs", Map.of("queueUrl", "https://sqs.us-east-1.amazonaws.com/210987654321/theirs", "roleArn",
                        "arn:aws:iam::123456789012:role/r"))))), US));
        assertTrue(AccessChanges.byParameters("iot:CreateTopicRule", Map.of("topicRulePayload", Map.of("actions", java.util.List.of(
                Map.of("http", Map.of("url", "https://collector.example/in"))))), US));
        assertTrue(AccessChanges.byParameters("iot:CreateTopicRule", Map.of("topicRulePayload", Map.of("actions", java.util.List.of(
                Map.of("kafka", Map.of("destinationArn", "arn:aws:iot:us-east-1:123456789012:ruledestination/vpc/1", "topic", "t",
                        "clientProperties", Map.of("bootstrap.servers", "kafka.example:9092")))))), US));
        assertFalse(AccessChanges.byParameters("iot:CreateTopicRule", Map.of("topicRulePayload", Map.of("actions", java.util.List.of(
                Map.of("sqs", Map.of("queueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/ours"))))), US));
    }
}
