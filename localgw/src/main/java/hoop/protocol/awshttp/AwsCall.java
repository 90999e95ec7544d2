package hoop.protocol.awshttp;

import java.util.List;

/**
 * One identified AWS API call: operation as CloudTrail names it ("s3:DeleteBucket"), the resources it names,
 * and which protocol its errors must be spoken in.
 */
record AwsCall(String operation, List<String> resources, Protocol protocol) {
    enum Protocol { REST_XML, JSON, QUERY }

    AwsCall {
        resources = List.copyOf(resources);
    }
}
