"""boto3 (Debian python3-boto3) against hoop's AWS endpoint: put and get an object, then try DeleteBucket.
argv: addressing style (path or virtual). Prints one line per step for the Java test to check."""
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"],
                  config=Config(s3={"addressing_style": sys.argv[1]}, retries={"max_attempts": 1}))
s3.put_object(Bucket="dev-bucket", Key="boto/notes.txt", Body=b"boto3 wrote ops@example.com")
print("get:", s3.get_object(Bucket="dev-bucket", Key="boto/notes.txt")["Body"].read().decode())
print("keys:", [o["Key"] for o in s3.list_objects_v2(Bucket="dev-bucket")["Contents"]])
try:
    s3.delete_bucket(Bucket="dev-bucket")
    print("delete-bucket: deleted")
except ClientError as e:
    print("delete-bucket:", e.response["Error"]["Code"], "-", e.response["Error"]["Message"])
