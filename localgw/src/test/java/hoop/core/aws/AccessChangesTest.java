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
}
