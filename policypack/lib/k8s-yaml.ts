// YAML as Kubernetes tools read it: client-go a kubeconfig (clientcmd.Load) and
// aws-iam-authenticator aws-auth's mapRoles and mapUsers (pkg/mapper/configmap/configmap.go
// ParseMap, through k8s.io/apimachinery util/yaml ToJSON), both through sigs.k8s.io/yaml
// YAMLToJSON (v1.6.0, yaml.go:146) on go-yaml v2.
import * as yaml from "js-yaml";

/**
 * JSON's types, as the JSON the text becomes holds them, and merge keys, which go-yaml v2
 * resolves (decode.go isMerge and merge): `<<: *anchor` and `<<: {rolearn: ...}` put the
 * merged keys in the mapping, not a key named `<<`.
 */
const schema = yaml.JSON_SCHEMA.extend({
    // js-yaml 4 exports its types (index.js `types`), which @types/js-yaml leaves out.
    implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge],
});

/** `text` parsed as those tools parse it; throws on what js-yaml cannot parse. */
export function loadK8sYaml(text: string): unknown {
    return yaml.load(text, { schema });
}
