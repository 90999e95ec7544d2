package hoop.protocol.awshttp;

import java.util.List;

/**
 * One identified AWS API call: operation as CloudTrail names it ("s3:DeleteBucket"), the resources it names,
 * and which protocol its errors must be spoken in.
 */
record AwsCall(String operation, List<String> resources, Protocol protocol, List<String> implied) {
    enum Protocol { REST_XML, JSON, QUERY }

    /** implied: the other actions IAM authorizes this call as, because of its headers (x-amz-acl: s3:PutObjectAcl). */
    AwsCall {
        resources = List.copyOf(resources);
        implied = List.copyOf(implied);
    }

    AwsCall(String operation, List<String> resources, Protocol protocol) {
        this(operation, resources, protocol, List.of());
    }
}
