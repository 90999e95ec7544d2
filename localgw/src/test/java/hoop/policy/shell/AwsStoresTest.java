package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** aws operations deleting a store with the data in it carry destroys-data, as DROP TABLE through psql does. */
class AwsStoresTest {
    @ParameterizedTest
    @ValueSource(strings = {"aws dynamodb delete-table --table-name t",
        "aws --region us-east-1 rds delete-db-instance --db-instance-identifier d --skip-final-snapshot",
        "aws --profile p rds delete-db-cluster --db-cluster-identifier c", "aws ec2 delete-volume --volume-id v",
        "aws ec2 delete-snapshot --snapshot-id s", "aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier s",
        "aws efs delete-file-system --file-system-id f", "aws sqs purge-queue --queue-url u",
        "aws logs delete-log-group --log-group-name g", "aws kinesis delete-stream --stream-name s",
        "aws opensearch delete-domain --domain-name d", "aws ecr delete-repository --repository-name r --force",
        "aws backup delete-recovery-point --backup-vault-name v --recovery-point-arn a",
        "aws cloudformation delete-stack --stack-name s", "aws elasticache delete-replication-group --replication-group-id g",
        "aws secretsmanager delete-secret --secret-id s --force-delete-without-recovery",
        "sudo -E aws dynamodb delete-table --table-name t"})
    void deletingAStoreDestroysData(String script) {
        assertNotNull(DataLossTest.destroys(script), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws dynamodb describe-table --table-name t", "aws iam delete-user --user-name u",
        "aws ec2 delete-security-group --group-id g", "aws s3api delete-object --bucket b --key k",
        "aws dynamodb delete-item --table-name t --key k", "aws logs describe-log-groups",
        "aws secretsmanager delete-secret --secret-id s", "aws rds create-db-snapshot --db-instance-identifier d"})
    void otherOperationsNameWhatTheyTouch(String script) {
        assertNull(DataLossTest.destroys(script), script);
    }
}
