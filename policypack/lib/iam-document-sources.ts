// Every resource of @pulumi/aws that holds an IAM policy document, where the document is,
// and how messages name the resource. Data, checked against @pulumi/aws 7.48.0: each token is
// a class's `__pulumiType` (node_modules/@pulumi/aws/<module>/<file>.js) and each property is
// in its `<Class>Args` interface (<file>.d.ts); tests/policypack/iam-document-sources.test.ts
// reads both, so an entry that drifts from the provider fails.
//
// Kinds:
// - identity: what a principal may do; judged by iam-no-wildcard-permissions and
//   iam-type-wide-write.
// - resource: who may act on the resource (and role trust policies); judged by
//   iam-no-wildcard-principals.
// - permission: one grant written as fields rather than a document (lambda.Permission, ...);
//   read as one synthetic statement (iam-policy-sources.ts) and judged like a resource policy.
//
// Read as neither, on purpose (each takes a policy, but grants nothing to a principal):
// - session policies, which only restrict the credentials they come with:
//   aws:transfer/user:User and aws:transfer/access:Access `policy`,
//   aws:rolesanywhere/profile:Profile `sessionPolicy`,
//   aws:eks/podIdentityAssociation:PodIdentityAssociation `policy`
//   (IAM User Guide, "Policies and permissions in IAM", Session policies);
// - service control and resource control policies, aws:organizations/policy:Policy `content`
//   (they set the most an account's principals may do, never grant);
// - VPC endpoint policies, aws:ec2/vpcEndpoint:VpcEndpoint and
//   aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy `policy`: they restrict what passes through the
//   endpoint and `Principal: "*"` is their normal form (VPC User Guide, "Control access to VPC
//   endpoints using endpoint policies");
// - documents in other languages: aws:iot/policy:Policy, aws:opensearch/serverlessAccessPolicy,
//   ...SecurityPolicy, ...LifecyclePolicy, data-protection, lifecycle, redrive, delivery and
//   filter policies;
// - aws:kms/grant:Grant (`granteePrincipal` must be one principal ARN) and
//   aws:ram/principalAssociation (accounts and OUs by design).
import { resettable } from "./caches";

/** What a document decides: what its principal may do, or who may act on the resource. */
export type DocumentKind = "identity" | "resource" | "permission";

export interface DocumentSourceEntry {
    /** The Pulumi type token. */
    type: string;
    kind: DocumentKind;
    /**
     * Where the document is in the resource's properties: `policy`, `details.policy`, or
     * `inlinePolicies[].policy` (each element of a list). For `permission`, the field holding
     * the principal.
     */
    path: string;
    /** How messages name the resource: `S3 bucket policy "logs"`. */
    label: string;
}

const identity = (type: string, path: string, label: string): DocumentSourceEntry => ({
    type,
    kind: "identity",
    path,
    label,
});
const resource = (type: string, path: string, label: string): DocumentSourceEntry => ({
    type,
    kind: "resource",
    path,
    label,
});

