// The package's entry point: the components, their argument types and the @pulumi/eks
// hardening helper. Also the entry Pulumi introspects to serve the components to every
// language (`pulumi package add`, see PulumiPlugin.yaml).
export * from "./components";
