// The Pod Security Standards' `restricted` profile as the API server's Pod Security Admission
// checks a pod spec: the baseline controls plus restricted's own, for every container, init
// container and ephemeral container. https://kubernetes.io/docs/concepts/security/pod-security-standards/
// (policy version "latest", Kubernetes v1.30+), control by control, in the page's order.

/** Capabilities baseline lets a container add (Capabilities, baseline). */
const baselineCapabilities = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/** Volume types restricted allows (Volume Types, restricted). */
const restrictedVolumeTypes = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/** Sysctls baseline allows (Sysctls, baseline). */
const safeSysctls = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/** What in `spec` (a PodSpec as plain JSON) violates `restricted`; empty when it passes. */
export function restrictedViolations(spec: any): string[] {
    const problems: string[] = [];
    const pod = spec.securityContext ?? {};
    const containers: any[] = [
        ...(spec.initContainers ?? []),
        ...(spec.containers ?? []),
        ...(spec.ephemeralContainers ?? []),
    ];
    const each = (what: string, bad: (c: any, sc: any) => boolean) => {
        for (const c of containers) {
            if (bad(c, c.securityContext ?? {})) {
                problems.push(`container ${c.name}: ${what}`);
            }
        }
    };
    // Baseline.
    if (pod.windowsOptions?.hostProcess) {
        problems.push("hostProcess");
    }
    each("hostProcess", (_, sc) => sc.windowsOptions?.hostProcess === true);
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
        if (spec[field]) {
            problems.push(field);
        }
    }
    each("privileged", (_, sc) => sc.privileged === true);
    each("adds a capability beyond baseline's", (_, sc) =>
        (sc.capabilities?.add ?? []).some((c: string) => !baselineCapabilities.includes(c)),
    );
    for (const v of spec.volumes ?? []) {
        if (v.hostPath) {
            problems.push(`volume ${v.name}: hostPath`);
        }
    }
    each("hostPort", (c) => (c.ports ?? []).some((p: any) => p.hostPort)); // 0 or unset only
    const appArmorOk = (p: any) => !p || ["RuntimeDefault", "Localhost"].includes(p.type);
    if (!appArmorOk(pod.appArmorProfile)) {
        problems.push("AppArmor profile");
    }
    each("AppArmor profile", (_, sc) => !appArmorOk(sc.appArmorProfile));
    const seLinuxOk = (o: any) =>
        !o ||
        ((o.type === undefined ||
            [
                "",
                "container_t",
                "container_init_t",
                "container_kvm_t",
                "container_engine_t",
            ].includes(o.type)) &&
            !o.user &&
            !o.role);
    if (!seLinuxOk(pod.seLinuxOptions)) {
        problems.push("SELinux options");
    }
    each("SELinux options", (_, sc) => !seLinuxOk(sc.seLinuxOptions));
    each("procMount", (_, sc) => sc.procMount !== undefined && sc.procMount !== "Default");
    if (pod.seccompProfile?.type === "Unconfined") {
        problems.push("seccomp Unconfined");
    }
    for (const s of pod.sysctls ?? []) {
        if (!safeSysctls.includes(s.name)) {
            problems.push(`sysctl ${s.name}`);
        }
    }
    // Restricted.
    for (const v of spec.volumes ?? []) {
        const types = Object.keys(v).filter((k) => k !== "name");
        if (!types.every((t) => restrictedVolumeTypes.includes(t))) {
            problems.push(`volume ${v.name}: type ${types.join(",")}`);
        }
    }
    each("allowPrivilegeEscalation is not false", (_, sc) => sc.allowPrivilegeEscalation !== false);
    each(
        "runAsNonRoot is not true (here or on the pod)",
        (_, sc) =>
            sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && pod.runAsNonRoot !== true),
    );
    if (pod.runAsUser === 0) {
        problems.push("runAsUser 0");
    }
    each("runAsUser 0", (_, sc) => sc.runAsUser === 0);
    const seccompOk = (p: any) => ["RuntimeDefault", "Localhost"].includes(p?.type);
    each("seccompProfile is not RuntimeDefault or Localhost (here or on the pod)", (_, sc) =>
        sc.seccompProfile !== undefined
            ? !seccompOk(sc.seccompProfile)
            : !seccompOk(pod.seccompProfile),
    );
    each(
        "does not drop ALL capabilities",
        (_, sc) => !(sc.capabilities?.drop ?? []).includes("ALL"),
    );
    each("adds a capability other than NET_BIND_SERVICE", (_, sc) =>
        (sc.capabilities?.add ?? []).some((c: string) => c !== "NET_BIND_SERVICE"),
    );
    return problems;
}

/**
 * Whether every container runs as a numeric non-root UID the spec sets. `runAsNonRoot` alone
 * is checked by the kubelet against the image: an image that runs as root (as the AWS CLI's
 * does) or as a user name is refused at start ("container has runAsNonRoot and image will run
 * as root"), https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1.
 */
export function runsAsNumericNonRoot(spec: any): boolean {
    const podUser = spec.securityContext?.runAsUser;
    return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].every((c: any) => {
        const uid = c.securityContext?.runAsUser ?? podUser;
        return Number.isInteger(uid) && uid > 0;
    });
}