export const iamDocumentSources: readonly DocumentSourceEntry[] = [
    identity("aws:iam/policy:Policy", "policy", "IAM policy"),
    identity("aws:iam/rolePolicy:RolePolicy", "policy", "IAM role policy"),
    identity("aws:iam/userPolicy:UserPolicy", "policy", "IAM user policy"),
    identity("aws:iam/groupPolicy:GroupPolicy", "policy", "IAM group policy"),
    identity("aws:iam/role:Role", "inlinePolicies[].policy", "IAM role"),
    identity(
        "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        "inlinePolicy",
        "SSO permission set inline policy",
    ),

    // A role's trust policy says who may assume it: judged as a resource policy.
    resource("aws:iam/role:Role", "assumeRolePolicy", "IAM role"),
    resource("aws:s3/bucketPolicy:BucketPolicy", "policy", "S3 bucket policy"),
    resource("aws:s3/bucket:Bucket", "policy", "S3 bucket"),
    resource("aws:s3/bucketV2:BucketV2", "policy", "S3 bucket"),
    resource("aws:s3/accessPoint:AccessPoint", "policy", "S3 access point"),
    resource(
        "aws:s3control/accessPointPolicy:AccessPointPolicy",
        "policy",
        "S3 access point policy",
    ),
    resource("aws:s3control/bucketPolicy:BucketPolicy", "policy", "S3 on Outposts bucket policy"),
    resource(
        "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy",
        "policy",
        "S3 Object Lambda access point policy",
    ),
    resource(
        "aws:s3control/accessGrantsInstanceResourcePolicy:AccessGrantsInstanceResourcePolicy",
        "policy",
        "S3 Access Grants instance policy",
    ),
    resource(
        "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy",
        "policy",
        "S3 vector bucket policy",
    ),
    resource("aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy", "policy", "S3 Files policy"),
    resource(
        "aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy",
        "details.policy",
        "S3 Multi-Region Access Point policy",
    ),
    resource(
        "aws:s3tables/tableBucketPolicy:TableBucketPolicy",
        "resourcePolicy",
        "S3 table bucket policy",
    ),
    resource("aws:s3tables/tablePolicy:TablePolicy", "resourcePolicy", "S3 table policy"),
    resource("aws:kms/key:Key", "policy", "KMS key"),
    resource("aws:kms/keyPolicy:KeyPolicy", "policy", "KMS key policy"),
    resource("aws:kms/externalKey:ExternalKey", "policy", "KMS external key"),
    resource("aws:kms/replicaKey:ReplicaKey", "policy", "KMS replica key"),
    resource("aws:kms/replicaExternalKey:ReplicaExternalKey", "policy", "KMS replica key"),
    resource("aws:sqs/queue:Queue", "policy", "SQS queue"),
    resource("aws:sqs/queuePolicy:QueuePolicy", "policy", "SQS queue policy"),
    resource("aws:sns/topic:Topic", "policy", "SNS topic"),
    resource("aws:sns/topicPolicy:TopicPolicy", "policy", "SNS topic policy"),
    resource("aws:ecr/repositoryPolicy:RepositoryPolicy", "policy", "ECR repository policy"),
    resource("aws:ecr/registryPolicy:RegistryPolicy", "policy", "ECR registry policy"),
    resource(
        "aws:ecrpublic/repositoryPolicy:RepositoryPolicy",
        "policy",
        "ECR Public repository policy",
    ),
    resource(
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
        "repositoryPolicy",
        "ECR repository creation template",
    ),
    resource("aws:secretsmanager/secret:Secret", "policy", "Secrets Manager secret"),
    resource("aws:secretsmanager/secretPolicy:SecretPolicy", "policy", "Secrets Manager policy"),
    resource("aws:efs/fileSystemPolicy:FileSystemPolicy", "policy", "EFS file system policy"),
    resource("aws:opensearch/domain:Domain", "accessPolicies", "OpenSearch domain"),
    resource("aws:opensearch/domainPolicy:DomainPolicy", "accessPolicies", "OpenSearch policy"),
    resource("aws:elasticsearch/domain:Domain", "accessPolicies", "Elasticsearch domain"),
    resource(
        "aws:elasticsearch/domainPolicy:DomainPolicy",
        "accessPolicies",
        "Elasticsearch policy",
    ),
    resource("aws:lambda/resourcePolicy:ResourcePolicy", "policy", "Lambda resource policy"),
    resource("aws:glacier/vault:Vault", "accessPolicy", "Glacier vault"),
    resource("aws:glacier/vaultLock:VaultLock", "policy", "Glacier vault lock"),
    resource("aws:backup/vaultPolicy:VaultPolicy", "policy", "Backup vault policy"),
    resource(
        "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
        "policyDocument",
        "CloudWatch Logs resource policy",
    ),
    resource(
        "aws:codeartifact/domainPermissions:DomainPermissions",
        "policyDocument",
        "CodeArtifact domain policy",
    ),
    resource(
        "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
        "policyDocument",
        "CodeArtifact repository policy",
    ),
    resource("aws:amp/resourcePolicy:ResourcePolicy", "policyDocument", "Prometheus policy"),
    resource("aws:xray/resourcePolicy:ResourcePolicy", "policyDocument", "X-Ray policy"),
    resource(
        "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy",
        "accessPolicy",
        "CloudWatch Logs destination policy",
    ),
    resource(
        "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy",
        "accessPolicy",
        "CloudSearch access policy",
    ),
    resource(
        "aws:cloudwatch/logDeliveryDestinationPolicy:LogDeliveryDestinationPolicy",
        "deliveryDestinationPolicy",
        "CloudWatch Logs delivery destination policy",
    ),
    resource("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "policy", "EventBridge bus policy"),
    resource("aws:apigateway/restApi:RestApi", "policy", "API Gateway REST API"),
    resource("aws:apigateway/restApiPolicy:RestApiPolicy", "policy", "API Gateway policy"),
    resource("aws:apigateway/domainName:DomainName", "policy", "API Gateway domain name"),
    resource("aws:codebuild/resourcePolicy:ResourcePolicy", "policy", "CodeBuild policy"),
    resource("aws:dynamodb/resourcePolicy:ResourcePolicy", "policy", "DynamoDB policy"),
    resource("aws:kinesis/resourcePolicy:ResourcePolicy", "policy", "Kinesis policy"),
    resource("aws:glue/resourcePolicy:ResourcePolicy", "policy", "Glue Data Catalog policy"),
    resource("aws:mediastore/containerPolicy:ContainerPolicy", "policy", "MediaStore policy"),
    resource("aws:msk/clusterPolicy:ClusterPolicy", "policy", "MSK cluster policy"),
    resource(
        "aws:networkfirewall/resourcePolicy:ResourcePolicy",
        "policy",
        "Network Firewall policy",
    ),
    resource("aws:oam/sinkPolicy:SinkPolicy", "policy", "CloudWatch OAM sink policy"),
    resource(
        "aws:opensearchingest/resourcePolicy:ResourcePolicy",
        "policy",
        "OpenSearch Ingestion policy",
    ),
    resource(
        "aws:pinpoint/smsvoicev2ResourcePolicy:Smsvoicev2ResourcePolicy",
        "policy",
        "SMS voice policy",
    ),
    resource("aws:redshift/resourcePolicy:ResourcePolicy", "policy", "Redshift policy"),
    resource(
        "aws:redshiftserverless/resourcePolicy:ResourcePolicy",
        "policy",
        "Redshift Serverless policy",
    ),
    resource("aws:schemas/registryPolicy:RegistryPolicy", "policy", "EventBridge schema policy"),
    resource("aws:ses/identityPolicy:IdentityPolicy", "policy", "SES identity policy"),
    resource(
        "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy",
        "policy",
        "SES email identity policy",
    ),
    resource("aws:vpclattice/authPolicy:AuthPolicy", "policy", "VPC Lattice auth policy"),
    resource(
        "aws:vpclattice/resourcePolicy:ResourcePolicy",
        "policy",
        "VPC Lattice resource policy",
    ),
    resource("aws:acmpca/policy:Policy", "policy", "Private CA policy"),
    resource("aws:dsql/clusterPolicy:ClusterPolicy", "policy", "Aurora DSQL cluster policy"),
    resource(
        "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy",
        "policy",
        "Bedrock AgentCore policy",
    ),
    resource(
        "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy",
        "resourcePolicy",
        "SageMaker model package group policy",
    ),
    resource(
        "aws:organizations/resourcePolicy:ResourcePolicy",
        "content",
        "Organizations resource policy",
    ),

    // Grants written as fields; iam-policy-sources.ts reads each as one statement.
    {
        type: "aws:lambda/permission:Permission",
        kind: "permission",
        path: "principal",
        label: "Lambda permission",
    },
    {
        type: "aws:lambda/layerVersionPermission:LayerVersionPermission",
        kind: "permission",
        path: "principal",
        label: "Lambda layer permission",
    },
    {
        type: "aws:cloudwatch/eventPermission:EventPermission",
        kind: "permission",
        path: "principal",
        label: "EventBridge permission",
    },
];

/** The types with documents of `kinds`, and how messages name them. */
function typesOf(...kinds: DocumentKind[]): Record<string, string> {
    return Object.fromEntries(
        iamDocumentSources.filter((s) => kinds.includes(s.kind)).map((s) => [s.type, s.label]),
    );
}

/** Types holding identity policies (what a principal may do), and how messages name them. */
export const identityDocumentTypes: Record<string, string> = typesOf("identity");

/** Types holding resource or trust policies, or permissions, and how messages name them. */
export const principalDocumentTypes: Record<string, string> = typesOf("resource", "permission");

const byType = resettable(new Map<string, DocumentSourceEntry[]>());

/** The document sources of a type token (none for a type that holds no IAM document). */
export function documentSourcesOf(type: string): readonly DocumentSourceEntry[] {
    if (byType.size === 0) {
        for (const source of iamDocumentSources) {
            byType.set(source.type, [...(byType.get(source.type) ?? []), source]);
        }
    }
    return byType.get(type) ?? [];
}
