// hardened-eks components: secure Amazon EKS building blocks for Pulumi programs.
export * from "./cluster";
export * from "./cluster-config";
export * from "./admission";
export * from "./names";
export * from "./irsa";
export * from "./tenant";
export * from "./transforms";
export { ArgumentError } from "./validation";
