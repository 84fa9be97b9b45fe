// Every model of a remote component preflight has, by type token. A remote component with no
// model here and no answer in preflight-mocks.json stops preflight (exit 2): it would register
// children no check could see, and an empty pass would be a lie.
import { awsxModels } from "./awsx";
import { eksModels } from "./eks";
import { eksAddonModels } from "./eks-addons";
import { eksSupportModels } from "./eks-support";
import { kubernetesModels } from "./kubernetes";
import type { ComponentModel } from "./model";

export const componentModels: Record<string, ComponentModel> = {
    ...eksModels,
    ...eksAddonModels,
    ...eksSupportModels,
    ...awsxModels,
    ...kubernetesModels,
};

export { kubernetesInvoke, releaseObjects, releaseType, unrenderedReleaseNote } from "./kubernetes";
export { noteKinds, UNKNOWN } from "./model";
export type {
    ComponentModel,
    ModelChild,
    ModelContext,
    ModelNote,
    ResolvedResource,
} from "./model";
